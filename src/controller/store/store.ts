/** What a pass reads of the controller's bookkeeping. */
export interface StoreReader {
  get<T>(key: string): T | undefined;
  /** Every key under `prefix` (e.g. `rollout/`), sorted. */
  list<T>(prefix: string): Array<[key: string, value: T]>;
}

/** What the bookkeeping helpers of a pass (rollouts, drains, autoscalers, allocations) read and write. */
export interface StoreRecords extends StoreReader {
  put(key: string, value: unknown): void;
  delete(key: string): void;
}

/**
 * The controller's own bookkeeping (allocations, rollout revisions, CronJob last runs, sync status, events): what git
 * does not hold and agents do not report. Narrow on purpose, so that an etcd implementation can follow: reads come
 * from memory, writes are staged and made durable together by `commit()`, all or nothing.
 */
export interface Store extends StoreRecords {
  /** Makes every staged write durable at once; a crash before it returns leaves the previous state whole. */
  commit(): Promise<void>;
  close(): Promise<void>;
}

/** One write a pass decided: a value put, or the key deleted. */
export type StoreUpdate = { key: string; value: unknown } | { key: string; deleted: true };
