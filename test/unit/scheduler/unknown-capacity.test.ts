// Hosts that declare no capacity (hosts.yaml without `capacity`, before the host reports its own): `berth plan`
// against the inventory alone, or a host that joined a moment ago.
import type { Node } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { EMPTY_FLEET, planPass } from '../../../src/controller';
import { loadManifests } from '../../../src/manifest';
import { schedule, type ScheduleInput } from '../../../src/scheduler';
import { node, pod, replicas, running } from './fixtures';

/** A Node as inventoryToNodes makes it from a host without `capacity`: only the pod count is known. */
function undeclared(name: string, pods?: string): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } }, spec: {}, status: pods ? { capacity: { pods }, allocatable: { pods } } : {} };
}

const perHost = (input: Partial<ScheduleInput>): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const b of schedule({ pods: [], nodes: [], assigned: [], ...input }).bindings) out[b.node] = (out[b.node] ?? 0) + 1;
  return out;
};

describe('scheduling on hosts without declared capacity', () => {
  it('spreads bare pods by count instead of putting every one on the first host', () => {
    const pods = [...replicas('web', 3), ...replicas('db', 3)];
    expect(perHost({ pods, nodes: [undeclared('h1', '110'), undeclared('h2', '110'), undeclared('h3', '110')] })).toEqual({ h1: 2, h2: 2, h3: 2 });
  });

  it('spreads pods that request cpu and memory the same way, when the host declares not even a pod count', () => {
    const pods = replicas('web', 4, { requests: { cpu: '100m', memory: '64Mi' } });
    expect(perHost({ pods, nodes: [undeclared('h1'), undeclared('h2'), undeclared('h3')] })).toEqual({ h1: 2, h2: 1, h3: 1 });
  });

  it('counts the pods a host already runs', () => {
    const assigned = [running(pod('old-0'), 'h1'), running(pod('old-1'), 'h1'), running(pod('old-2'), 'h2')];
    const nodes = [undeclared('h1', '110'), undeclared('h2', '110'), undeclared('h3', '110')];
    expect(perHost({ pods: replicas('web', 3), nodes, assigned })).toEqual({ h2: 1, h3: 2 });
  });

  it('keeps the counts within one of each other over many pods (whole-point scores tie now and then)', () => {
    const counts = perHost({ pods: replicas('web', 60), nodes: [undeclared('h1', '110'), undeclared('h2', '110'), undeclared('h3', '110')] });
    expect(counts).toEqual({ h1: 20, h2: 20, h3: 20 });
  });

  it('also places pods on a host of unknown capacity next to hosts whose capacity is known', () => {
    const counts = perHost({ pods: replicas('web', 4), nodes: [node('h1'), node('h2'), undeclared('h3', '110')] });
    expect(counts.h3).toBeGreaterThan(0);
  });
});

describe('berth plan against an inventory without capacity', () => {
  it('spreads pods no controller owns over the hosts by count', () => {
    const hosts = 'apiVersion: berth.dev/v1\nkind: Inventory\nhosts:\n  - { name: h1, address: 10.0.0.1 }\n  - { name: h2, address: 10.0.0.2 }\n  - { name: h3, address: 10.0.0.3 }\n';
    const pods = ['a', 'b', 'c'].map((n) => `apiVersion: v1\nkind: Pod\nmetadata: { name: ${n}, namespace: default }\nspec:\n  containers: [{ name: app, image: "app:1" }]\n`).join('---\n');
    const { state, errors } = loadManifests([
      { path: 'cluster.yaml', content: Buffer.from('apiVersion: berth.dev/v1\nkind: Cluster\nmetadata: { name: t }\nspec: {}\n') },
      { path: 'hosts.yaml', content: Buffer.from(hosts) },
      { path: 'apps/pods.yaml', content: Buffer.from(pods) },
    ]);
    expect(errors).toEqual([]);
    const { plan } = planPass(state!, EMPTY_FLEET, new Date('2026-03-01T10:00:00Z'));
    expect(plan.hosts.map((h) => [h.host, h.actions.map((a) => a.pod)])).toEqual([
      ['h1', ['default/a']],
      ['h2', ['default/b']],
      ['h3', ['default/c']],
    ]);
  });
});
