// The client's side: a JSON request body, and reading an answer as JSON or as the API's error.
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { BerthError } from '../errors';
import { readAll } from './bodies';
import type { ApiError, ErrorBody } from './errors';

/** The server a client talks to, as the client's errors name it. */
export interface ApiPeer {
  /** In messages: "agent", "controller". */
  name: string;
  /** The code of an answer that is not the API's (a body that is not JSON, a proxy's error page). */
  badResponseCode: string;
  apiError(status: number, body: ErrorBody): ApiError;
}

/** A request body as JSON with its headers; no body (and no headers) when there is nothing to send. */
export function jsonRequestBody(body: unknown): { payload?: Buffer; headers: OutgoingHttpHeaders } {
  if (body === undefined) return { headers: {} };
  const payload = Buffer.from(JSON.stringify(body));
  return { payload, headers: { 'Content-Type': 'application/json', 'Content-Length': payload.length } };
}

/** The body of a 200 answer as JSON; any other status throws the API's error. `request` names it: "GET /v1/pods". */
export async function readJsonResponse<T>(res: IncomingMessage, peer: ApiPeer, request: string): Promise<T> {
  if (res.statusCode !== 200) throw await readErrorResponse(res, peer);
  const text = await readAll(res);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new BerthError(peer.badResponseCode, `${peer.name} answered ${request} with a body that is not JSON`, { body: text.slice(0, 200) });
  }
}

export async function readErrorResponse(res: IncomingMessage, peer: ApiPeer): Promise<ApiError> {
  const status = res.statusCode ?? 0;
  const text = await readAll(res);
  try {
    const body = JSON.parse(text) as ErrorBody;
    if (typeof body.code === 'string' && typeof body.message === 'string') return peer.apiError(status, body);
  } catch {
    // not the API's error body: a proxy or something else answered
  }
  return peer.apiError(status, { code: peer.badResponseCode, message: `HTTP ${status}: ${text.slice(0, 200)}`, reason: 'Unknown' });
}
