import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget, PodDisruptionBudgetSpec, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1';
import { canEvict, controllerRef, disruptionBudgetStatus, scaleFinder, type ScaleFinder } from '../../../src/controllers';
import type { KubeObject } from '../../../src/manifest';
import { deployment, podSpec, replicaSet } from './fixtures';
import { after, live } from './job-fixtures';

const t0 = '2024-03-10T12:00:00Z';
const now = new Date(t0);

function budget(spec: Partial<PodDisruptionBudgetSpec>, name = 'web'): PodDisruptionBudget {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default' }, spec: { selector: { matchLabels: { app: 'web' } }, ...spec } };
}

/** Deployment web (`replicas`) with ReplicaSets web-old and web-new, owned by it. */
function objects(replicas: number): KubeObject[] {
  const d = deployment('web', { replicas });
  const owned = (name: string) => ({ ...replicaSet(name, 2), metadata: { name, namespace: 'default', ownerReferences: [controllerRef(d)] } });
  return [d, owned('web-old'), owned('web-new')] as KubeObject[];
}

function pod(name: string, opts: { ready?: boolean; owner?: string | null; phase?: 'Pending' | 'Running' | 'Succeeded' } = {}): Pod {
  const { ready = true, owner = 'web-new', phase = 'Running' } = opts;
  const ownerReferences = owner ? [controllerRef({ apiVersion: 'apps/v1', kind: owner.startsWith('ds-') ? 'DaemonSet' : 'ReplicaSet', metadata: { name: owner, namespace: 'default' } })] : undefined;
  const desired: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { app: 'web' }, ...(ownerReferences ? { ownerReferences } : {}) }, spec: podSpec() };
  return live(desired, { phase, ready });
}

const ready = (n: number, owner = 'web-new') => Array.from({ length: n }, (_, i) => pod(`${owner}-${i}`, { owner }));

