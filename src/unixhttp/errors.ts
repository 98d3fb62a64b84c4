import { BerthError } from '../errors';

/** The body of every error response: Berth's code, a message for people, and Kubernetes' StatusReason. */
export interface ErrorBody {
  code: string;
  message: string;
  /** Kubernetes' metav1.StatusReason for the HTTP status: BadRequest, NotFound, Conflict, InternalError, … */
  reason: string;
  data?: Record<string, unknown>;
}

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
}

/** What a client throws for an error response (or an unreadable one): branch on `code`. */
export class ApiError extends BerthError {
  readonly status: number;
  readonly reason: string;

  constructor(status: number, body: ErrorBody) {
    super(body.code, body.message, { ...body.data, status, reason: body.reason });
    this.status = status;
    this.reason = body.reason;
  }
}

// The codes the server throws itself, before any route runs; each API adds its own codes to these.
const SERVER_STATUS_BY_CODE: Record<string, number> = {
  BadRequest: 400,
  NotFound: 404,
  MethodNotAllowed: 405,
  PayloadTooLarge: 413,
};

// Kubernetes' metav1.StatusReason for each status Berth's APIs answer with.
const REASON_BY_STATUS: Record<number, string> = {
  400: 'BadRequest',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** The HTTP status of an error code: the API's own table first, then the server's; anything else is a 500. */
export function statusForCode(code: string, statusByCode: Record<string, number>): number {
  return statusByCode[code] ?? SERVER_STATUS_BY_CODE[code] ?? 500;
}

export function reasonForStatus(status: number): string {
  return REASON_BY_STATUS[status] ?? 'Unknown';
}

/** Turns anything thrown into a status and a body; errors that are not BerthErrors become InternalError. */
export function errorResponse(error: unknown, statusByCode: Record<string, number>): ErrorResponse {
  if (error instanceof BerthError) {
    const status = statusForCode(error.code, statusByCode);
    return { status, body: { code: error.code, message: error.message, reason: reasonForStatus(status), data: error.data } };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, body: { code: 'InternalError', message, reason: 'InternalError' } };
}
