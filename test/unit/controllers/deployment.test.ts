import { describe, expect, it } from 'vitest';
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import { computeHash, maxSurge, objectUid, reconcileDeployment } from '../../../src/controllers';
import { deployment } from './fixtures';

const now = new Date('2024-03-10T12:00:00Z');

describe('reconcileDeployment', () => {
  const web = deployment('web', { replicas: 3 });
  const [rs] = reconcileDeployment(web, {}, now).replicaSets;
  const hash = computeHash(web.spec!.template);

  it('names the ReplicaSet <deployment>-<pod-template-hash>', () => {
    expect(rs.metadata!.name).toBe(`web-${hash}`);
    expect(rs.metadata!.namespace).toBe('default');
  });

  it('adds pod-template-hash to the ReplicaSet’s labels, selector and template labels', () => {
    expect(rs.metadata!.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec!.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec!.template!.metadata!.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
  });

  it('leaves the Deployment’s own template untouched', () => {
    expect(web.spec!.template.metadata!.labels).toEqual({ app: 'web' });
  });

  it('keeps the template spec as is and asks for the Deployment’s replicas', () => {
    expect(rs.spec!.template!.spec).toBe(web.spec!.template.spec);
    expect(rs.spec!.replicas).toBe(3);
  });

  it('annotates revision 1 and the desired and maximum replicas (25% surge rounded up)', () => {
    expect(rs.metadata!.annotations).toEqual({
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
      'deployment.kubernetes.io/revision': '1',
    });
  });

  it('copies the Deployment’s annotations except kubectl’s and the rollout bookkeeping', () => {
    const annotated = deployment('web');
    annotated.metadata!.annotations = {
      team: 'payments',
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      'deployment.kubernetes.io/revision': '7',
    };
    const [copy] = reconcileDeployment(annotated, {}, now).replicaSets;
    expect(copy.metadata!.annotations!.team).toBe('payments');
    expect(copy.metadata!.annotations!['kubectl.kubernetes.io/last-applied-configuration']).toBeUndefined();
    expect(copy.metadata!.annotations!['deployment.kubernetes.io/revision']).toBe('1');
  });

  it('is owned by the Deployment as its controller, with a uid derived from kind/namespace/name', () => {
    expect(rs.metadata!.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: objectUid('Deployment', 'default', 'web'), controller: true, blockOwnerDeletion: true },
    ]);
    expect(objectUid('Deployment', 'default', 'web')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(objectUid('Deployment', 'other', 'web')).not.toBe(objectUid('Deployment', 'default', 'web'));
  });

  it('names a new ReplicaSet when the template changes, and the same one when only replicas change', () => {
    const [changed] = reconcileDeployment(deployment('web', { replicas: 3, image: 'registry.local/web:2.0' }), {}, now).replicaSets;
    const [scaled] = reconcileDeployment(deployment('web', { replicas: 5 }), {}, now).replicaSets;
    expect(changed.metadata!.name).not.toBe(rs.metadata!.name);
    expect(scaled.metadata!.name).toBe(rs.metadata!.name);
  });

  it('uses status.collisionCount in the hash', () => {
    const [bumped] = reconcileDeployment(web, { status: { collisionCount: 1 } }, now).replicaSets;
    expect(bumped.metadata!.name).toBe(`web-${computeHash(web.spec!.template, 1)}`);
  });

  it('continues revisions after the ReplicaSets it already owns, and keeps the current one’s', () => {
    const old = (name: string, revision: string): ReplicaSet => ({ metadata: { name, annotations: { 'deployment.kubernetes.io/revision': revision } } });
    const current = (sets: ReplicaSet[]) => sets.find((s) => s.metadata!.name === `web-${hash}`)!;
    const next = current(reconcileDeployment(web, { replicaSets: [old('web-aaaa', '1'), old('web-bbbb', '4')] }, now).replicaSets);
    expect(next.metadata!.annotations!['deployment.kubernetes.io/revision']).toBe('5');
    const same = current(reconcileDeployment(web, { replicaSets: [old('web-aaaa', '1'), old(`web-${hash}`, '6')] }, now).replicaSets);
    expect(same.metadata!.annotations!['deployment.kubernetes.io/revision']).toBe('6');
  });

  it('creates no ReplicaSet for a paused Deployment, and keeps (and sizes) the current one', () => {
    const paused = deployment('web');
    paused.spec!.paused = true;
    expect(reconcileDeployment(paused, {}, now).replicaSets).toEqual([]);
    const name = `web-${computeHash(paused.spec!.template)}`;
    const current: ReplicaSet = { metadata: { name }, spec: { replicas: 0, selector: {} } };
    // A scale change still applies to a paused Deployment, as in Kubernetes.
    const kept = reconcileDeployment(paused, { replicaSets: [current] }, now).replicaSets;
    expect(kept.map((r) => [r.metadata!.name, r.spec!.replicas])).toEqual([[name, 1]]);
  });
});

describe('maxSurge', () => {
  it.each([
    [10, '25%', '25%', 3],
    [1, '25%', '25%', 1],
    [4, 2, 0, 2],
    [4, '0%', '0%', 0],
    [0, '25%', '25%', 0],
  ])('replicas %d, maxSurge %j, maxUnavailable %j → %d', (replicas, surge, unavailable, expected) => {
    const d = deployment('web', { replicas });
    d.spec!.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } };
    expect(maxSurge(d)).toBe(expected);
  });

  it('is 0 for the Recreate strategy', () => {
    const d = deployment('web', { replicas: 4 });
    d.spec!.strategy = { type: 'Recreate' };
    expect(maxSurge(d)).toBe(0);
  });
});
