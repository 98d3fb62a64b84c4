// The controller socket's routes, one line each: method, path pattern, handler over the ControllerView.
import { route as unixRoute, type Route } from '../../unixhttp';
import type { ControllerView } from '../view';
import { execFromBody, logOptionsFromQuery, undoFromBody } from './requests';

const list = (items: unknown[]) => ({ json: { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items } });

/** What the controller's routes serve, beside the request. */
export interface ControllerServes {
  view: ControllerView;
}

const route = unixRoute<ControllerServes>;

export const ROUTES: Route<ControllerServes>[] = [
  route('GET', '/v1/sync', ({ view }) => ({ json: view.sync() })),
  route('GET', '/v1/pods', ({ view }) => list(view.pods())),
  route('GET', '/v1/nodes', ({ view }) => list(view.nodes())),
  route('GET', '/v1/events', ({ view }) => list(view.events())),
  route('GET', '/v1/objects', ({ view, query }) => {
    const kind = query.get('kind') || undefined;
    const namespace = query.get('namespace') || undefined;
    return list(view.objects().filter((o) => (!kind || o.kind === kind) && (!namespace || o.metadata.namespace === namespace)));
  }),
  route('GET', '/v1/pods/:namespace/:name/log', async ({ view, params, query }) => ({
    stream: await view.podLogs(params.namespace, params.name, logOptionsFromQuery(query)),
    contentType: 'text/plain; charset=utf-8',
  })),
  route('POST', '/v1/pods/:namespace/:name/exec', async ({ view, params, body }) => {
    const { container, command } = execFromBody(await body());
    return { json: await view.podExec(params.namespace, params.name, container, command) };
  }),
  route('GET', '/v1/rollouts/:namespace/:name', ({ view, params }) => ({
    json: { revisions: view.rolloutHistory(params.namespace, params.name) },
  })),
  route('POST', '/v1/rollouts/:namespace/:name', async ({ view, params, body }) => {
    const { toRevision } = undoFromBody(await body());
    return { json: await view.rolloutUndo(params.namespace, params.name, toRevision) };
  }),
  route('POST', '/v1/nodes/:name/drain', async ({ view, params }) => ({ json: await view.drain(params.name) })),
];