describe('disruptionBudgetStatus', () => {
  it.each<[string, Partial<PodDisruptionBudgetSpec>, number, Pod[], Partial<PodDisruptionBudgetStatus>]>([
    ['minAvailable 2 of 4 ready pods', { minAvailable: 2 }, 4, ready(4), { expectedPods: 4, desiredHealthy: 2, currentHealthy: 4, disruptionsAllowed: 2 }],
    ['minAvailable 50% of the Deployment’s 4', { minAvailable: '50%' }, 4, ready(4), { expectedPods: 4, desiredHealthy: 2, disruptionsAllowed: 2 }],
    ['maxUnavailable 1', { maxUnavailable: 1 }, 4, ready(4), { expectedPods: 4, desiredHealthy: 3, disruptionsAllowed: 1 }],
    ['maxUnavailable 25% of 4 → 1', { maxUnavailable: '25%' }, 4, ready(4), { desiredHealthy: 3, disruptionsAllowed: 1 }],
    ['maxUnavailable 30% of 4 rounds up to 2', { maxUnavailable: '30%' }, 4, ready(4), { desiredHealthy: 2, disruptionsAllowed: 2 }],
    ['maxUnavailable 10% of 4 rounds up to 1', { maxUnavailable: '10%' }, 4, ready(4), { desiredHealthy: 3, disruptionsAllowed: 1 }],
    ['maxUnavailable 1 with a pod not Ready', { maxUnavailable: 1 }, 4, [...ready(3), pod('web-new-9', { ready: false })], { currentHealthy: 3, disruptionsAllowed: 0 }],
    ['expected from the Deployment’s replicas, not the pods running', { maxUnavailable: 1 }, 5, ready(4), { expectedPods: 5, desiredHealthy: 4, disruptionsAllowed: 0 }],
    ['two ReplicaSets of one Deployment count once', { maxUnavailable: '50%' }, 4, [...ready(2, 'web-old'), ...ready(2)], { expectedPods: 4, desiredHealthy: 2, disruptionsAllowed: 2 }],
    ['an integer minAvailable counts pods, even without a controller', { minAvailable: 1 }, 4, [pod('bare', { owner: null })], { expectedPods: 1, disruptionsAllowed: 0 }],
    ['no pods: nothing may be disrupted', { maxUnavailable: 1 }, 4, [], { expectedPods: 0, disruptionsAllowed: 0 }],
  ])('%s', (_, spec, replicas, pods, expected) => {
    expect(disruptionBudgetStatus(budget(spec), pods, scaleFinder(objects(replicas)), undefined, now).status).toMatchObject(expected);
  });

  it.each<[number, string, string]>([
    [1, 'True', 'SufficientPods'],
    [0, 'False', 'InsufficientPods'],
  ])('%d disruptions allowed → DisruptionAllowed %s (%s)', (allowed, status, reason) => {
    const { status: s } = disruptionBudgetStatus(budget({ maxUnavailable: allowed }), ready(4), scaleFinder(objects(4)), undefined, now);
    expect(s.conditions).toEqual([{ type: 'DisruptionAllowed', status, reason, message: '', lastTransitionTime: t0.replace('Z', '.000Z') }]);
  });

  it('fails safe when a pod’s controller has no scale (a DaemonSet): no disruptions, SyncFailed', () => {
    const { status } = disruptionBudgetStatus(budget({ maxUnavailable: 1 }), ready(2, 'ds-agent'), scaleFinder(objects(4)), undefined, now);
    expect(status.disruptionsAllowed).toBe(0);
    expect(status.conditions![0]).toMatchObject({ status: 'False', reason: 'SyncFailed', message: 'found no controllers for pod "ds-agent-0"' });
  });

  it('warns about pods without a controller under a percentage, and leaves them out of expectedPods', () => {
    const { status, events } = disruptionBudgetStatus(budget({ minAvailable: '50%' }), [...ready(4), pod('bare', { owner: null })], scaleFinder(objects(4)), undefined, now);
    expect(status).toMatchObject({ expectedPods: 4, currentHealthy: 5, disruptionsAllowed: 3 });
    expect(events.map((e) => e.reason)).toEqual(['UnmanagedPods']);
  });

  it('takes the expected count from the ScaleFinder it is given', () => {
    const finder: ScaleFinder = () => ({ uid: 'web', replicas: 10 });
    expect(disruptionBudgetStatus(budget({ maxUnavailable: '10%' }), ready(4), finder, undefined, now).status).toMatchObject({ expectedPods: 10, desiredHealthy: 9 });
  });

  it('does not count a pod evicted within 2 minutes, and counts it again (NotDeleted) after', () => {
    const stored = { disruptedPods: { 'web-new-0': after(t0, -30).toISOString() }, disruptionsAllowed: 0, currentHealthy: 3, desiredHealthy: 3, expectedPods: 4 };
    const recent = disruptionBudgetStatus(budget({ maxUnavailable: 1 }), ready(4), scaleFinder(objects(4)), stored, now);
    expect(recent.status).toMatchObject({ currentHealthy: 3, disruptionsAllowed: 0, disruptedPods: stored.disruptedPods });
    const late = disruptionBudgetStatus(budget({ maxUnavailable: 1 }), ready(4), scaleFinder(objects(4)), stored, after(t0, 91));
    expect(late.status).toMatchObject({ currentHealthy: 4, disruptionsAllowed: 1 });
    expect(late.status.disruptedPods).toBeUndefined();
    expect(late.events.map((e) => [e.reason, e.pod])).toEqual([['NotDeleted', 'web-new-0']]);
  });
});

