import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { planPass } from '../../../src/controller';
import { loadManifests } from '../../../src/manifest';
import type { LiveSnapshot } from '../../../src/plan';

const CLUSTER = 'apiVersion: berth.dev/v1\nkind: Cluster\nmetadata: { name: t }\nspec: {}\n';
const HOSTS = 'apiVersion: berth.dev/v1\nkind: Inventory\nmetadata: { name: t }\nhosts:\n  - { name: h1, address: 10.0.0.1 }\n  - { name: h2, address: 10.0.0.2 }\n';
const APPS = `apiVersion: v1
kind: Namespace
metadata: { name: demo }
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: { name: low }
value: 100
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: { name: high }
value: 1000
---
apiVersion: v1
kind: Pod
metadata: { name: filler-1, namespace: demo }
spec:
  priorityClassName: low
  containers: [{ name: c, image: busybox, resources: { requests: { cpu: 1500m } } }]
---
apiVersion: v1
kind: Pod
metadata: { name: filler-2, namespace: demo }
spec:
  priorityClassName: low
  containers: [{ name: c, image: busybox, resources: { requests: { cpu: 1500m } } }]
---
apiVersion: v1
kind: Pod
metadata: { name: important, namespace: demo }
spec:
  priorityClassName: high
  containers: [{ name: c, image: busybox, resources: { requests: { cpu: "1" } } }]
`;

describe('a pass with priorities', () => {
  it('binds an important pod that fits nowhere by preempting a running pod of lower priority, which becomes pending', () => {
    const { state, errors } = loadManifests([
      { path: 'cluster.yaml', content: Buffer.from(CLUSTER) },
      { path: 'hosts.yaml', content: Buffer.from(HOSTS) },
      { path: 'apps/a.yaml', content: Buffer.from(APPS) },
    ]);
    expect(errors).toEqual([]);
    const nodes: Node[] = state!.nodes.map((n) => ({ ...n, status: { ...n.status, allocatable: { cpu: '2', memory: '4Gi', pods: '110' }, capacity: { cpu: '2', memory: '4Gi', pods: '110' } } }));
    const running = (name: string): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'demo' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    const live: LiveSnapshot = { hosts: [{ name: 'h1', pods: [running('filler-1')] }, { name: 'h2', pods: [running('filler-2')] }] };
    const result = planPass(state!, live, new Date('2026-01-01T00:00:00Z'), { nodes });
    expect(result.preemptions).toEqual([{ pod: 'demo/important', node: 'h1', victims: ['demo/filler-1'] }]);
    const placed = Object.fromEntries(result.pods.map((p) => [p.metadata!.name, p.spec?.nodeName]));
    expect(placed).toEqual({ 'filler-1': undefined, 'filler-2': 'h2', important: 'h1' });
    expect(result.unschedulable.map((u) => u.pod)).toEqual(['demo/filler-1']);
  });
});
