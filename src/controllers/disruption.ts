// The disruption controller (pkg/controller/disruption/disruption.go): each PodDisruptionBudget's status from the
// pods agents report and the scale of the controllers that own them. Pure: the clock is `now`.
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { Condition, OwnerReference } from 'kubernetes-types/meta/v1';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1';
import { formatLabelSelector, labelSelectorMatches, type KubeObject } from '../manifest';
import { objectUid } from './owner';
import { isPodReady } from './rollout-pods';

/** DeletionTimeout: an evicted pod that still runs after 2 minutes counts again. */
export const DISRUPTED_POD_TIMEOUT_MS = 120_000;

export const CONDITION_DISRUPTION_ALLOWED = 'DisruptionAllowed';
export const REASON_SUFFICIENT_PODS = 'SufficientPods';
export const REASON_INSUFFICIENT_PODS = 'InsufficientPods';
export const REASON_SYNC_FAILED = 'SyncFailed';
export const REASON_NO_PODS = 'NoPods';
export const REASON_UNMANAGED_PODS = 'UnmanagedPods';
export const REASON_NOT_DELETED = 'NotDeleted';

export interface DisruptionEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** The object the event is about, when not the budget itself (NotDeleted is about the pod). */
  pod?: string;
}

/**
 * The scale of a pod's controller, as the disruption controller's finders see it: a ReplicaSet owned by a Deployment
 * answers with the Deployment (its uid and spec.replicas), a bare ReplicaSet with itself; DaemonSets and Jobs have
 * no scale (undefined).
 */
export type ScaleFinder = (controllerRef: OwnerReference, namespace: string) => { uid: string; replicas: number } | undefined;

export interface DisruptionBudgetResult {
  /** Store it: the next pass and canEvict read it (disruptedPods, conditions' transition times). */
  status: PodDisruptionBudgetStatus;
  events: DisruptionEvent[];
}

/** The budget's pods: in its namespace, matched by its selector (none without one; an empty one matches all, as policy/v1). */
export function podsOfBudget(pdb: PodDisruptionBudget, pods: readonly Pod[]): Pod[] {
  const namespace = pdb.metadata?.namespace ?? 'default';
  return pods.filter((p) => (p.metadata?.namespace ?? 'default') === namespace && labelSelectorMatches(pdb.spec?.selector, p.metadata?.labels));
}

/**
 * trySync: expectedPods is the pod count for an integer minAvailable, otherwise the sum of the owning controllers'
 * replicas (pods without a controller are left out, with an UnmanagedPods warning); desiredHealthy is minAvailable,
 * or expectedPods − maxUnavailable (percentages rounded up); currentHealthy counts Ready pods, minus pods evicted
 * in the last 2 minutes; disruptionsAllowed = currentHealthy − desiredHealthy, 0 when negative or nothing expected.
 * A pod whose controller has no scale fails the sync safe: disruptionsAllowed 0, condition SyncFailed.
 */
export function disruptionBudgetStatus(pdb: PodDisruptionBudget, pods: readonly Pod[], scaleOf: ScaleFinder, stored: PodDisruptionBudgetStatus | undefined, now: Date): DisruptionBudgetResult {
  const spec = pdb.spec ?? {};
  const own = podsOfBudget(pdb, pods);
  const events: DisruptionEvent[] = [];
  if (own.length === 0) events.push({ type: 'Normal', reason: REASON_NO_PODS, message: 'No matching pods found' });

  let expectedPods: number;
  let desiredHealthy: number;
  const minAvailable = spec.minAvailable;
  if (spec.maxUnavailable === undefined && typeof minAvailable === 'number') {
    expectedPods = own.length;
    desiredHealthy = minAvailable;
  } else if (spec.maxUnavailable === undefined && minAvailable === undefined) {
    expectedPods = 0;
    desiredHealthy = 0;
  } else {
    const scale = expectedScale(own, scaleOf);
    if ('error' in scale) return failSafe(stored, scale.error, now, events);
    if (scale.unmanaged.length) events.push({ type: 'Warning', reason: REASON_UNMANAGED_PODS, message: unmanagedMessage(pdb) });
    expectedPods = scale.expected;
    desiredHealthy =
      spec.maxUnavailable !== undefined
        ? Math.max(0, expectedPods - scaledValue(spec.maxUnavailable, expectedPods))
        : scaledValue(minAvailable!, expectedPods);
  }

  const disruptedPods: Record<string, string> = {};
  for (const pod of own) {
    const name = pod.metadata!.name!;
    const at = stored?.disruptedPods?.[name];
    if (!at || pod.metadata?.deletionTimestamp) continue;
    if (Date.parse(at) + DISRUPTED_POD_TIMEOUT_MS < now.getTime()) {
      const namespace = pdb.metadata?.namespace ?? 'default';
      events.push({ type: 'Warning', reason: REASON_NOT_DELETED, message: `Pod was expected by PDB ${namespace}/${pdb.metadata?.name} to be deleted but it wasn't`, pod: name });
    } else {
      disruptedPods[name] = at;
    }
  }
  let currentHealthy = 0;
  for (const pod of own) {
    if (pod.metadata?.deletionTimestamp || disruptedPods[pod.metadata!.name!]) continue;
    if (isPodReady(pod)) currentHealthy++;
  }
  const allowed = currentHealthy - desiredHealthy;
  const disruptionsAllowed = expectedPods <= 0 || allowed <= 0 ? 0 : allowed;
  const status: PodDisruptionBudgetStatus = {
    ...(Object.keys(disruptedPods).length ? { disruptedPods } : {}),
    disruptionsAllowed,
    currentHealthy,
    desiredHealthy,
    expectedPods,
    conditions: disruptionAllowedCondition(stored?.conditions, disruptionsAllowed, now),
  };
  return { status, events };
}

