import { BackOff } from '../common';
import type { ObjectKey } from '../manifest';

/**
 * client-go's rate-limited work queue (workqueue + ItemExponentialFailureRateLimiter), reduced to what a loop of
 * whole passes needs. A pass visits every key anyway, so "add" and dedupe come free (one entry per key); what the
 * queue adds is per-key back-off: a key that failed is not worked on again before its retry time, which doubles with
 * each failure up to a cap, and a success forgets it. One broken host is then retried at 1, 2, 4 … 300 s instead of
 * every pass, and its failure events stay few, while every other key proceeds at full speed.
 *
 * Pure: time is passed in, no timers, no randomness (client-go adds no jitter here either). Kept in memory only: a
 * restarted controller tries every key at once, as a restarted client-go controller does.
 */
export interface WorkQueueBackOff {
  /** Delay after the first failure. */
  baseDelayMs: number;
  /** The delay never grows past this. */
  maxDelayMs: number;
}

/** For hosts: 1 s after the first failure, doubling to 5 minutes. */
export const HOST_BACK_OFF: WorkQueueBackOff = { baseDelayMs: 1_000, maxDelayMs: 300_000 };

/** The queue key of an object: `Node/h1`, `Deployment/demo/web` (Decision.object has this shape). */
export function queueKey({ kind, namespace, name }: ObjectKey): string {
  return namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`;
}

/** "retrying in 8 s", for failure events: when the key is due again. */
export function retryingIn(retryAt: Date, now: Date): string {
  return `retrying in ${Math.max(0, Math.ceil((retryAt.getTime() - now.getTime()) / 1000))} s`;
}

export class WorkQueue {
  readonly #backOff: BackOff;

  constructor({ baseDelayMs = HOST_BACK_OFF.baseDelayMs, maxDelayMs = HOST_BACK_OFF.maxDelayMs }: Partial<WorkQueueBackOff> = {}) {
    this.#backOff = new BackOff({ initialMs: baseDelayMs, capMs: maxDelayMs });
  }

  /** Records a failure of `key` at `now`; when it is due again: base × 2^(failures before this one), capped. */
  failed(key: string, now: Date): Date {
    return new Date(this.#backOff.fail(key, now.getTime()));
  }

  /** A success: the key's failures are forgotten and its next failure starts again at the base delay. */
  forget(key: string): void {
    this.#backOff.forget(key);
  }

  /** Whether `key` may be worked on at `now`: it never failed, or its retry time has come. */
  due(key: string, now: Date): boolean {
    return this.#backOff.remaining(key, now.getTime()) === 0;
  }

  /** When a failed key is due again; undefined for a key without failures. */
  retryAt(key: string): Date | undefined {
    const at = this.#backOff.retryAt(key);
    return at === undefined ? undefined : new Date(at);
  }

  /** Failures of `key` since it was last forgotten (client-go's NumRequeues). */
  requeues(key: string): number {
    return this.#backOff.failures(key);
  }

  /** Forgets every key not in `keys` (hosts gone from the inventory): one added again starts afresh. */
  retain(keys: Iterable<string>): void {
    this.#backOff.retain(keys);
  }

  /**
   * The earliest retry time after `now`, so the loop can run a pass exactly then; undefined when no key waits. Keys
   * already due are left out: the next pass takes them, and counting them would ask for a pass at once, forever, for
   * a key no pass can work on (a host that does not answer).
   */
  nextDue(now: Date): Date | undefined {
    const at = this.#backOff.nextDue(now.getTime());
    return at === undefined ? undefined : new Date(at);
  }
}
