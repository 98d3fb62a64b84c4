/**
 * Berth's error base. Every error has a stable `code` (callers branch on it, never on the message), a `data`
 * payload, and `toJSON()` so it crosses process boundaries (agent ↔ controller ↔ CLI) intact.
 */
export class BerthError extends Error {
  readonly code: string;
  readonly data: Record<string, unknown>;

  constructor(code: string, message: string, data: Record<string, unknown> = {}) {
    super(message);
    this.name = code;
    this.code = code;
    this.data = data;
  }

  toJSON(): { code: string; message: string; data: Record<string, unknown> } {
    return { code: this.code, message: this.message, data: this.data };
  }
}

/** Bad input from a person (a flag, a file, an argument): the CLI prints the message and exits 2. */
export class UsageError extends BerthError {
  constructor(message: string, data: Record<string, unknown> = {}) {
    super('UsageError', message, data);
  }
}

/** An error that retrying cannot fix (a reconciler stops requeueing it): invalid input, a missing commit. */
export class TerminalError extends BerthError {}