/** UpdateDisruptionAllowedCondition: True/SufficientPods when disruptions are allowed, else False/InsufficientPods. */
export function disruptionAllowedCondition(previous: readonly Condition[] | undefined, disruptionsAllowed: number, now: Date): Condition[] {
  return disruptionsAllowed > 0
    ? setCondition(previous, { type: CONDITION_DISRUPTION_ALLOWED, status: 'True', reason: REASON_SUFFICIENT_PODS, message: '' }, now)
    : setCondition(previous, { type: CONDITION_DISRUPTION_ALLOWED, status: 'False', reason: REASON_INSUFFICIENT_PODS, message: '' }, now);
}

/**
 * A ScaleFinder over desired objects (the expansion's Deployments and ReplicaSets): a pod's ReplicaSet, or the
 * Deployment that owns it.
 */
export function scaleFinder(objects: readonly KubeObject[]): ScaleFinder {
  const byKey = new Map<string, KubeObject>();
  for (const o of objects) if (o.kind === 'Deployment' || o.kind === 'ReplicaSet') byKey.set(`${o.kind}/${o.metadata.namespace ?? 'default'}/${o.metadata.name}`, o);
  const find = (kind: string, namespace: string, name: string, uid?: string) => {
    const o = byKey.get(`${kind}/${namespace}/${name}`);
    return o && (!uid || uid === objectUid(kind, namespace, name)) ? o : undefined;
  };
  const finder: ScaleFinder = (ref, namespace) => {
    if (ref.kind === 'Deployment') {
      const d = find('Deployment', namespace, ref.name, ref.uid) as Deployment | undefined;
      return d ? { uid: objectUid('Deployment', namespace, ref.name), replicas: d.spec?.replicas ?? 1 } : undefined;
    }
    if (ref.kind !== 'ReplicaSet') return undefined;
    const rs = find('ReplicaSet', namespace, ref.name, ref.uid) as ReplicaSet | undefined;
    if (!rs) return undefined;
    const owner = rs.metadata?.ownerReferences?.find((r) => r.controller);
    if (owner?.kind === 'Deployment') return finder(owner, namespace);
    return { uid: objectUid('ReplicaSet', namespace, ref.name), replicas: rs.spec?.replicas ?? 1 };
  };
  return finder;
}

/** getExpectedScale: the sum of the scales of the pods' controllers, each controller counted once. */
function expectedScale(pods: readonly Pod[], scaleOf: ScaleFinder): { expected: number; unmanaged: string[] } | { error: string } {
  // Two ReplicaSets of one Deployment resolve to the Deployment: sum over what the finder answers, not over the refs.
  const controllers = new Map<string, number>();
  const seen = new Set<string>();
  const unmanaged: string[] = [];
  for (const pod of pods) {
    const ref = pod.metadata?.ownerReferences?.find((r) => r.controller);
    if (!ref) {
      unmanaged.push(pod.metadata!.name!);
      continue;
    }
    if (seen.has(ref.uid)) continue;
    seen.add(ref.uid);
    const scale = scaleOf(ref, pod.metadata?.namespace ?? 'default');
    if (!scale) return { error: `found no controllers for pod ${JSON.stringify(pod.metadata!.name)}` };
    controllers.set(scale.uid, scale.replicas);
  }
  let expected = 0;
  for (const n of controllers.values()) expected += n;
  return { expected, unmanaged };
}

/** intstr.GetScaledValueFromIntOrPercent with roundUp. */
export function scaledValue(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  return Math.ceil((Number(value.replace(/%$/, '')) * total) / 100);
}

function failSafe(stored: PodDisruptionBudgetStatus | undefined, message: string, now: Date, events: DisruptionEvent[]): DisruptionBudgetResult {
  const condition = { type: CONDITION_DISRUPTION_ALLOWED, status: 'False', reason: REASON_SYNC_FAILED, message };
  const status: PodDisruptionBudgetStatus = {
    currentHealthy: 0,
    desiredHealthy: 0,
    expectedPods: 0,
    ...stored,
    disruptionsAllowed: 0,
    conditions: setCondition(stored?.conditions, condition, now),
  };
  return { status, events };
}

/** meta.SetStatusCondition: lastTransitionTime moves only when the status changes. */
function setCondition(previous: readonly Condition[] | undefined, c: Omit<Condition, 'lastTransitionTime'>, now: Date): Condition[] {
  const list = (previous ?? []).map((x) => ({ ...x }));
  const existing = list.find((x) => x.type === c.type);
  if (!existing) return [...list, { ...c, lastTransitionTime: now.toISOString() }];
  if (existing.status !== c.status) existing.lastTransitionTime = now.toISOString();
  Object.assign(existing, { status: c.status, reason: c.reason, message: c.message });
  return list;
}

function unmanagedMessage(pdb: PodDisruptionBudget): string {
  return (
    `Pods selected by this PodDisruptionBudget (selector: ${formatLabelSelector(pdb.spec?.selector)}) were found to be unmanaged. ` +
    'As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. ' +
    'To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.'
  );
}
