import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Event, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { describeObject } from '../../../src/cli/describe';
import { DrainProgress } from '../../../src/cli/commands/drain';

const now = new Date('2024-05-01T12:00:00Z');
const created = '2024-05-01T11:00:00Z';

const container = {
  name: 'web',
  image: 'berth-demo/web:1.0',
  command: ['httpd', '-f'],
  ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
  env: [
    { name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'web', key: 'GREETING' } } },
    { name: 'MODE', value: 'prod' },
    { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
  ],
  resources: { requests: { cpu: '50m', memory: '16Mi' }, limits: { cpu: '200m', memory: '64Mi' } },
  readinessProbe: { httpGet: { path: '/', port: 'http', scheme: 'HTTP' }, periodSeconds: 5, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
  volumeMounts: [{ name: 'www', mountPath: '/www', readOnly: true }],
};

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-5d8f-x2x7q',
    namespace: 'demo',
    creationTimestamp: created,
    labels: { app: 'web', 'pod-template-hash': '5d8f' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f', uid: 'u', controller: true }],
  },
  spec: {
    nodeName: 'h1',
    priority: 0,
    serviceAccountName: 'default',
    containers: [container],
    volumes: [{ name: 'www', configMap: { name: 'web' } }],
    tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
  },
  status: {
    phase: 'Running',
    hostIP: '10.77.0.11',
    podIP: '10.244.0.5',
    podIPs: [{ ip: '10.244.0.5' }],
    startTime: created,
    conditions: [
      { type: 'Ready', status: 'True' },
      { type: 'PodScheduled', status: 'True' },
    ],
    containerStatuses: [
      {
        name: 'web',
        image: 'berth-demo/web:1.0',
        imageID: 'sha256:abc',
        containerID: 'docker://123',
        ready: true,
        restartCount: 1,
        state: { running: { startedAt: '2024-05-01T11:01:00Z' } },
        lastState: { terminated: { exitCode: 137, reason: 'Error', startedAt: created, finishedAt: '2024-05-01T11:00:50Z' } },
      },
    ],
  },
};

const events: Event[] = [
  { metadata: { name: 'e', namespace: 'demo' }, involvedObject: { kind: 'Pod', name: 'web-5d8f-x2x7q', namespace: 'demo' }, type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned demo/web-5d8f-x2x7q to h1', source: { component: 'berth-controller', host: 'h1' }, firstTimestamp: created, lastTimestamp: created, count: 1 },
  { metadata: { name: 'f', namespace: 'demo' }, involvedObject: { kind: 'Pod', name: 'other', namespace: 'demo' }, type: 'Normal', reason: 'Scheduled', message: 'not this pod', firstTimestamp: created },
];

describe('berth describe prints kubectl describe sections', () => {
  it('a pod: containers with state, probes, env and mounts; conditions, volumes, tolerations and its own events', () => {
    expect(describeObject('Pod', pod, { events, pods: [], objects: [] }, now)).toBe(POD_TEXT);
  });

  it('a pod waiting on an image: the reason and the message that says why; the agent’s repeated event with its count', () => {
    const waiting: Pod = {
      ...pod,
      status: {
        ...pod.status,
        containerStatuses: [{ name: 'web', image: 'reg:5000/web:2', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "reg:5000/web:2": ErrImagePull: manifest unknown' } } }],
      },
    };
    const pulls: Event[] = [
      { metadata: { name: 'g', namespace: 'demo' }, involvedObject: { kind: 'Pod', name: 'web-5d8f-x2x7q', namespace: 'demo', fieldPath: 'spec.containers{web}' }, type: 'Warning', reason: 'Failed', message: 'Failed to pull image "reg:5000/web:2": manifest unknown', source: { component: 'berth-agent', host: 'h1' }, firstTimestamp: '2024-05-01T11:50:00Z', lastTimestamp: '2024-05-01T11:58:00Z', count: 4 },
    ];
    const text = describeObject('Pod', waiting, { events: pulls, pods: [], objects: [] }, now);
    expect(text).toContain('    State:          Waiting\n      Reason:       ImagePullBackOff\n      Message:      Back-off pulling image "reg:5000/web:2": ErrImagePull: manifest unknown\n');
    expect(text).toMatch(/ {2}Warning {2}Failed {2}2m \(x4 over 10m\) {2}berth-agent {2}Failed to pull image "reg:5000\/web:2": manifest unknown\n$/);
  });

  it('a deployment: replicas, strategy, pod template, conditions, its ReplicaSets and events', () => {
    const deployment: Deployment = {
      metadata: { name: 'web', namespace: 'demo', creationTimestamp: created, annotations: { 'deployment.kubernetes.io/revision': '2' } },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'berth-demo/web:1.1' }] } },
      },
      status: {
        replicas: 4,
        updatedReplicas: 1,
        availableReplicas: 3,
        unavailableReplicas: 1,
        conditions: [
          { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
          { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated' },
        ],
      },
    };
    const rs = (name: string, revision: string, replicas: number): ReplicaSet => ({
      kind: 'ReplicaSet',
      metadata: { name, namespace: 'demo', annotations: { 'deployment.kubernetes.io/revision': revision }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'u', controller: true }] },
      spec: { replicas, selector: {} },
      status: { replicas },
    });
    const objects = [rs('web-old', '1', 3), rs('web-new', '2', 1), rs('web-older', '0', 0)] as never[];
    expect(describeObject('Deployment', deployment, { events: [], pods: [], objects }, now)).toBe(DEPLOYMENT_TEXT);
  });
});

