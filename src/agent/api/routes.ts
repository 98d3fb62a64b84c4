// The agent's routes, one line each: method, path pattern, handler. Handlers return data; server.ts writes it.
import type { Readable } from 'node:stream';
import { desiredSetFromBody, execFromBody, logOptionsFromQuery, requireContentType } from './requests';
import type { AgentBackend } from './types';

export type Reply = { json: unknown } | { stream: Readable; contentType: string };

export interface RouteContext {
  backend: AgentBackend;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body (BadRequest when it is not JSON). */
  body(): Promise<unknown>;
  /** The request body as it streams in, for routes that take something other than JSON; and its Content-Type. */
  stream: Readable;
  contentType: string | undefined;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

export interface Route {
  method: string;
  /** Path segments; `:name` captures one segment. */
  path: string[];
  handle(context: RouteContext): Promise<Reply>;
}

const route = (method: string, path: string, handle: Route['handle']): Route => ({
  method,
  path: path.split('/').filter(Boolean),
  handle,
});

/** What `docker save` writes; Docker's own API takes application/x-tar too. */
export const TAR_TYPES = ['application/x-tar', 'application/tar'];

export const ROUTES: Route[] = [
  route('PUT', '/v1/desired', async ({ backend, body }) => ({ json: await backend.setDesired(desiredSetFromBody(await body())) })),
  route('GET', '/v1/pods', async ({ backend }) => ({ json: await backend.listPods() })),
  route('GET', '/v1/healthz', async ({ backend }) => ({ json: await backend.healthz() })),
  route('GET', '/v1/host', async ({ backend }) => ({ json: await backend.hostFacts() })),
  route('POST', '/v1/images', async ({ backend, stream, contentType, signal }) => {
    requireContentType(contentType, TAR_TYPES);
    return { json: await backend.loadImage(stream, signal) };
  }),
  route('GET', '/v1/pods/:namespace/:name/log', async ({ backend, params, query, signal }) => {
    const options = logOptionsFromQuery(query);
    const stream = await backend.logs({ namespace: params.namespace, name: params.name, ...options, signal });
    return { stream, contentType: 'text/plain; charset=utf-8' };
  }),
  route('POST', '/v1/pods/:namespace/:name/exec', async ({ backend, params, body }) => {
    const request = execFromBody(await body());
    return { json: await backend.exec({ namespace: params.namespace, name: params.name, ...request }) };
  }),
  route('GET', '/v1/pods/:namespace/:name/stats', async ({ backend, params }) => ({
    json: await backend.stats(params.namespace, params.name),
  })),
];

export type Match = { route: Route; params: Record<string, string> } | { methodNotAllowed: string[] } | undefined;

/** Finds the route of a request; a known path with another method says which methods it has (405, not 404). */
export function matchRoute(routes: Route[], method: string, segments: string[]): Match {
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
