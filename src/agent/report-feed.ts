// Waiting for the host's pod report to change, for GET /v1/pods?watch=true. The agent calls changed() where its state
// moves (a pass ended, a probe result flipped, a desired set was accepted); while someone waits, the report is
// computed again then — once for all waiters, never two at once — and every waiter whose version it no longer is gets
// it. Nobody waiting: changed() costs nothing, so the agent's cadence is the only poll there is.
import { SerialRunner } from '../common';
import type { PodList } from './api';

export interface WaitOptions {
  /** Resolves with undefined after this long (the caller answers 304 Not Modified). */
  timeoutMs: number;
  /** The client went away: the waiter is dropped at once. */
  signal: AbortSignal;
}

interface Waiter {
  isKnown(resourceVersion: string): boolean;
  resolve(list: PodList | undefined): void;
}

export class PodReportFeed {
  readonly #compute: () => Promise<PodList>;
  readonly #waiters = new Set<Waiter>();
  // A report that could not be made (it reports Docker's outage itself) is not retried: the next change tries again.
  readonly #reports = new SerialRunner(() => this.#recompute(), () => {});

  constructor(compute: () => Promise<PodList>) {
    this.#compute = compute;
  }

  /** How many requests wait now (tests: a client that left must not stay here). */
  get waiting(): number {
    return this.#waiters.size;
  }

  /** The agent's state moved: what it reports may have changed. */
  changed(): void {
    if (this.#waiters.size === 0) return;
    void this.#reports.run();
  }

  /**
   * The report once its resourceVersion is not one the caller knows; checked at once (the state may have moved
   * since the caller's copy), then at every change. Undefined when the time is up or the signal aborts.
   */
  wait(isKnown: (resourceVersion: string) => boolean, { timeoutMs, signal }: WaitOptions): Promise<PodList | undefined> {
    if (signal.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        isKnown,
        resolve: (list) => {
          this.#waiters.delete(waiter);
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          resolve(list);
        },
      };
      const onAbort = () => waiter.resolve(undefined);
      const timer = setTimeout(onAbort, timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(waiter);
      this.changed();
    });
  }

  /** Answers every waiter with undefined (the agent is stopping). */
  close(): void {
    for (const waiter of [...this.#waiters]) waiter.resolve(undefined);
  }

  async #recompute(): Promise<void> {
    if (this.#waiters.size === 0) return;
    const list = await this.#compute();
    for (const waiter of [...this.#waiters]) if (!waiter.isKnown(list.resourceVersion)) waiter.resolve(list);
  }
}
