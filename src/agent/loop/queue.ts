// Slow per-object tasks of the pod loop (graceful stops) run beside its passes (common's SerialRunner), at most one
// per key, so a 30 s grace period never holds up the other pods.

/** Background tasks keyed by what they act on: a key already in progress is not started again. */
export class KeyedTasks {
  readonly #tasks = new Map<string, Promise<void>>();
  readonly #onDone: (key: string, err?: unknown) => void;

  constructor(onDone: (key: string, err?: unknown) => void) {
    this.#onDone = onDone;
  }

  has(key: string): boolean {
    return this.#tasks.has(key);
  }

  run(key: string, task: () => Promise<void>): void {
    if (this.#tasks.has(key)) return;
    const done = task().then(
      () => this.#onDone(key),
      (err: unknown) => this.#onDone(key, err),
    );
    this.#tasks.set(
      key,
      done.finally(() => this.#tasks.delete(key)),
    );
  }

  /** Waits for every task in progress (they are not cancelled: a graceful stop is allowed to finish). */
  async settle(): Promise<void> {
    await Promise.all([...this.#tasks.values()]);
  }
}
