// A pass now, or right after the one running, never two at once: a run asked for during a pass makes one more pass
// after it, so requests coalesce like a keyed work queue with a single key. The controller's and the agent's loops
// both run their passes this way.

export class SerialRunner {
  #running: Promise<void> | undefined;
  #again = false;
  #closed = false;

  /** `pass` is what runs; a failure goes to `onFailure` (awaited), and later runs go on. */
  constructor(
    private readonly pass: () => Promise<void>,
    private readonly onFailure: (err: unknown) => void | Promise<void>,
  ) {}

  /** Asks for a pass; resolves when a pass that began after this call has finished. Never rejects. */
  run(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#running) {
      this.#again = true; // the running loop goes round once more, inside the same promise
      return this.#running;
    }
    this.#running = this.#loop();
    return this.#running;
  }

  /** Resolves when no pass runs (at once when none does). */
  async idle(): Promise<void> {
    await this.#running;
  }

  /** Runs no more passes after the one in progress; resolves when it has finished. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#running;
  }

  async #loop(): Promise<void> {
    try {
      do {
        this.#again = false;
        try {
          await this.pass();
        } catch (err) {
          await this.onFailure(err);
        }
      } while (this.#again && !this.#closed);
    } finally {
      this.#running = undefined;
    }
  }
}
