// CrashLoopBackOff as the kubelet keeps it (flowcontrol.Backoff, initial 10 s, max 300 s, no jitter; used in
// kuberuntime's doBackOff). Its sequence, which this reproduces exactly: the first exit restarts at once; each later
// exit waits 10 s, 20 s, 40 s, … up to 300 s, counted from when the container finished; an exit after the container
// ran longer than twice the maximum (10 minutes) starts the sequence again. Pure: time is passed in (ms).

export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;
/** The kubelet treats a container as stable once it ran twice the maximum back-off. */
export const BACKOFF_RESET_MS = 2 * MAX_BACKOFF_MS;

export interface CrashLoopEntry {
  /** Exits counted since the sequence (re)started; the first one is 1. */
  exits: number;
  /** When the last counted exit happened (the container's finishedAt). */
  lastExitAt: number;
}
type Entry = CrashLoopEntry;

/** The key of a container's back-off: the pod's uid and the container's name. */
export function backoffKey(podUid: string, container: string): string {
  return `${podUid}/${container}`;
}

/** The wait before the restart that follows the n-th exit of a sequence (n ≥ 1). */
export function backoffWindow(exits: number): number {
  if (exits <= 1) return 0;
  return Math.min(INITIAL_BACKOFF_MS * 2 ** (exits - 2), MAX_BACKOFF_MS);
}

export class CrashLoopBackOff {
  private readonly entries = new Map<string, Entry>();

  /**
   * Counts an exit at `finishedAt` of a container that ran for `ranFor` ms. Idempotent: the same exit (same
   * finishedAt) recorded again counts once, so a level-triggered loop may call it on every pass.
   */
  recordExit(key: string, finishedAt: number, ranFor: number): void {
    const entry = this.entries.get(key);
    if (entry && entry.lastExitAt === finishedAt) return;
    const reset = !entry || ranFor > BACKOFF_RESET_MS;
    this.entries.set(key, { exits: reset ? 1 : entry.exits + 1, lastExitAt: finishedAt });
  }

  /** How long (ms) the container must still wait before its restart; 0 when it may restart now. */
  delay(key: string, now: number): number {
    const entry = this.entries.get(key);
    if (!entry) return 0;
    return Math.max(0, entry.lastExitAt + backoffWindow(entry.exits) - now);
  }

  /** The current back-off window (ms), as the kubelet prints it in "back-off 40s restarting failed container". */
  window(key: string): number {
    const entry = this.entries.get(key);
    return entry ? backoffWindow(entry.exits) : 0;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  /** Every entry, by key: what the agent keeps on disk so that a restart does not reset a back-off. */
  snapshot(): Record<string, CrashLoopEntry> {
    return Object.fromEntries([...this.entries].map(([key, e]) => [key, { ...e }]));
  }

  /** Puts saved entries back; malformed ones are skipped. */
  restore(saved: Record<string, unknown>): void {
    for (const [key, e] of Object.entries(saved)) {
      const { exits, lastExitAt } = (e ?? {}) as Partial<CrashLoopEntry>;
      if (Number.isInteger(exits) && exits! >= 1 && Number.isFinite(lastExitAt)) this.entries.set(key, { exits: exits!, lastExitAt: lastExitAt! });
    }
  }

  /** Drops entries idle for longer than the reset time (the kubelet's periodic backOff.GC). */
  gc(now: number): void {
    for (const [key, entry] of this.entries) if (now - entry.lastExitAt > BACKOFF_RESET_MS) this.entries.delete(key);
  }
}
