import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { isPodAvailable, keptPods, reconcileDeployment, reconcileReplicaSet, replicaSetStatus, SAFE_ALPHABET } from '../../../src/controllers';
import { ANNOTATION_SPEC_HASH } from '../../../src/manifest';
import { deployment, replicaSet } from './fixtures';

describe('reconcileReplicaSet', () => {
  it.each([0, 1, 3, 30])('makes %d pods for %d replicas', (replicas) => {
    expect(reconcileReplicaSet(replicaSet('web', replicas))).toHaveLength(replicas);
  });

  it('names pods <replicaset>-<5 characters of the safe alphabet>, all different, sorted', () => {
    const pods = reconcileReplicaSet(replicaSet('web-5d8f9', 200));
    const names = pods.map((p) => p.metadata.name);
    expect(new Set(names).size).toBe(200);
    expect([...names].sort()).toEqual(names);
    for (const name of names) expect(name).toMatch(new RegExp(`^web-5d8f9-[${SAFE_ALPHABET}]{5}$`));
  });

  it('rehashes a suffix two ordinals share, so every replica still gets its own name', () => {
    // Ordinals 8406 and 11030 of default/web hash to the same suffix.
    const names = reconcileReplicaSet(replicaSet('web', 11031)).map((p) => p.metadata.name);
    expect(new Set(names).size).toBe(11031);
    expect([...names].sort()).toEqual(names);
  });

  it('names the same pods on every run, and keeps the existing names when scaled up', () => {
    const three = reconcileReplicaSet(replicaSet('web', 3)).map((p) => p.metadata.name);
    const again = reconcileReplicaSet(replicaSet('web', 3)).map((p) => p.metadata.name);
    const five = reconcileReplicaSet(replicaSet('web', 5)).map((p) => p.metadata.name);
    expect(again).toEqual(three);
    expect(five).toEqual(expect.arrayContaining(three));
  });

  it('names pods differently in another ReplicaSet or namespace', () => {
    const a = reconcileReplicaSet(replicaSet('web', 1))[0].metadata.name;
    const b = reconcileReplicaSet(replicaSet('web', 1, 'staging'))[0].metadata.name;
    const c = reconcileReplicaSet(replicaSet('api', 1))[0].metadata.name;
    expect(a.slice(-5)).not.toBe(b.slice(-5));
    expect(c).toMatch(/^api-/);
  });

  it('cuts a long ReplicaSet name so the pod name is at most 63 characters, like generateName', () => {
    const long = 'a'.repeat(70);
    const [pod] = reconcileReplicaSet(replicaSet(long, 1));
    expect(pod.metadata.name).toHaveLength(63);
    expect(pod.metadata.name.startsWith('a'.repeat(58))).toBe(true);
  });

  it('gives pods the template’s labels and annotations, the namespace, an owner reference and a spec hash', () => {
    const [rs] = reconcileDeployment(deployment('web', { replicas: 2 }), {}, new Date('2024-03-10T12:00:00Z')).replicaSets;
    rs.spec!.template!.metadata!.annotations = { 'prometheus.io/scrape': 'true' };
    const [pod] = reconcileReplicaSet(rs);
    expect(pod.metadata.namespace).toBe('default');
    expect(pod.metadata.labels).toEqual(rs.spec!.template!.metadata!.labels);
    expect(pod.metadata.annotations!['prometheus.io/scrape']).toBe('true');
    expect(pod.metadata.annotations![ANNOTATION_SPEC_HASH]).toMatch(/^[0-9a-f]{16}$/);
    expect(pod.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'ReplicaSet', name: rs.metadata!.name, controller: true })]);
  });

  it('shares one spec, labels and annotations object between sibling pods instead of copying them', () => {
    const [a, b] = reconcileReplicaSet(replicaSet('web', 2));
    expect(a.spec).toBe(b.spec);
    expect(a.metadata.labels).toBe(b.metadata.labels);
    expect(a.metadata.annotations).toBe(b.metadata.annotations);
  });
});

