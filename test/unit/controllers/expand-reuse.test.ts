import { describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { expand, reconcileDeployment, reconcileReplicaSet } from '../../../src/controllers';
import { deployment, desiredState, replicaSet, service } from './fixtures';

// Passes over an unchanged commit see the same desired objects: what expand builds from them is reused, so the plan
// finds them equal by identity. Anything that shapes the output still changes it.
const now = new Date('2024-03-10T12:00:00Z');
const later = new Date('2024-03-10T12:05:00Z');
const rsOf = (e: ReturnType<typeof expand>) => e.objects.find((o) => o.kind === 'ReplicaSet')!;

describe('expand over the same desired state', () => {
  const state = desiredState([deployment('web', { replicas: 3 }), service('web', { app: 'web' }, [{ port: 80, targetPort: 8080, protocol: 'TCP' }])]);

  it('returns the same ReplicaSet, Service and pod objects pass after pass, with equal results', () => {
    const a = expand(state, { now });
    const b = expand(state, { now });
    expect(b).toEqual(a);
    expect(rsOf(b)).toBe(rsOf(a));
    expect(b.objects.find((o) => o.kind === 'Service')).toBe(a.objects.find((o) => o.kind === 'Service'));
    b.pods.forEach((p, i) => expect(p).toBe(a.pods[i]));
    expect(b.pods).not.toBe(a.pods);
  });

  it('builds a new ReplicaSet when the time it would be created at differs', () => {
    const a = expand(state, { now });
    const b = expand(state, { now: later });
    expect(rsOf(b)).not.toBe(rsOf(a));
    expect(rsOf(b).metadata.creationTimestamp).toBe('2024-03-10T12:05:00Z');
  });

  it('names a changed template’s ReplicaSet by its new hash', () => {
    const d = deployment('web', { replicas: 3 });
    const changed: Deployment = { ...d, spec: { ...d.spec!, template: { ...d.spec!.template, spec: { ...d.spec!.template.spec!, hostname: 'x' } } } };
    const a = reconcileDeployment(d, {}, now).replicaSets[0];
    const b = reconcileDeployment(changed, {}, now).replicaSets[0];
    expect(b.metadata!.name).not.toBe(a.metadata!.name);
    expect(reconcileDeployment(d, {}, now).replicaSets[0]).toBe(a);
  });

  it('returns the stored ReplicaSet itself when a pass with its record changes nothing, and a new one when it scales', () => {
    const d = deployment('web', { replicas: 3 });
    const first = reconcileDeployment(d, {}, now);
    const second = reconcileDeployment(d, { ...first.record, pods: new Map() }, later);
    const third = reconcileDeployment(d, { ...second.record, pods: new Map() }, later);
    expect(third.replicaSets[0]).toBe(second.replicaSets[0]);
    const scaled = reconcileDeployment({ ...d, spec: { ...d.spec!, replicas: 5 } }, { ...third.record, pods: new Map() }, later);
    expect(scaled.replicaSets[0]).not.toBe(third.replicaSets[0]);
    expect(scaled.replicaSets[0].spec!.replicas).toBe(5);
  });
});

describe('reconcileReplicaSet across passes', () => {
  it('reuses the pod name strings of the same ReplicaSet and size, and follows a new size', () => {
    const rs = replicaSet('cache-reuse', 4);
    const a = reconcileReplicaSet(rs);
    expect(reconcileReplicaSet(rs).map((p) => p.metadata.name)).toEqual(a.map((p) => p.metadata.name));
    const bigger: ReplicaSet = { ...rs, spec: { ...rs.spec!, replicas: 6 } };
    const b = reconcileReplicaSet(bigger);
    expect(b).toHaveLength(6);
    expect(b.map((p) => p.metadata.name)).toEqual(expect.arrayContaining(a.map((p) => p.metadata.name)));
    expect(reconcileReplicaSet(rs)).toHaveLength(4);
  });

  it('gives a ReplicaSet that shares a template object with another its own owner reference', () => {
    const a = replicaSet('one', 1);
    const b: ReplicaSet = { ...a, metadata: { ...a.metadata, name: 'two' } };
    expect(reconcileReplicaSet(a)[0].metadata.ownerReferences![0].name).toBe('one');
    expect(reconcileReplicaSet(b)[0].metadata.ownerReferences![0].name).toBe('two');
  });
});
