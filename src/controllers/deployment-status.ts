// Deployment status and its conditions, as Kubernetes' deployment/sync.go (calculateStatus) and progress.go
// (syncRolloutStatus) compute them. Times are RFC 3339 seconds, as metav1.Time serialises.
import type { DeploymentCondition, DeploymentStatus } from 'kubernetes-types/apps/v1';
import { progressDeadline } from './deployment-util';
import { sumAvailable, sumReplicas, type SyncContext } from './deployment-replicasets';

export const REASON_NEW_RS_CREATED = 'NewReplicaSetCreated';
export const REASON_FOUND_NEW_RS = 'FoundNewReplicaSet';
export const REASON_RS_UPDATED = 'ReplicaSetUpdated';
export const REASON_NEW_RS_AVAILABLE = 'NewReplicaSetAvailable';
export const REASON_TIMED_OUT = 'ProgressDeadlineExceeded';
export const REASON_PAUSED = 'DeploymentPaused';
export const REASON_RESUMED = 'DeploymentResumed';
export const REASON_MIN_AVAILABLE = 'MinimumReplicasAvailable';
export const REASON_MIN_UNAVAILABLE = 'MinimumReplicasUnavailable';

type ConditionStatus = 'True' | 'False' | 'Unknown';

export function newCondition(type: string, status: ConditionStatus, reason: string, message: string, at: string): DeploymentCondition {
  return { type, status, lastUpdateTime: at, lastTransitionTime: at, reason, message };
}

export function getCondition(status: DeploymentStatus, type: string): DeploymentCondition | undefined {
  return status.conditions?.find((c) => c.type === type);
}

/**
 * SetDeploymentCondition: nothing when status and reason are the same; the transition time kept when only the reason
 * changes; the condition moves to the end of the list.
 */
export function setCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const next = current && current.status === condition.status ? { ...condition, lastTransitionTime: current.lastTransitionTime } : condition;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  if (status.conditions?.some((c) => c.type === type)) status.conditions = status.conditions.filter((c) => c.type !== type);
}

/** calculateStatus: counts from the ReplicaSets' statuses and the Available condition; other conditions carried over. */
export function calculateStatus(ctx: SyncContext): DeploymentStatus {
  const live = ctx.all.filter((w) => !w.deleted);
  const available = sumAvailable(live);
  let replicas = 0;
  let ready = 0;
  for (const w of live) {
    replicas += w.status.replicas;
    ready += w.status.readyReplicas;
  }
  const status: DeploymentStatus = {
    observedGeneration: ctx.d.metadata?.generation ?? 1,
    replicas,
    updatedReplicas: ctx.newRS?.status.replicas ?? 0,
    readyReplicas: ready,
    availableReplicas: available,
    // Negative while scaling down (more available than desired): 0, as in Kubernetes.
    unavailableReplicas: Math.max(0, sumReplicas(live) - available),
    ...(ctx.status.collisionCount !== undefined ? { collisionCount: ctx.status.collisionCount } : {}),
    ...(ctx.status.conditions?.length ? { conditions: ctx.status.conditions } : {}),
  };
  if (available >= ctx.replicas - ctx.maxUnavailable) {
    setCondition(status, newCondition('Available', 'True', REASON_MIN_AVAILABLE, 'Deployment has minimum availability.', ctx.nowIso));
  } else {
    setCondition(status, newCondition('Available', 'False', REASON_MIN_UNAVAILABLE, 'Deployment does not have minimum availability.', ctx.nowIso));
  }
  return status;
}

/** DeploymentComplete: every replica updated and available, none old. */
export function deploymentComplete(ctx: SyncContext, status: DeploymentStatus): boolean {
  return (
    status.updatedReplicas === ctx.replicas &&
    status.replicas === ctx.replicas &&
    status.availableReplicas === ctx.replicas &&
    (status.observedGeneration ?? 0) >= (ctx.d.metadata?.generation ?? 0)
  );
}

/** DeploymentProgressing: more updated, ready or available pods than the previous pass saw, or fewer old ones. */
function deploymentProgressing(ctx: SyncContext, status: DeploymentStatus): boolean {
  const old = ctx.previous;
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (
    (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** DeploymentTimedOut: no progress since the Progressing condition's lastUpdateTime + progressDeadlineSeconds. */
function deploymentTimedOut(ctx: SyncContext, status: DeploymentStatus): boolean {
  const deadline = progressDeadline(ctx.d);
  if (deadline === undefined) return false;
  const condition = getCondition(status, 'Progressing');
  if (!condition) return false;
  if (condition.reason === REASON_NEW_RS_AVAILABLE) return false;
  if (condition.reason === REASON_TIMED_OUT) return true;
  const from = condition.lastUpdateTime ? Date.parse(condition.lastUpdateTime) : Number.NaN;
  return !Number.isNaN(from) && from + deadline * 1000 < ctx.nowMs;
}

/** syncRolloutStatus: calculateStatus plus the Progressing condition (complete, progressing, or timed out). */
export function rolloutStatus(ctx: SyncContext): DeploymentStatus {
  const status = calculateStatus(ctx);
  const hasDeadline = progressDeadline(ctx.d) !== undefined;
  if (!hasDeadline) removeCondition(status, 'Progressing');
  const current = getCondition(ctx.status, 'Progressing');
  const complete = status.replicas === status.updatedReplicas && current?.reason === REASON_NEW_RS_AVAILABLE;
  if (!hasDeadline || complete) return status;
  const rs = ctx.newRS ? `ReplicaSet "${ctx.newRS.name}"` : `Deployment "${ctx.d.metadata!.name}"`;
  if (deploymentComplete(ctx, status)) {
    setCondition(status, newCondition('Progressing', 'True', REASON_NEW_RS_AVAILABLE, `${rs} has successfully progressed.`, ctx.nowIso));
  } else if (deploymentProgressing(ctx, status)) {
    // Progress moves lastUpdateTime, even with the same reason; the transition time stays while the status is True.
    const condition = newCondition('Progressing', 'True', REASON_RS_UPDATED, `${rs} is progressing.`, ctx.nowIso);
    if (current?.status === 'True') condition.lastTransitionTime = current.lastTransitionTime;
    removeCondition(status, 'Progressing');
    setCondition(status, condition);
  } else if (deploymentTimedOut(ctx, status)) {
    setCondition(status, newCondition('Progressing', 'False', REASON_TIMED_OUT, `${rs} has timed out progressing.`, ctx.nowIso));
  }
  return status;
}

/** checkPausedConditions: Progressing Unknown while paused, and once more on resume (so the pause is not a timeout). */
export function checkPausedConditions(ctx: SyncContext): void {
  if (progressDeadline(ctx.d) === undefined) return;
  const condition = getCondition(ctx.status, 'Progressing');
  if (condition?.reason === REASON_TIMED_OUT) return;
  const pausedCondition = condition?.reason === REASON_PAUSED;
  if (ctx.d.spec?.paused && !pausedCondition) {
    setCondition(ctx.status, newCondition('Progressing', 'Unknown', REASON_PAUSED, 'Deployment is paused', ctx.nowIso));
  } else if (!ctx.d.spec?.paused && pausedCondition) {
    setCondition(ctx.status, newCondition('Progressing', 'Unknown', REASON_RESUMED, 'Deployment is resumed', ctx.nowIso));
  }
}