describe('reconcileReplicaSet with live pods', () => {
  const now = Date.parse('2024-03-10T12:00:00Z');
  const at = (secondsAgo: number) => new Date(now - secondsAgo * 1000).toISOString();
  type Shape = { node?: string; phase?: 'Pending' | 'Running' | 'Unknown'; ready?: number; restarts?: number; created?: number; cost?: string; terminating?: boolean; finished?: boolean };
  const livePod = (name: string, s: Shape): Pod => ({
    metadata: {
      name,
      namespace: 'default',
      ...(s.created !== undefined ? { creationTimestamp: at(s.created) } : {}),
      ...(s.cost ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': s.cost } } : {}),
      ...(s.terminating ? { deletionTimestamp: at(0) } : {}),
    },
    spec: { containers: [], ...(s.node === '' ? {} : { nodeName: s.node ?? 'h1' }) },
    status: {
      phase: s.finished ? 'Succeeded' : (s.phase ?? 'Running'),
      conditions: [{ type: 'Ready', status: s.ready !== undefined ? 'True' : 'False', ...(s.ready !== undefined ? { lastTransitionTime: at(s.ready) } : {}) }],
      containerStatuses: [{ name: 'app', image: 'x', imageID: '', ready: s.ready !== undefined, restartCount: s.restarts ?? 0 }],
    },
  });

  it.each<[string, Record<string, Shape>, string]>([
    ['an unscheduled pod goes before a scheduled one', { a: { ready: 60, node: '' }, b: { ready: 60, node: 'h2' } }, 'a'],
    ['a Pending pod before an Unknown one before a Running one', { a: { phase: 'Running' }, b: { phase: 'Unknown' }, c: { phase: 'Pending' } }, 'c'],
    ['a pod that is not Ready before a Ready one', { a: { ready: 60 }, b: {}, c: { ready: 60, node: 'h2' } }, 'b'],
    ['a lower pod-deletion-cost first', { a: { ready: 60, cost: '10' }, b: { ready: 60, cost: '-5', node: 'h2' } }, 'b'],
    ['a pod doubled up on a host before one alone', { a: { ready: 60, node: 'h1' }, b: { ready: 60, node: 'h1' }, c: { ready: 60, node: 'h2' } }, 'b'],
    ['the pod Ready for less time first', { a: { ready: 600, node: 'h1' }, b: { ready: 5, node: 'h2' } }, 'b'],
    ['more container restarts first', { a: { ready: 60, restarts: 1, node: 'h1' }, b: { ready: 60, restarts: 4, node: 'h2' } }, 'b'],
    ['the newer pod first', { a: { ready: 60, created: 900, node: 'h1' }, b: { ready: 60, created: 90, node: 'h2' } }, 'b'],
    ['on a perfect tie, the greater name', { a: { ready: 60, node: 'h1' }, b: { ready: 60, node: 'h2' } }, 'b'],
  ])('scaling down by one: %s', (_, shapes, removed) => {
    const pods = Object.entries(shapes).map(([name, s]) => livePod(name, s));
    const kept = keptPods(pods, pods.length - 1).map((p) => p.metadata!.name);
    expect(kept).toEqual(Object.keys(shapes).filter((n) => n !== removed));
  });

  it('counts neither terminating nor finished pods', () => {
    const pods = [livePod('a', { ready: 60 }), livePod('b', { ready: 60, terminating: true }), livePod('c', { finished: true })];
    expect(keptPods(pods, 3).map((p) => p.metadata!.name)).toEqual(['a']);
  });

  it('keeps the pods it ranks best and names the missing ones after the lowest free ordinals', () => {
    const three = reconcileReplicaSet(replicaSet('web', 3)).map((p) => p.metadata.name);
    const live = three.map((name, i) => livePod(name, i === 1 ? {} : { ready: 60, node: `h${i}` }));
    const two = reconcileReplicaSet(replicaSet('web', 2), live).map((p) => p.metadata.name);
    expect(two).toEqual([three[0], three[2]]);
    // Back to three: the free ordinal is the one just dropped, so the same three names.
    expect(reconcileReplicaSet(replicaSet('web', 3), live.filter((p) => two.includes(p.metadata!.name!))).map((p) => p.metadata.name)).toEqual(three);
  });

  it('keeps live pods with names it would not choose, and adds ordinals around them', () => {
    const names = reconcileReplicaSet(replicaSet('web', 3), [livePod('web-legacy', { ready: 60 })]).map((p) => p.metadata.name);
    const ordinals = reconcileReplicaSet(replicaSet('web', 2)).map((p) => p.metadata.name);
    expect(names).toEqual([...ordinals, 'web-legacy'].sort());
  });

  it('reports the status of the pods it keeps: ready, and available after minReadySeconds', () => {
    const rs = replicaSet('web', 3);
    rs.spec!.minReadySeconds = 30;
    const pods = [livePod('a', { ready: 60 }), livePod('b', { ready: 10 }), livePod('c', {}), livePod('d', {})];
    expect(replicaSetStatus(rs, pods, new Date(now))).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 2, availableReplicas: 1 });
  });
});

describe('isPodAvailable', () => {
  const ready = (since: string): Pod => ({ status: { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: since }] } });
  const now = Date.parse('2024-03-10T12:00:30Z');
  it.each<[string, boolean, Pod, number]>([
    ['ready, minReadySeconds 0', true, ready('2024-03-10T12:00:30Z'), 0],
    ['ready for exactly minReadySeconds (strictly before now is needed)', false, ready('2024-03-10T12:00:00Z'), 30],
    ['ready for longer than minReadySeconds', true, ready('2024-03-10T11:59:59Z'), 30],
    ['ready without a transition time, minReadySeconds 10', false, { status: { conditions: [{ type: 'Ready', status: 'True' }] } }, 10],
    ['not ready', false, { status: { conditions: [{ type: 'Ready', status: 'False' }] } }, 0],
  ])('%s → available: %s', (_, expected, pod, minReadySeconds) => {
    expect(isPodAvailable(pod, minReadySeconds, now)).toBe(expected);
  });
});
