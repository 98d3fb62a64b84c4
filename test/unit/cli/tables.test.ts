import type { DaemonSet, Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { Event, Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { renderTable } from '../../../src/cli/printers';
import { renderEvents } from '../../../src/cli/printers/events';

const now = new Date('2024-05-01T12:00:00Z');
const meta = (name: string, age: string, namespace = 'demo') => ({ name, namespace, creationTimestamp: age });
const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1' }, { name: 'log', image: 'log:2' }] } };

const pods: Pod[] = [
  {
    metadata: meta('web-1', '2024-05-01T11:54:57Z'),
    spec: { nodeName: 'h1', containers: [{ name: 'web' }] },
    status: {
      phase: 'Running',
      podIP: '10.0.0.5',
      containerStatuses: [{ name: 'web', image: 'web:1', imageID: '', ready: true, restartCount: 2, state: { running: {} }, lastState: { terminated: { exitCode: 1, finishedAt: '2024-05-01T11:58:00Z' } } }],
    },
  },
  { metadata: meta('api-1', '2024-04-28T12:00:00Z', 'prod'), spec: { containers: [{ name: 'api' }] }, status: { phase: 'Pending' } },
];

describe('berth get prints kubectl tables', () => {
  // Sorted by namespace, then name, as the API server lists them.
  it.each([
    ['pods', 'Pod', pods, {}, 'NAME    READY   STATUS    RESTARTS     AGE\nweb-1   1/1     Running   2 (2m ago)   5m3s\napi-1   0/1     Pending   0            3d\n'],
    [
      'pods -A -o wide',
      'Pod',
      pods,
      { wide: true, allNamespaces: true },
      'NAMESPACE   NAME    READY   STATUS    RESTARTS     AGE    IP         NODE     NOMINATED NODE   READINESS GATES\n' +
        'demo        web-1   1/1     Running   2 (2m ago)   5m3s   10.0.0.5   h1       <none>           <none>\n' +
        'prod        api-1   0/1     Pending   0            3d     <none>     <none>   <none>           <none>\n',
    ],
    [
      'deployments -o wide',
      'Deployment',
      [{ metadata: meta('web', '2024-04-29T12:00:00Z'), spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template }, status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } } satisfies Deployment],
      { wide: true },
      'NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES        SELECTOR\nweb    2/3     3            2           2d    web,log      web:1,log:2   app=web\n',
    ],
    [
      'replicasets',
      'ReplicaSet',
      [{ metadata: meta('web-5d8f', '2024-05-01T09:00:00Z'), spec: { replicas: 3, selector: {} }, status: { replicas: 3, readyReplicas: 1 } } satisfies ReplicaSet],
      {},
      'NAME       DESIRED   CURRENT   READY   AGE\nweb-5d8f   3         3         1       3h\n',
    ],
    [
      'daemonsets',
      'DaemonSet',
      [
        {
          metadata: meta('logs', '2024-05-01T11:00:00Z'),
          spec: { selector: {}, template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [] } } },
          status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2, numberMisscheduled: 0 },
        } satisfies DaemonSet,
      ],
      {},
      'NAME   DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE\nlogs   3         3         2       3            2           kubernetes.io/os=linux   60m\n',
    ],
    [
      'jobs, complete and running',
      'Job',
      [
        { metadata: meta('done', '2024-05-01T11:00:00Z'), spec: { completions: 3, template: {} }, status: { succeeded: 3, startTime: '2024-05-01T11:00:00Z', completionTime: '2024-05-01T11:00:42Z', conditions: [{ type: 'Complete', status: 'True' }] } } satisfies Job,
        { metadata: meta('run', '2024-05-01T11:58:00Z'), spec: { parallelism: 2, template: {} }, status: { succeeded: 0, startTime: '2024-05-01T11:58:00Z' } } satisfies Job,
      ],
      {},
      'NAME   STATUS     COMPLETIONS   DURATION   AGE\ndone   Complete   3/3           42s        60m\nrun    Running    0/1 of 2      2m         2m\n',
    ],
    [
      'cronjobs',
      'CronJob',
      [{ metadata: meta('nightly', '2024-04-01T12:00:00Z'), spec: { schedule: '0 3 * * *', suspend: false, jobTemplate: { spec: { template: {} } } }, status: { lastScheduleTime: '2024-05-01T03:00:00Z', active: [] } } satisfies CronJob],
      {},
      'NAME      SCHEDULE    TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\nnightly   0 3 * * *   <none>     False     0        9h              30d\n',
    ],
    [
      'hosts -o wide',
      'Node',
      [
        {
          metadata: { name: 'h1', creationTimestamp: '2024-05-01T11:00:00Z', labels: { 'node-role.kubernetes.io/edge': '' } },
          spec: { unschedulable: true },
          status: { conditions: [{ type: 'Ready', status: 'Unknown' }], addresses: [{ type: 'InternalIP', address: '10.77.0.11' }], nodeInfo: { kubeletVersion: 'berth-0.1.0', osImage: 'Debian GNU/Linux 12', kernelVersion: '6.1.0', containerRuntimeVersion: 'docker://20.10.24', machineID: '', systemUUID: '', bootID: '', kubeProxyVersion: '', operatingSystem: 'linux', architecture: 'amd64' } },
        } satisfies Node,
      ],
      { wide: true },
      'NAME   STATUS                        ROLES   AGE   VERSION       INTERNAL-IP   EXTERNAL-IP   OS-IMAGE              KERNEL-VERSION   CONTAINER-RUNTIME\n' +
        'h1     NotReady,SchedulingDisabled   edge    60m   berth-0.1.0   10.77.0.11    <none>        Debian GNU/Linux 12   6.1.0            docker://20.10.24\n',
    ],
    ['other kinds as NAME and AGE', 'ConfigMap', [{ metadata: meta('web', '2024-05-01T11:59:00Z') }], {}, 'NAME   AGE\nweb    60s\n'],
    ['nothing', 'Pod', [], {}, ''],
  ])('%s', (_name, kind, objects, options, text) => {
    expect(renderTable(kind, objects, { now, ...options })).toBe(text);
  });
});

describe('berth events prints LAST SEEN TYPE REASON OBJECT HOST MESSAGE, as given (oldest first)', () => {
  const events: Event[] = [
    { metadata: { name: 'a', namespace: 'demo' }, involvedObject: { kind: 'Pod', name: 'web-1' }, type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned demo/web-1 to h1', source: { host: 'h1' }, firstTimestamp: '2024-05-01T11:50:00Z', count: 1 },
    { metadata: { name: 'b', namespace: 'demo' }, involvedObject: { kind: 'Deployment', name: 'web' }, type: 'Warning', reason: 'ProgressDeadlineExceeded', message: ' rolled back \n', firstTimestamp: '2024-05-01T11:00:00Z', lastTimestamp: '2024-05-01T11:59:00Z', count: 4 },
  ];

  it('with repeats as "last (xN over first)"', () => {
    expect(renderEvents(events, { now })).toBe(
      'LAST SEEN           TYPE      REASON                     OBJECT           HOST   MESSAGE\n' +
        '10m                 Normal    Scheduled                  Pod/web-1        h1     Successfully assigned demo/web-1 to h1\n' +
        '60s (x4 over 60m)   Warning   ProgressDeadlineExceeded   Deployment/web          rolled back\n',
    );
  });

  it('with the namespace first for -A', () => {
    expect(renderEvents(events.slice(0, 1), { now, allNamespaces: true }).split('\n')[0]).toBe('NAMESPACE   LAST SEEN   TYPE     REASON      OBJECT      HOST   MESSAGE');
  });
});
