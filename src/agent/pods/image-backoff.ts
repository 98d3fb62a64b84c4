// ImagePullBackOff as the kubelet's image manager keeps it (flowcontrol.Backoff, 10 s doubling to 300 s, keyed by pod
// and image): a failed pull is reported as ErrImagePull; until the back-off has passed no pull is tried and the
// container waits in ImagePullBackOff; then one more attempt. A success forgets the failures. Pure: time is passed in (ms).

import { BackOff, backOffDelay, type BackOffPolicy } from '../../common';

export const REASON_ERR_IMAGE_PULL = 'ErrImagePull';
export const REASON_IMAGE_PULL_BACK_OFF = 'ImagePullBackOff';

export const INITIAL_PULL_BACKOFF_MS = 10_000;
export const MAX_PULL_BACKOFF_MS = 300_000;
const IMAGE_PULL: BackOffPolicy = { initialMs: INITIAL_PULL_BACKOFF_MS, capMs: MAX_PULL_BACKOFF_MS };

/** The wait after the n-th failed pull in a row (n ≥ 1). */
export function pullBackoffWindow(failures: number): number {
  return backOffDelay(IMAGE_PULL, failures);
}

/** The key of an image's back-off: the pod's uid and the image (the kubelet's key). */
export function pullBackoffKey(podUid: string, image: string): string {
  return `${podUid}_${image}`;
}

export type PullDecision = { action: 'pull' } | { action: 'backoff'; reason: typeof REASON_IMAGE_PULL_BACK_OFF; message: string; at: number };

export interface PullBackoffEntry {
  failures: number;
  lastFailureAt: number;
  /** The last pull's error ("ErrImagePull: failed to pull image …"), which the back-off's waiting message carries. */
  lastError?: string;
}

export class ImagePullBackOff {
  readonly #backOff = new BackOff(IMAGE_PULL);
  readonly #errors = new Map<string, string>();

  /**
   * Whether to try pulling `image` now, or wait; the wait's message carries the last pull's error, as the kubelet's
   * does since 1.30: `Back-off pulling image "x": ErrImagePull: manifest unknown`.
   */
  decide(key: string, image: string, now: number): PullDecision {
    const at = this.#backOff.retryAt(key);
    if (at === undefined || now >= at) return { action: 'pull' };
    const error = this.#errors.get(key);
    return { action: 'backoff', reason: REASON_IMAGE_PULL_BACK_OFF, message: `Back-off pulling image "${image}"${error ? `: ${error}` : ''}`, at };
  }

  /** `error`: what the pull said, e.g. "ErrImagePull: failed to pull image …". */
  recordFailure(key: string, now: number, error?: string): void {
    this.#backOff.fail(key, now);
    if (error) this.#errors.set(key, error);
  }

  recordSuccess(key: string): void {
    this.#backOff.forget(key);
    this.#errors.delete(key);
  }

  /** Every entry, by key, to keep across agent restarts. */
  snapshot(): Record<string, PullBackoffEntry> {
    const entries = Object.entries(this.#backOff.snapshot());
    return Object.fromEntries(
      entries.map(([key, e]) => {
        const lastError = this.#errors.get(key);
        return [key, { failures: e.failures, lastFailureAt: e.lastAt, ...(lastError ? { lastError } : {}) }];
      }),
    );
  }

  /** Puts saved entries back; malformed ones are skipped. */
  restore(saved: Record<string, unknown>): void {
    const entries = Object.entries(saved).map(([key, e]) => {
      const { failures, lastFailureAt, lastError } = (e ?? {}) as Partial<PullBackoffEntry>;
      if (typeof lastError === 'string') this.#errors.set(key, lastError);
      return [key, { failures: Number.isInteger(failures) && failures! >= 1 ? failures! : NaN, lastAt: lastFailureAt! }] as const;
    });
    this.#backOff.restore(Object.fromEntries(entries));
  }

  /** Drops entries idle for longer than twice the maximum (the kubelet's backOff.GC). */
  gc(now: number): void {
    this.#backOff.gc(now, 2 * MAX_PULL_BACKOFF_MS);
    for (const key of this.#errors.keys()) if (!this.#backOff.get(key)) this.#errors.delete(key);
  }
}
