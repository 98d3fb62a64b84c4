// The two kinds of work the pod loop schedules: passes, run one at a time (a trigger during a pass asks for one more
// pass after it, so triggers coalesce like a keyed queue with a single key), and slow per-object tasks (graceful stops)
// run beside the passes, at most one per key, so a 30 s grace period never holds up the other pods.

/** Runs `pass` one at a time; triggers while it runs coalesce into one more pass. */
export class SerialPass {
  #running: Promise<void> | undefined;
  #again = false;
  #closed = false;
  readonly #pass: () => Promise<void>;
  readonly #onError: (err: unknown) => void;

  constructor(pass: () => Promise<void>, onError: (err: unknown) => void) {
    this.#pass = pass;
    this.#onError = onError;
  }

  /** Asks for a pass; resolves when a pass that began after this call has finished. */
  trigger(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#running) {
      this.#again = true; // the running loop goes round once more, inside the same promise
      return this.#running;
    }
    this.#running = this.#loop();
    return this.#running;
  }

  async #loop(): Promise<void> {
    try {
      do {
        this.#again = false;
        try {
          await this.#pass();
        } catch (err) {
          this.#onError(err);
        }
      } while (this.#again && !this.#closed);
    } finally {
      this.#running = undefined;
    }
  }

  /** Stops after the pass in progress; resolves when it has finished. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#running;
  }
}

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
