import { BerthError } from '../errors';

/** Something the lab could not do; the message says what, and what to do about it. */
export class LabError extends BerthError {
  constructor(message: string, data: Record<string, unknown> = {}) {
    super('LabError', message, data);
  }
}
