import { BerthError } from '../../errors';
import { ApiError, errorResponse, type ErrorResponse } from '../../unixhttp';

export type { ErrorBody } from '../../unixhttp';

/** What a ControllerView throws for a request it cannot serve; the code picks the HTTP status. */
export class ControllerRequestError extends BerthError {
  constructor(code: 'BadRequest' | 'NotFound' | 'Conflict', message: string, data: Record<string, unknown> = {}) {
    super(code, message, data);
  }
}

/** What the client throws when no controller listens on the repo's socket (none, or a socket left by a dead one). */
export class NoControllerError extends BerthError {
  constructor(repo: string, socketPath: string) {
    super('NoControllerRunning', `no controller is running for ${repo}; start one with \`berth controller --repo ${repo}\``, { repo, socketPath });
  }
}

/** What the client throws for an error response (or an unreadable one): branch on `code`. */
export class ControllerApiError extends ApiError {}

// The controller's own codes; the server's (BadRequest, NotFound, MethodNotAllowed, PayloadTooLarge) come with unixhttp.
const STATUS_BY_CODE: Record<string, number> = {
  PodNotFound: 404,
  ContainerNotFound: 404,
  HostNotFound: 404,
  // Kubernetes answers 400 for exec or logs of a pod without a host ("does not have a host assigned").
  PodNotRunning: 400,
  Conflict: 409,
  // The pod's host did not answer: the controller is fine, what it asked for is not reachable now.
  AgentUnreachable: 503,
  AgentTimeout: 504,
};

/** Turns anything thrown into a status and a body; errors that are not BerthErrors become InternalError. */
export function toErrorResponse(error: unknown): ErrorResponse {
  return errorResponse(error, STATUS_BY_CODE);
}
