import type { ContainerPort, Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { schedule, type ScheduleInput } from '../../../src/scheduler';
import { node, pod, replicas, running } from './fixtures';

const HOST = 'kubernetes.io/hostname';
// What preemption adds when it cannot help: nodes rejected for a label, a taint or a cordon are "not helpful"; nodes
// short of room with nothing of lower priority on them have "no victims".
const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
const NO_VICTIMS = 'No preemption victims found for incoming pod';
const three = () => [node('h1'), node('h2'), node('h3')];
const placements = (input: Partial<ScheduleInput>) =>
  schedule({ pods: [], nodes: [], assigned: [], ...input }).bindings.map((b) => `${b.pod}→${b.node}`);

describe('schedule', () => {
  it('binds each pod and returns the bindings in input order', () => {
    const out = schedule({ pods: [pod('a'), pod('b')], nodes: three(), assigned: [] });
    expect(out.bindings.map((b) => b.pod)).toEqual(['default/a', 'default/b']);
    expect(out.unschedulable).toEqual([]);
  });

  it('explains a pod that fits nowhere with Kubernetes’ aggregate message', () => {
    const nodes = [node('h1', { memory: '1Gi' }), node('h2', { memory: '1Gi' }), node('h3', { spec: { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] } })];
    const out = schedule({ pods: [pod('big', { requests: { memory: '2Gi' } })], nodes, assigned: [] });
    expect(out.bindings).toEqual([]);
    expect(out.unschedulable).toEqual([
      {
        pod: 'default/big',
        message: `0/3 hosts are available: 1 node(s) had untolerated taint {k: v}, 2 Insufficient memory. preemption: 0/3 hosts are available: 1 ${NOT_HELPFUL}, 2 ${NO_VICTIMS}.`,
        reasons: { 'Insufficient memory': 2, 'node(s) had untolerated taint {k: v}': 1 },
      },
    ]);
  });

  it('is deterministic: the same input, or the nodes in another order, gives the same result', () => {
    const pods = [...replicas('web', 7, { requests: { cpu: '500m', memory: '1Gi' } }), ...replicas('api', 5, { requests: { cpu: '1' } })];
    const nodes = [node('h1'), node('h2', { cpu: '8' }), node('h3', { memory: '16Gi' }), node('h4')];
    const first = schedule({ pods, nodes, assigned: [] });
    expect(schedule({ pods, nodes, assigned: [] })).toEqual(first);
    expect(schedule({ pods, nodes: [...nodes].reverse(), assigned: [] })).toEqual(first);
  });

  it('breaks ties by node name', () => {
    expect(placements({ pods: [pod('a')], nodes: [node('b2'), node('a1'), node('c3')] })).toEqual(['default/a→a1']);
  });

  it('counts every placement for the pods after it, until capacity runs out with the right reason', () => {
    const nodes = [node('h1', { memory: '2Gi' }), node('h2', { memory: '2Gi' })];
    const out = schedule({ pods: replicas('web', 6, { requests: { memory: '1Gi' } }), nodes, assigned: [] });
    expect(out.bindings.map((b) => b.node).sort()).toEqual(['h1', 'h1', 'h2', 'h2']);
    expect(out.unschedulable.map((u) => [u.pod, u.message])).toEqual([
      ['default/web-4', `0/2 hosts are available: 2 Insufficient memory. preemption: 0/2 hosts are available: 2 ${NO_VICTIMS}.`],
      ['default/web-5', `0/2 hosts are available: 2 Insufficient memory. preemption: 0/2 hosts are available: 2 ${NO_VICTIMS}.`],
    ]);
  });

  it('stops at the pod limit of each host with "Too many pods"', () => {
    const out = schedule({ pods: replicas('web', 3), nodes: [node('h1', { pods: '2' })], assigned: [] });
    expect(out.bindings).toHaveLength(2);
    expect(out.unschedulable[0].message).toBe(`0/1 hosts are available: 1 Too many pods. preemption: 0/1 hosts are available: 1 ${NO_VICTIMS}.`);
  });

  it('counts what assigned pods already use', () => {
    const assigned = [running(pod('old', { requests: { memory: '7Gi' } }), 'h1')];
    const out = schedule({ pods: [pod('new', { requests: { memory: '2Gi' } })], nodes: [node('h1'), node('h2')], assigned });
    expect(out.bindings).toEqual([{ pod: 'default/new', node: 'h2' }]);
  });

  it('spreads replicas without constraints over hosts by least allocation', () => {
    const out = placements({ pods: replicas('web', 3, { requests: { cpu: '100m', memory: '128Mi' } }), nodes: three() });
    expect(out).toEqual(['default/web-0→h1', 'default/web-1→h2', 'default/web-2→h3']);
  });

  it('spreads 3 replicas with required anti-affinity over 3 hosts and leaves a 4th unschedulable with the reason', () => {
    const affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: HOST }] } };
    const out = schedule({ pods: replicas('web', 4, { spec: { affinity } }), nodes: three(), assigned: [] });
    expect(out.bindings.map((b) => b.node).sort()).toEqual(['h1', 'h2', 'h3']);
    expect(out.unschedulable).toEqual([
      {
        pod: 'default/web-3',
        message: `0/3 hosts are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 hosts are available: 3 ${NO_VICTIMS}.`,
        reasons: { "node(s) didn't match pod anti-affinity rules": 3 },
      },
    ]);
  });

  it('keeps pods off tainted hosts unless they tolerate the taint', () => {
    const nodes = [node('h1', { spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } }), node('h2', { cpu: '1' })];
    const tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }];
    expect(placements({ pods: [pod('web'), pod('db', { spec: { tolerations } })], nodes })).toEqual(['default/web→h2', 'default/db→h1']);
  });

  it('places nothing on a cordoned host', () => {
    const out = schedule({ pods: [pod('web')], nodes: [node('h1', { spec: { unschedulable: true } })], assigned: [] });
    expect(out.unschedulable[0].message).toBe(`0/1 hosts are available: 1 node(s) were unschedulable. preemption: 0/1 hosts are available: 1 ${NOT_HELPFUL}.`);
  });

  it('gives each host port once per host', () => {
    const ports: ContainerPort[] = [{ containerPort: 8080, hostPort: 80 }];
    const pods = replicas('edge', 3).map((p) => ({ ...p, spec: { ...p.spec!, containers: [{ ...p.spec!.containers[0], ports }] } }));
    const out = schedule({ pods, nodes: [node('h1'), node('h2')], assigned: [] });
    expect(out.bindings.map((b) => b.node).sort()).toEqual(['h1', 'h2']);
    expect(out.unschedulable[0].message).toBe(`0/2 hosts are available: 2 node(s) didn't have free ports for the requested pod ports. preemption: 0/2 hosts are available: 2 ${NO_VICTIMS}.`);
  });

  it('places a pod pinned by matchFields metadata.name (as DaemonSets do) on its host, and explains a full one over every host', () => {
    const pinned = (name: string, host: string, cpu = '100m'): Pod =>
      pod(name, {
        requests: { cpu },
        spec: {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [host] }] }] },
            },
          },
        },
      });
    const out = schedule({ pods: [pinned('ds-h2', 'h2'), pinned('ds-h3', 'h3', '8')], nodes: three(), assigned: [] });
    expect(out.bindings).toEqual([{ pod: 'default/ds-h2', node: 'h2' }]);
    expect(out.unschedulable[0].message).toBe(
      `0/3 hosts are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 hosts are available: 1 ${NO_VICTIMS}, 2 ${NOT_HELPFUL}.`,
    );
  });

  it('places a pod with spec.nodeName on that host only', () => {
    expect(placements({ pods: [pod('p', { nodeName: 'h3' })], nodes: three() })).toEqual(['default/p→h3']);
    const out = schedule({ pods: [pod('p', { nodeName: 'h9' })], nodes: three(), assigned: [] });
    expect(out.unschedulable[0].message).toBe(`0/3 hosts are available: 3 node(s) didn't match the requested node name. preemption: 0/3 hosts are available: 3 ${NOT_HELPFUL}.`);
  });

  it('follows preferred node affinity when resources are equal', () => {
    const nodes = [node('h1'), node('h2', { labels: { disk: 'ssd' } })];
    const affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } }] } };
    expect(placements({ pods: [pod('p', { spec: { affinity } })], nodes })).toEqual(['default/p→h2']);
  });

  it('says so when there are no hosts', () => {
    expect(schedule({ pods: [pod('p')], nodes: [], assigned: [] }).unschedulable[0].message).toBe('no hosts available to schedule pods');
  });

  it('ignores assigned pods on hosts it does not know', () => {
    const out = schedule({ pods: [pod('p', { requests: { memory: '8Gi' } })], nodes: [node('h1')], assigned: [running(pod('x', { requests: { memory: '8Gi' } }), 'gone')] });
    expect(out.bindings).toHaveLength(1);
  });

  it('filters from a rotating start, like kube-scheduler, so successive pods look at different hosts', () => {
    // 200 empty hosts: each pod looks at 100 of them (at least 100 nodes); all score the same, so it takes the first.
    const nodes: Node[] = Array.from({ length: 200 }, (_, i) => node(`n${String(i).padStart(3, '0')}`));
    expect(placements({ pods: [pod('a'), pod('b'), pod('c')], nodes })).toEqual(['default/a→n000', 'default/b→n100', 'default/c→n001']);
    // Configured to look at every host, the least-allocated empty host wins each time.
    expect(placements({ pods: [pod('a'), pod('b'), pod('c')], nodes, config: { percentageOfNodesToScore: 100 } })).toEqual([
      'default/a→n000',
      'default/b→n001',
      'default/c→n002',
    ]);
  });

  it('honors configuration: with NodeResourcesFit disabled, requests do not limit', () => {
    const pods = replicas('web', 3, { requests: { memory: '8Gi' } });
    expect(schedule({ pods, nodes: [node('h1')], assigned: [] }).bindings).toHaveLength(1);
    expect(schedule({ pods, nodes: [node('h1')], assigned: [], config: { plugins: { disabled: ['NodeResourcesFit'] } } }).bindings).toHaveLength(3);
  });

  it('repeats the same explanation for identical pods that fail one after another', () => {
    const out = schedule({ pods: replicas('web', 3, { requests: { cpu: '64' } }), nodes: [node('h1')], assigned: [] });
    expect(out.unschedulable.map((u) => u.pod)).toEqual(['default/web-0', 'default/web-1', 'default/web-2']);
    expect(new Set(out.unschedulable.map((u) => u.message))).toEqual(new Set([`0/1 hosts are available: 1 Insufficient cpu. preemption: 0/1 hosts are available: 1 ${NO_VICTIMS}.`]));
  });
});
