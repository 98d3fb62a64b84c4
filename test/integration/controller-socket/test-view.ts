// Test data: a small in-memory ControllerView standing in for the controller loop, with pods web-1 (h1) and
// api-1 (h2), a Deployment web with a ReplicaSet, three hosts, two events, a scripted drain and rollout.
import { PassThrough, Readable } from 'node:stream';
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Event, Node, Pod } from 'kubernetes-types/core/v1';
import { ControllerRequestError } from '../../../src/controller/socket';
import type { ControllerView, DrainStatus, PodLogOptions, RolloutRevision } from '../../../src/controller/view';
import type { KubeObject } from '../../../src/manifest';

export const CREATED = '2024-05-01T10:00:00Z';

export function testPod(name: string, node: string, ready = true): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'demo', creationTimestamp: CREATED, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f', uid: 'rs', controller: true }] },
    spec: { nodeName: node, containers: [{ name: 'web', image: 'berth-demo/web:1.0' }] },
    status: {
      phase: 'Running',
      podIP: '10.0.0.5',
      containerStatuses: [{ name: 'web', image: 'berth-demo/web:1.0', imageID: '', ready, restartCount: 0, state: { running: { startedAt: CREATED } } }],
    },
  };
}

function testNode(name: string): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, creationTimestamp: CREATED },
    spec: name === 'h3' ? { unschedulable: true } : {},
    status: { conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'InternalIP', address: `10.77.0.1${name.slice(1)}` }] },
  };
}

export function testDeployment(status: Deployment['status'] = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'demo', creationTimestamp: CREATED, generation: 2 },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'berth-demo/web:1.0' }] } } },
    status: { observedGeneration: 2, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2, ...status },
  };
}

export interface TestView extends ControllerView {
  /** The follow stream handed out by the last followed podLogs call; write to it, and see whether it was destroyed. */
  follow?: PassThrough;
  logRequests: PodLogOptions[];
  /** Statuses objects() gives Deployment web, one per call, the last repeated. */
  deploymentStatuses: Deployment['status'][];
  /** What drain() answers, one per call, the last repeated. */
  drainSteps: DrainStatus[];
  drained: string[];
}

export function testView(): TestView {
  // Scripted answers: each call takes the next one, and the last one stays.
  const next = <T>(steps: T[]): T => (steps.length > 1 ? steps.shift()! : steps[0]);
  const revisions: RolloutRevision[] = [
    { revision: 1, replicaSet: 'web-7c9b', commit: 'a1b2c3d4e5f6', current: false },
    { revision: 2, replicaSet: 'web-5d8f', commit: 'f6e5d4c3b2a1', changeCause: 'image berth-demo/web:1.0', current: true },
  ];
  const events: Event[] = [
    { metadata: { name: 'e1', namespace: 'demo' }, involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'demo' }, reason: 'Scheduled', message: 'Successfully assigned demo/web-1 to h1', type: 'Normal', source: { component: 'berth-controller', host: 'h1' }, firstTimestamp: CREATED, lastTimestamp: CREATED, count: 1 },
    { metadata: { name: 'e2', namespace: 'demo' }, involvedObject: { kind: 'Deployment', name: 'web', namespace: 'demo' }, reason: 'ScalingReplicaSet', message: 'Scaled up replica set web-5d8f to 2', type: 'Normal', source: { component: 'berth-controller' }, firstTimestamp: CREATED, lastTimestamp: CREATED, count: 1 },
  ];
  const known = (namespace: string, name: string) => {
    if (namespace !== 'demo' || !['web-1', 'api-1'].includes(name)) throw new ControllerRequestError('NotFound', `pod ${namespace}/${name} not found`, { namespace, name });
  };
  const view: TestView = {
    logRequests: [],
    deploymentStatuses: [],
    drainSteps: [{ host: 'h1', remaining: [], blocked: [], done: true }],
    drained: [],
    pods: () => [testPod('web-1', 'h1'), { ...testPod('api-1', 'h2', false), metadata: { name: 'api-1', namespace: 'demo', creationTimestamp: CREATED } }],
    objects: (): KubeObject[] => {
      const status = next(view.deploymentStatuses);
      const rs = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'web-5d8f', namespace: 'demo', creationTimestamp: CREATED, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd', controller: true }] },
        spec: { replicas: 2, selector: { matchLabels: { app: 'web' } } },
        status: { replicas: 2, readyReplicas: 1 },
      };
      const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web', namespace: 'demo' } };
      return [testDeployment(status) as KubeObject, rs, cm];
    },
    nodes: () => ['h1', 'h2', 'h3'].map(testNode),
    events: () => events,
    sync: () => ({ ref: 'main', commit: 'f6e5d4c3b2a1', status: 'Synced', lastPass: CREATED }),
    async podLogs(namespace, name, options) {
      known(namespace, name);
      view.logRequests.push(options);
      if (!options.follow) return Readable.from(['line 1\n', 'line 2\n']);
      view.follow = new PassThrough();
      return view.follow;
    },
    async podExec(namespace, name, _container, command) {
      known(namespace, name);
      return { exitCode: command[0] === 'false' ? 3 : 0, stdout: `ran ${command.join(' ')}\n`, stderr: command[0] === 'false' ? 'failed\n' : '' };
    },
    rolloutHistory(namespace, name) {
      if (namespace !== 'demo' || name !== 'web') throw new ControllerRequestError('NotFound', `deployment ${namespace}/${name} not found`);
      return revisions;
    },
    async rolloutUndo(_namespace, _name, toRevision) {
      const to = revisions.find((r) => r.revision === (toRevision ?? 1));
      if (!to) throw new ControllerRequestError('BadRequest', `revision ${toRevision} not found`);
      return { ...to, current: true };
    },
    async drain(host) {
      view.drained.push(host);
      return next(view.drainSteps);
    },
  };
  return view;
}
