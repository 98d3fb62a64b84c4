// CrashLoopBackOff as the kubelet keeps it (flowcontrol.Backoff, initial 10 s, max 300 s, no jitter; used in
// kuberuntime's doBackOff). Its sequence, which this reproduces exactly: the first exit restarts at once; each later
// exit waits 10 s, 20 s, 40 s, … up to 300 s, counted from when the container finished; an exit after the container
// ran longer than twice the maximum (10 minutes) starts the sequence again. Pure: time is passed in (ms).

import { BackOff, backOffDelay, type BackOffPolicy } from '../../common';

export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;
/** The kubelet treats a container as stable once it ran twice the maximum back-off. */
export const BACKOFF_RESET_MS = 2 * MAX_BACKOFF_MS;
const CRASH_LOOP: BackOffPolicy = { initialMs: INITIAL_BACKOFF_MS, capMs: MAX_BACKOFF_MS };

export interface CrashLoopEntry {
  /** Exits counted since the sequence (re)started; the first one is 1. */
  exits: number;
  /** When the last counted exit happened (the container's finishedAt). */
  lastExitAt: number;
}

/** The key of a container's back-off: the pod's uid and the container's name. */
export function backoffKey(podUid: string, container: string): string {
  return `${podUid}/${container}`;
}

/** The wait before the restart that follows the n-th exit of a sequence (n ≥ 1): the first exit is no failure yet. */
export function backoffWindow(exits: number): number {
  return backOffDelay(CRASH_LOOP, exits - 1);
}

export class CrashLoopBackOff {
  // Failures are the exits after the first one of a sequence.
  readonly #backOff = new BackOff(CRASH_LOOP);

  /**
   * Counts an exit at `finishedAt` of a container that ran for `ranFor` ms. Idempotent: the same exit (same
   * finishedAt) recorded again counts once, so a level-triggered loop may call it on every pass.
   */
  recordExit(key: string, finishedAt: number, ranFor: number): void {
    const entry = this.#backOff.get(key);
    if (entry && entry.lastAt === finishedAt) return;
    if (!entry || ranFor > BACKOFF_RESET_MS) this.#backOff.restart(key, finishedAt);
    else this.#backOff.fail(key, finishedAt);
  }

  /** How long (ms) the container must still wait before its restart; 0 when it may restart now. */
  delay(key: string, now: number): number {
    return this.#backOff.remaining(key, now);
  }

  /** The current back-off window (ms), as the kubelet prints it in "back-off 40s restarting failed container". */
  window(key: string): number {
    return this.#backOff.window(key);
  }

  forget(key: string): void {
    this.#backOff.forget(key);
  }

  /** Every entry, by key: what the agent keeps on disk so that a restart does not reset a back-off. */
  snapshot(): Record<string, CrashLoopEntry> {
    const entries = Object.entries(this.#backOff.snapshot());
    return Object.fromEntries(entries.map(([key, e]) => [key, { exits: e.failures + 1, lastExitAt: e.lastAt }]));
  }

  /** Puts saved entries back; malformed ones are skipped. */
  restore(saved: Record<string, unknown>): void {
    const entries = Object.entries(saved).map(([key, e]) => {
      const { exits, lastExitAt } = (e ?? {}) as Partial<CrashLoopEntry>;
      return [key, { failures: Number.isInteger(exits) && exits! >= 1 ? exits! - 1 : NaN, lastAt: lastExitAt! }] as const;
    });
    this.#backOff.restore(Object.fromEntries(entries));
  }

  /** Drops entries idle for longer than the reset time (the kubelet's periodic backOff.GC). */
  gc(now: number): void {
    this.#backOff.gc(now, BACKOFF_RESET_MS);
  }
}
