// ImagePullBackOff as the kubelet's image manager keeps it (flowcontrol.Backoff, 10 s doubling to 300 s, keyed by pod
// and image): a failed pull is reported as ErrImagePull; until the back-off has passed no pull is tried and the
// container waits in ImagePullBackOff; then one more attempt. A success forgets the failures. Pure: time is passed in (ms).

export const REASON_ERR_IMAGE_PULL = 'ErrImagePull';
export const REASON_IMAGE_PULL_BACK_OFF = 'ImagePullBackOff';

export const INITIAL_PULL_BACKOFF_MS = 10_000;
export const MAX_PULL_BACKOFF_MS = 300_000;

/** The wait after the n-th failed pull in a row (n ≥ 1). */
export function pullBackoffWindow(failures: number): number {
  if (failures < 1) return 0;
  return Math.min(INITIAL_PULL_BACKOFF_MS * 2 ** (failures - 1), MAX_PULL_BACKOFF_MS);
}

/** The key of an image's back-off: the pod's uid and the image (the kubelet's key). */
export function pullBackoffKey(podUid: string, image: string): string {
  return `${podUid}_${image}`;
}

export type PullDecision = { action: 'pull' } | { action: 'backoff'; reason: typeof REASON_IMAGE_PULL_BACK_OFF; message: string; at: number };

export interface PullBackoffEntry {
  failures: number;
  lastFailureAt: number;
}
type Entry = PullBackoffEntry;

export class ImagePullBackOff {
  private readonly entries = new Map<string, Entry>();

  /** Whether to try pulling `image` now, or wait. */
  decide(key: string, image: string, now: number): PullDecision {
    const entry = this.entries.get(key);
    if (!entry) return { action: 'pull' };
    const at = entry.lastFailureAt + pullBackoffWindow(entry.failures);
    if (now >= at) return { action: 'pull' };
    return { action: 'backoff', reason: REASON_IMAGE_PULL_BACK_OFF, message: `Back-off pulling image "${image}"`, at };
  }

  recordFailure(key: string, now: number): void {
    const entry = this.entries.get(key);
    this.entries.set(key, { failures: (entry?.failures ?? 0) + 1, lastFailureAt: now });
  }

  recordSuccess(key: string): void {
    this.entries.delete(key);
  }

  /** Every entry, by key, to keep across agent restarts. */
  snapshot(): Record<string, PullBackoffEntry> {
    return Object.fromEntries([...this.entries].map(([key, e]) => [key, { ...e }]));
  }

  /** Puts saved entries back; malformed ones are skipped. */
  restore(saved: Record<string, unknown>): void {
    for (const [key, e] of Object.entries(saved)) {
      const { failures, lastFailureAt } = (e ?? {}) as Partial<PullBackoffEntry>;
      if (Number.isInteger(failures) && failures! >= 1 && Number.isFinite(lastFailureAt)) this.entries.set(key, { failures: failures!, lastFailureAt: lastFailureAt! });
    }
  }

  /** Drops entries idle for longer than twice the maximum (the kubelet's backOff.GC). */
  gc(now: number): void {
    for (const [key, entry] of this.entries) if (now - entry.lastFailureAt > 2 * MAX_PULL_BACKOFF_MS) this.entries.delete(key);
  }
}
