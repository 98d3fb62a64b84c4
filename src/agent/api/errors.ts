import { BerthError } from '../../errors';
import { ApiError, errorResponse, type ErrorResponse } from '../../unixhttp';

export type { ErrorBody } from '../../unixhttp';

export class PodNotFoundError extends BerthError {
  constructor(namespace: string, name: string) {
    super('PodNotFound', `pod ${namespace}/${name} is not on this host`, { namespace, name });
  }
}

export class ContainerNotFoundError extends BerthError {
  constructor(namespace: string, name: string, container: string) {
    super('ContainerNotFound', `container ${container} is not valid for pod ${namespace}/${name}`, {
      namespace,
      name,
      container,
    });
  }
}

/** A request the server cannot take: bad JSON, a body or parameter of the wrong shape (the message names the field). */
export class BadRequestError extends BerthError {
  constructor(message: string, data: Record<string, unknown> = {}) {
    super('BadRequest', message, data);
  }
}

/** What the client throws for an error response (or an unreadable one): branch on `code`. */
export class AgentApiError extends ApiError {}

// The agent's own codes; the server's (BadRequest, NotFound, MethodNotAllowed, PayloadTooLarge) come with unixhttp.
const STATUS_BY_CODE: Record<string, number> = {
  PodNotFound: 404,
  ContainerNotFound: 404,
  GenerationConflict: 409,
  // WebDAV's Insufficient Storage: the host cannot store the set now; the controller retries with back-off.
  StateFolderFull: 507,
  UnsupportedMediaType: 415,
  // Docker refused the tar (it says why in its stream: not an image archive, truncated); the upload is at fault.
  ImageLoadFailed: 400,
};

/** Turns anything thrown into a status and a body; errors that are not BerthErrors become InternalError. */
export function toErrorResponse(error: unknown): ErrorResponse {
  return errorResponse(error, STATUS_BY_CODE);
}
