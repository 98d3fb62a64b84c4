// The controller socket's routes, one line each: method, path pattern, handler over the ControllerView.
import type { ControllerView } from '../view';
import { execFromBody, logOptionsFromQuery, undoFromBody } from './requests';
import { route, type Route } from './routing';

const list = (items: unknown[]) => ({ json: { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items } });

export const ROUTES: Route<ControllerView>[] = [
  route('GET', '/v1/sync', ({ target }) => ({ json: target.sync() })),
  route('GET', '/v1/pods', ({ target }) => list(target.pods())),
  route('GET', '/v1/nodes', ({ target }) => list(target.nodes())),
  route('GET', '/v1/events', ({ target }) => list(target.events())),
  route('GET', '/v1/objects', ({ target, query }) => {
    const kind = query.get('kind') || undefined;
    const namespace = query.get('namespace') || undefined;
    return list(target.objects().filter((o) => (!kind || o.kind === kind) && (!namespace || o.metadata.namespace === namespace)));
  }),
  route('GET', '/v1/pods/:namespace/:name/log', async ({ target, params, query }) => ({
    stream: await target.podLogs(params.namespace, params.name, logOptionsFromQuery(query)),
    contentType: 'text/plain; charset=utf-8',
  })),
  route('POST', '/v1/pods/:namespace/:name/exec', async ({ target, params, body }) => {
    const { container, command } = execFromBody(await body());
    return { json: await target.podExec(params.namespace, params.name, container, command) };
  }),
  route('GET', '/v1/rollouts/:namespace/:name', ({ target, params }) => ({
    json: { revisions: target.rolloutHistory(params.namespace, params.name) },
  })),
  route('POST', '/v1/rollouts/:namespace/:name', async ({ target, params, body }) => {
    const { toRevision } = undoFromBody(await body());
    return { json: await target.rolloutUndo(params.namespace, params.name, toRevision) };
  }),
  route('POST', '/v1/nodes/:name/drain', async ({ target, params }) => ({ json: await target.drain(params.name) })),
];
