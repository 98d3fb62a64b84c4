import { BerthError } from '../errors';

/** Asked for an object the controller does not know: the socket answers 404. */
export class ControllerNotFoundError extends BerthError {
  constructor(what: string, hint: string) {
    super('NotFound', `${what} not found; ${hint}`, { what });
  }
}
