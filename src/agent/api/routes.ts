// The agent's routes, one line each: method, path pattern, handler. Handlers return data; unixhttp writes it.
import { route as unixRoute, type Route as UnixRoute } from '../../unixhttp';
import { etagOf, hostFactsVersion, knownVersions, watchFromQuery, weakEtagOf } from './etag';
import { desiredSetFromBody, execFromBody, logOptionsFromQuery, requireContentType } from './requests';
import type { AgentBackend } from './types';

export { matchRoute, type Reply } from '../../unixhttp';

/** What the agent's routes serve, beside the request. */
export interface AgentServes {
  backend: AgentBackend;
}

export type Route = UnixRoute<AgentServes>;

const route = unixRoute<AgentServes>;

/** What `docker save` writes; Docker's own API takes application/x-tar too. */
export const TAR_TYPES = ['application/x-tar', 'application/tar'];

export const ROUTES: Route[] = [
  route('PUT', '/v1/desired', async ({ backend, body }) => ({ json: await backend.setDesired(desiredSetFromBody(await body())) })),
  route('GET', '/v1/pods', async ({ backend, query, headers, signal }) => {
    const { watch, timeoutSeconds } = watchFromQuery(query);
    const isKnown = knownVersions(headers['if-none-match']);
    // A watch is a long-poll: it answers with the first report the client does not have, or 304 when time is up.
    const list = watch ? await backend.watchPods(isKnown, { timeoutMs: timeoutSeconds * 1000, signal }) : await backend.listPods();
    if (!list) return { status: 304 };
    if (isKnown(list.resourceVersion)) return { status: 304, headers: { ETag: etagOf(list.resourceVersion) } };
    return { json: list, headers: { ETag: etagOf(list.resourceVersion) } };
  }),
  route('GET', '/v1/healthz', async ({ backend }) => ({ json: await backend.healthz() })),
  // As /v1/pods: a controller that has these facts gets 304, without the image list, every pass.
  route('GET', '/v1/host', async ({ backend, headers }) => {
    const facts = await backend.hostFacts();
    const version = hostFactsVersion(facts);
    if (knownVersions(headers['if-none-match'])(version)) return { status: 304, headers: { ETag: weakEtagOf(version) } };
    return { json: facts, headers: { ETag: weakEtagOf(version) } };
  }),
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