describe('drain progress prints each line of kubectl drain once', () => {
  it('evicting, held back by a budget, evicted', () => {
    const lines: string[] = [];
    const progress = new DrainProgress({ out: (t) => lines.push(t), err: (t) => lines.push(`ERR ${t}`), color: false });
    progress.show({ host: 'h1', remaining: ['demo/a', 'demo/b'], blocked: [{ pod: 'demo/b', budget: 'web' }], done: false });
    progress.show({ host: 'h1', remaining: ['demo/b'], blocked: [{ pod: 'demo/b', budget: 'web' }], done: false });
    progress.show({ host: 'h1', remaining: [], blocked: [], done: true });
    expect(lines).toEqual([
      'evicting pod demo/a',
      'evicting pod demo/b',
      `ERR error when evicting pods/"b" -n "demo" (will retry): Cannot evict pod as it would violate the pod's disruption budget (PodDisruptionBudget web).`,
      'pod/a evicted',
      'pod/b evicted',
    ]);
  });
});

// kubectl's own quirks kept: blocks break at lines without a tab, so columns shift after Command:, IPs:, Requests:;
// condition rows end with a space.
const POD_TEXT = `Name:             web-5d8f-x2x7q
Namespace:        demo
Priority:         0
Service Account:  default
Node:             h1/10.77.0.11
Start Time:       Wed, 01 May 2024 11:00:00 +0000
Labels:           app=web
                  pod-template-hash=5d8f
Annotations:      <none>
Status:           Running
IP:               10.244.0.5
IPs:
  IP:           10.244.0.5
Controlled By:  ReplicaSet/web-5d8f
Containers:
  web:
    Container ID:  docker://123
    Image:         berth-demo/web:1.0
    Image ID:      sha256:abc
    Port:          8080/TCP
    Host Port:     0/TCP
    Command:
      httpd
      -f
    State:          Running
      Started:      Wed, 01 May 2024 11:01:00 +0000
    Last State:     Terminated
      Reason:       Error
      Exit Code:    137
      Started:      Wed, 01 May 2024 11:00:00 +0000
      Finished:     Wed, 01 May 2024 11:00:50 +0000
    Ready:          True
    Restart Count:  1
    Limits:
      cpu:     200m
      memory:  64Mi
    Requests:
      cpu:      50m
      memory:   16Mi
    Readiness:  http-get http://:http/ delay=0s timeout=1s period=5s #success=1 #failure=3
    Environment:
      GREETING:  <set to the key 'GREETING' of config map 'web'>  Optional: false
      MODE:      prod
      POD:       web-5d8f-x2x7q (v1:metadata.name)
    Mounts:
      /www from www (ro)
Conditions:
  Type           Status
  Ready          True 
  PodScheduled   True 
Volumes:
  www:
    Type:        ConfigMap (a volume populated by a ConfigMap)
    Name:        web
    Optional:    false
QoS Class:       Burstable
Node-Selectors:  <none>
Tolerations:     node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age   From              Message
  ----    ------     ----  ----              -------
  Normal  Scheduled  60m   berth-controller  Successfully assigned demo/web-5d8f-x2x7q to h1
`;
const DEPLOYMENT_TEXT = `Name:                   web
Namespace:              demo
CreationTimestamp:      Wed, 01 May 2024 11:00:00 +0000
Labels:                 <none>
Annotations:            deployment.kubernetes.io/revision: 2
Selector:               app=web
Replicas:               3 desired | 1 updated | 4 total | 3 available | 1 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  0 max unavailable, 1 max surge
Pod Template:
  Labels:  app=web
  Containers:
   web:
    Image:         berth-demo/web:1.1
    Port:          <none>
    Host Port:     <none>
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    ReplicaSetUpdated
OldReplicaSets:  web-old (3/3 replicas created)
NewReplicaSet:   web-new (1/1 replicas created)
Events:          <none>
`;
