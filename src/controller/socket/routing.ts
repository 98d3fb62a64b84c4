// Generic pieces of a small HTTP+JSON API: routes as data, path matching, request bodies.
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { BerthError } from '../../errors';
import { ControllerRequestError } from './errors';

export type Reply = { json: unknown } | { stream: Readable; contentType: string };

export interface RouteContext<T> {
  target: T;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body; an empty body is `{}`. */
  body(): Promise<unknown>;
}

export interface Route<T> {
  method: string;
  /** Path segments; `:name` captures one segment. */
  path: string[];
  handle(context: RouteContext<T>): Promise<Reply> | Reply;
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

export function pathSegments(pathname: string): string[] {
  return pathname
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw new ControllerRequestError('BadRequest', `path segment "${segment}" is not valid percent-encoding`);
      }
    });
}

export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const text = await readBody(req, maxBytes);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ControllerRequestError('BadRequest', `request body is not valid JSON: ${(error as Error).message}`);
  }
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is drained, not kept, so the client still reads the 413.
      if (size > maxBytes) reject(new BerthError('PayloadTooLarge', `request body is larger than ${maxBytes} bytes`));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Reads a whole response or request stream as text. */
export function readAll(stream: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}
