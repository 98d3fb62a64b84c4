import { describe, expect, it } from 'vitest';
import type { Node, PodSpec } from 'kubernetes-types/core/v1';
import { computeHash, reconcileDaemonSet, SAFE_ALPHABET } from '../../../src/controllers';
import { daemonSet, node } from './fixtures';

const nodes: Node[] = [
  node('h1', { labels: { zone: 'a', 'berth.dev/edge': 'true' } }),
  node('h2', { labels: { zone: 'b' } }),
  node('h3', { labels: { zone: 'b' }, taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }),
  node('h4', { labels: { zone: 'a' }, unschedulable: true }),
  node('h5', { labels: { zone: 'c' }, taints: [{ key: 'maintenance', effect: 'NoExecute' }] }),
  node('h6', { labels: { zone: 'c' }, taints: [{ key: 'spot', effect: 'PreferNoSchedule' }] }),
];

const placed = (spec: Partial<PodSpec>) => reconcileDaemonSet(daemonSet('agent', spec), nodes).map((p) => p.spec.nodeName).sort();

describe('reconcileDaemonSet eligibility', () => {
  it.each<[string, Partial<PodSpec>, string[]]>([
    ['no constraints: every node without untolerated taints, cordoned ones included', {}, ['h1', 'h2', 'h4', 'h6']],
    ['a nodeSelector', { nodeSelector: { zone: 'a' } }, ['h1', 'h4']],
    ['a nodeSelector no node matches', { nodeSelector: { zone: 'z' } }, []],
    [
      'required node affinity',
      { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'berth.dev/edge', operator: 'Exists' }] }] } } } },
      ['h1'],
    ],
    [
      'affinity on node names',
      { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['h1'] }] }] } } } },
      ['h2', 'h4', 'h6'],
    ],
    ['a toleration for a NoSchedule taint', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }] }, ['h1', 'h2', 'h3', 'h4', 'h6']],
    ['a toleration for a NoExecute taint', { tolerations: [{ key: 'maintenance', operator: 'Exists' }] }, ['h1', 'h2', 'h4', 'h5', 'h6']],
    ['a toleration of everything', { tolerations: [{ operator: 'Exists' }] }, ['h1', 'h2', 'h3', 'h4', 'h5', 'h6']],
    ['a template that names its node', { nodeName: 'h2' }, ['h2']],
  ])('%s', (_, spec, expected) => {
    expect(placed(spec)).toEqual(expected);
  });
});

describe('reconcileDaemonSet pods', () => {
  const ds = daemonSet('agent');
  const pods = reconcileDaemonSet(ds, nodes);

  it('names each pod <daemonset>-<5 characters hashed from the node name>, stable across runs, sorted', () => {
    const names = pods.map((p) => p.metadata.name);
    for (const name of names) expect(name).toMatch(new RegExp(`^agent-[${SAFE_ALPHABET}]{5}$`));
    expect([...names].sort()).toEqual(names);
    expect(reconcileDaemonSet(ds, nodes).map((p) => p.metadata.name)).toEqual(names);
  });

  it('keeps the other pods’ names when a node goes away', () => {
    const byNode = (list: typeof pods) => Object.fromEntries(list.map((p) => [p.spec.nodeName, p.metadata.name]));
    const { h1: _, ...rest } = byNode(pods);
    expect(byNode(reconcileDaemonSet(ds, nodes.slice(1)))).toEqual(rest);
  });

  it('never gives two pods the same name, even with thousands of nodes', () => {
    const many = Array.from({ length: 5000 }, (_, i) => node(`host-${i}`));
    const names = reconcileDaemonSet(ds, many).map((p) => p.metadata.name);
    expect(new Set(names).size).toBe(5000);
  });

  it('labels pods with controller-revision-hash, the template hash', () => {
    expect(pods[0].metadata.labels).toEqual({ app: 'agent', 'controller-revision-hash': computeHash(ds.spec!.template) });
  });

  it('adds the tolerations Kubernetes gives daemon pods, once', () => {
    const keys = pods[0].spec.tolerations!.map((t) => `${t.key}:${t.effect}`);
    expect(keys).toEqual([
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
    const hostNetwork = reconcileDaemonSet(daemonSet('agent', { hostNetwork: true, tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }] }), nodes);
    const tolerations = hostNetwork[0].spec.tolerations!.map((t) => t.key);
    expect(tolerations.filter((k) => k === 'node.kubernetes.io/not-ready')).toHaveLength(1);
    expect(tolerations).toContain('node.kubernetes.io/network-unavailable');
  });

  it('gives every pod the same spec hash, whatever node it is bound to', () => {
    expect(new Set(pods.map((p) => p.metadata.annotations!['berth.dev/spec-hash'])).size).toBe(1);
  });
});
