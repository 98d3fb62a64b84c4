// Routes as data: method, path pattern, handler; and finding the route of a request.
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { BerthError } from '../errors';

/**
 * What a handler answers: JSON, a byte stream (a log) sent as it comes, or a status without a body (304 Not
 * Modified); each with optional response headers (an ETag).
 */
export type Reply = ({ json: unknown } | { stream: Readable; contentType: string } | { status: number }) & { headers?: Record<string, string> };

/** What every handler gets from the request, beside what its API serves (the agent's backend, the controller's view). */
export interface RequestContext {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body (BadRequest when it is not JSON). */
  body(): Promise<unknown>;
  /** The request body as it streams in, for routes that take something other than JSON; and its Content-Type. */
  stream: Readable;
  contentType: string | undefined;
  /** The request's headers, names in lower case (If-None-Match). */
  headers: IncomingHttpHeaders;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

export interface Route<T> {
  method: string;
  /** Path segments; `:name` captures one segment. */
  path: string[];
  handle(context: T & RequestContext): Promise<Reply> | Reply;
}

export function route<T>(method: string, path: string, handle: Route<T>['handle']): Route<T> {
  return { method, path: path.split('/').filter(Boolean), handle };
}

export type Match<T> = { route: Route<T>; params: Record<string, string> } | { methodNotAllowed: string[] } | undefined;

/** Finds the route of a request; a known path with another method says which methods it has (405, not 404). */
export function matchRoute<T>(routes: Route<T>[], method: string, segments: string[]): Match<T> {
  const allowed: string[] = [];
  for (const candidate of routes) {
    const params = matchPath(candidate.path, segments);
    if (!params) continue;
    if (candidate.method === method) return { route: candidate, params };
    allowed.push(candidate.method);
  }
  return allowed.length > 0 ? { methodNotAllowed: allowed } : undefined;
}

function matchPath(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i].startsWith(':')) params[pattern[i].slice(1)] = segments[i];
    else if (pattern[i] !== segments[i]) return undefined;
  }
  return params;
}

/** A URL path as decoded segments, so a namespace or name may hold any character. */
export function pathSegments(pathname: string): string[] {
  return pathname
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw new BerthError('BadRequest', `path segment "${segment}" is not valid percent-encoding`);
      }
    });
}