describe('canEvict', () => {
  const statusOf = (pdb: PodDisruptionBudget, pods: Pod[]) =>
    new Map([[`default/${pdb.metadata!.name}`, disruptionBudgetStatus(pdb, pods, scaleFinder(objects(4)), undefined, now).status]]);
  const pods = ready(4);

  it.each<[string, boolean, string | undefined, Pod, PodDisruptionBudget[]]>([
    ['a pod no budget selects', true, undefined, pod('other', { owner: null }), [budget({ maxUnavailable: 1 }, 'db')]],
    ['a ready pod with a disruption to spare', true, undefined, pods[0], [budget({ maxUnavailable: 1 })]],
    ['a ready pod with none to spare', false, 'DisruptionBudget', pods[0], [budget({ maxUnavailable: 0 })]],
    ['a pod under two budgets', false, 'MultipleBudgets', pods[0], [budget({ maxUnavailable: 1 }), budget({ maxUnavailable: 1 }, 'web-2')]],
    ['a Pending pod, whatever the budget', true, undefined, pod('p', { phase: 'Pending', ready: false }), [budget({ maxUnavailable: 0 })]],
    ['a finished pod, whatever the budget', true, undefined, pod('s', { phase: 'Succeeded', ready: false }), [budget({ maxUnavailable: 0 })]],
    ['an unready pod while the budget is healthy (no disruption used)', true, undefined, pod('u', { ready: false }), [budget({ minAvailable: 4 })]],
    ['an unready pod while the budget is not healthy', false, 'DisruptionBudget', pod('u', { ready: false }), [budget({ minAvailable: 5 })]],
    ['an unready pod under unhealthyPodEvictionPolicy AlwaysAllow', true, undefined, pod('u', { ready: false }), [budget({ minAvailable: 5, unhealthyPodEvictionPolicy: 'AlwaysAllow' })]],
  ])('%s → allowed %s %s', (_, allowed, reason, target, pdbs) => {
    const all = pods.includes(target) ? pods : [...pods, target];
    const statuses = new Map(pdbs.flatMap((p) => [...statusOf(p, all)]));
    const decision = canEvict(target, pdbs, statuses, now);
    expect(decision.allowed).toBe(allowed);
    if (!decision.allowed) expect(decision.reason).toBe(reason);
  });

  it('evicts an unready pod of a healthy budget without using a disruption', () => {
    const pdb = budget({ minAvailable: 4 });
    const unready = pod('u', { ready: false });
    expect(canEvict(unready, [pdb], statusOf(pdb, [...pods, unready]), now)).toEqual({ allowed: true, budget: 'web' });
  });

  it('refuses with the budget’s name and numbers', () => {
    const pdb = budget({ maxUnavailable: 0 });
    expect(canEvict(pods[0], [pdb], statusOf(pdb, pods), now)).toEqual({
      allowed: false,
      budget: 'web',
      reason: 'DisruptionBudget',
      message: "Cannot evict pod as it would violate the pod's disruption budget. The disruption budget web needs 4 healthy pods and has 4 currently",
    });
  });

  it('refuses until the budget has a status', () => {
    expect(canEvict(pods[0], [budget({ maxUnavailable: 1 })], new Map(), now)).toMatchObject({ allowed: false, reason: 'BudgetNotObserved' });
  });

  it('never lets a drain go below a maxUnavailable 25% budget: one eviction, then none until the pod is replaced', () => {
    const pdb = budget({ maxUnavailable: '25%' });
    let statuses = statusOf(pdb, pods);
    const first = canEvict(pods[0], [pdb], statuses, now);
    expect(first).toMatchObject({ allowed: true, budget: 'web', status: { disruptionsAllowed: 0, disruptedPods: { 'web-new-0': now.toISOString() } } });
    statuses = new Map([['default/web', first.allowed ? first.status! : statuses.get('default/web')!]]);
    expect(canEvict(pods[1], [pdb], statuses, now)).toMatchObject({ allowed: false });

    // Next pass: the evicted pod still runs (its host has not stopped it yet): still nothing to spare.
    const stillThere = disruptionBudgetStatus(pdb, pods, scaleFinder(objects(4)), statuses.get('default/web'), after(t0, 5)).status;
    expect(stillThere.disruptionsAllowed).toBe(0);
    // It is gone and its replacement is Ready: one again.
    const replaced = [...pods.slice(1), pod('web-new-7')];
    expect(disruptionBudgetStatus(pdb, replaced, scaleFinder(objects(4)), stillThere, after(t0, 30)).status.disruptionsAllowed).toBe(1);
  });
});
