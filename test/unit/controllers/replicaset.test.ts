import { describe, expect, it } from 'vitest';
import { reconcileDeployment, reconcileReplicaSet, SAFE_ALPHABET } from '../../../src/controllers';
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
    const [rs] = reconcileDeployment(deployment('web', { replicas: 2 }));
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
