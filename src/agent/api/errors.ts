import { BerthError } from '../../errors';

/** The body of every error response: Berth's code, a message for people, and Kubernetes' StatusReason. */
export interface ErrorBody {
  code: string;
  message: string;
  /** Kubernetes' StatusReason for the HTTP status: BadRequest, NotFound, Conflict, InternalError, … */
  reason: string;
  data?: Record<string, unknown>;
}

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
export class AgentApiError extends BerthError {
  readonly status: number;
  readonly reason: string;

  constructor(status: number, body: ErrorBody) {
    super(body.code, body.message, { ...body.data, status, reason: body.reason });
    this.status = status;
    this.reason = body.reason;
  }
}

const STATUS_BY_CODE: Record<string, number> = {
  BadRequest: 400,
  NotFound: 404,
  PodNotFound: 404,
  ContainerNotFound: 404,
  MethodNotAllowed: 405,
  GenerationConflict: 409,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  // Docker refused the tar (it says why in its stream: not an image archive, truncated); the upload is at fault.
  ImageLoadFailed: 400,
};

// Kubernetes' metav1.StatusReason for each status the agent answers with.
const REASON_BY_STATUS: Record<number, string> = {
  400: 'BadRequest',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  500: 'InternalError',
};

export function statusForCode(code: string): number {
  return STATUS_BY_CODE[code] ?? 500;
}

export function reasonForStatus(status: number): string {
  return REASON_BY_STATUS[status] ?? 'Unknown';
}

/** Turns anything thrown into a status and a body; errors that are not BerthErrors become InternalError. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof BerthError) {
    const status = statusForCode(error.code);
    return { status, body: { code: error.code, message: error.message, reason: reasonForStatus(status), data: error.data } };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, body: { code: 'InternalError', message, reason: 'InternalError' } };
}
