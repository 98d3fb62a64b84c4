import { BerthError } from '../../errors';

/** The body of every error response: Berth's code, a message for people, and Kubernetes' StatusReason. */
export interface ErrorBody {
  code: string;
  message: string;
  /** Kubernetes' metav1.StatusReason for the HTTP status: BadRequest, NotFound, Conflict, InternalError, … */
  reason: string;
  data?: Record<string, unknown>;
}

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
export class ControllerApiError extends BerthError {
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
  HostNotFound: 404,
  // Kubernetes answers 400 for exec or logs of a pod without a host ("does not have a host assigned").
  PodNotRunning: 400,
  MethodNotAllowed: 405,
  Conflict: 409,
  PayloadTooLarge: 413,
  // The pod's host did not answer: the controller is fine, what it asked for is not reachable now.
  AgentUnreachable: 503,
  AgentTimeout: 504,
};

// Kubernetes' metav1.StatusReason for each status the controller answers with.
const REASON_BY_STATUS: Record<number, string> = {
  400: 'BadRequest',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  413: 'RequestEntityTooLarge',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** Turns anything thrown into a status and a body; errors that are not BerthErrors become InternalError. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof BerthError) {
    const status = STATUS_BY_CODE[error.code] ?? 500;
    return { status, body: { code: error.code, message: error.message, reason: REASON_BY_STATUS[status] ?? 'Unknown', data: error.data } };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, body: { code: 'InternalError', message, reason: 'InternalError' } };
}
