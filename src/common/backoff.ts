// Exponential back-off as client-go's flowcontrol.Backoff and workqueue's ItemExponentialFailureRateLimiter keep it:
// per key, the wait after the n-th failure in a row is initial × factor^(n−1), capped; a success forgets the key.
// No jitter (neither the kubelet's nor the work queue's adds any). Pure: time is passed in (ms), no timers.

export interface BackOffPolicy {
  /** The wait after the first failure. */
  initialMs: number;
  /** The wait never grows past this. */
  capMs: number;
  /** How much each failure multiplies the wait. Default 2. */
  factor?: number;
}

/** The wait after the n-th failure in a row (n ≥ 1); 0 before any failure. */
export function backOffDelay({ initialMs, capMs, factor = 2 }: BackOffPolicy, failures: number): number {
  if (failures < 1) return 0;
  // factor ** n overflows to Infinity for large n, which the cap absorbs.
  return Math.min(capMs, initialMs * factor ** (failures - 1));
}

export interface BackOffEntry {
  /** Failures in a row since the key was (re)started. */
  failures: number;
  /** When the last one happened (epoch ms); waits count from it. */
  lastAt: number;
}

/** Per-key back-off: what each key waits for, and since when. */
export class BackOff {
  readonly #entries = new Map<string, BackOffEntry>();

  constructor(readonly policy: BackOffPolicy) {
    const { initialMs, capMs, factor = 2 } = policy;
    if (!(initialMs > 0) || !(capMs >= initialMs) || !(factor >= 1)) {
      throw new RangeError(`back-off needs 0 < initialMs <= capMs and factor >= 1 (got ${initialMs}, ${capMs}, ${factor})`);
    }
  }

  /** Counts a failure of `key` at `now`; returns when it may be tried again (epoch ms). */
  fail(key: string, now: number): number {
    const failures = (this.#entries.get(key)?.failures ?? 0) + 1;
    this.#entries.set(key, { failures, lastAt: now });
    return now + backOffDelay(this.policy, failures);
  }

  /** Starts `key`'s sequence afresh at `now`, with no failure counted yet (its next wait is 0). */
  restart(key: string, now: number): void {
    this.#entries.set(key, { failures: 0, lastAt: now });
  }

  get(key: string): Readonly<BackOffEntry> | undefined {
    return this.#entries.get(key);
  }

  /** Failures of `key` in a row (client-go's NumRequeues). */
  failures(key: string): number {
    return this.#entries.get(key)?.failures ?? 0;
  }

  /** The current wait of `key` (ms), whenever it started. */
  window(key: string): number {
    return backOffDelay(this.policy, this.failures(key));
  }

  /** When `key` may be tried again (epoch ms); undefined for a key without an entry. */
  retryAt(key: string): number | undefined {
    const entry = this.#entries.get(key);
    return entry && entry.lastAt + backOffDelay(this.policy, entry.failures);
  }

  /** How long (ms) `key` must still wait at `now`; 0 when it may be tried. */
  remaining(key: string, now: number): number {
    const at = this.retryAt(key);
    return at === undefined ? 0 : Math.max(0, at - now);
  }

  /** A success: the key's failures are forgotten and its next failure starts again at the initial wait. */
  forget(key: string): void {
    this.#entries.delete(key);
  }

  /** Forgets every key not in `keys` (objects gone): one added again starts afresh. */
  retain(keys: Iterable<string>): void {
    const wanted = new Set(keys);
    for (const key of this.#entries.keys()) if (!wanted.has(key)) this.#entries.delete(key);
  }

  /** Drops keys whose last failure is more than `idleMs` before `now` (the kubelet's periodic backOff.GC). */
  gc(now: number, idleMs: number): void {
    for (const [key, entry] of this.#entries) if (now - entry.lastAt > idleMs) this.#entries.delete(key);
  }

  /** The earliest retry time after `now`; undefined when no key waits. Keys already due are left out. */
  nextDue(now: number): number | undefined {
    let next = Infinity;
    for (const key of this.#entries.keys()) {
      const at = this.retryAt(key)!;
      if (at > now && at < next) next = at;
    }
    return next === Infinity ? undefined : next;
  }

  /** Every entry, by key: what a process keeps on disk so that a restart does not reset a back-off. */
  snapshot(): Record<string, BackOffEntry> {
    return Object.fromEntries([...this.#entries].map(([key, e]) => [key, { ...e }]));
  }

  /** Puts saved entries back; malformed ones are skipped. */
  restore(saved: Record<string, BackOffEntry>): void {
    for (const [key, { failures, lastAt }] of Object.entries(saved)) {
      if (Number.isInteger(failures) && failures >= 0 && Number.isFinite(lastAt)) this.#entries.set(key, { failures, lastAt });
    }
  }
}
