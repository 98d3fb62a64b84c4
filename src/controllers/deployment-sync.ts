// One sync of Kubernetes' deployment controller (sync.go, rolling.go, recreate.go, progress.go) over the working
// ReplicaSets, and its result as the lead receives it.
import type { Deployment, DeploymentCondition, DeploymentStatus } from 'kubernetes-types/apps/v1';
import { ANNOTATION_DEPLOYMENT_REVISION } from '../manifest';
import { computeHash } from './hash';
import {
  copyDeploymentAnnotations,
  createReplicaSet,
  replicaSetOut,
  setAnnotation,
  setReplicasAnnotations,
  syncRevision,
  templateWithHash,
  workingReplicaSet,
  REASON_SCALING_REPLICA_SET,
  type SyncContext,
  type WorkingReplicaSet,
} from './deployment-replicasets';
import { newReplicaSetReplicas, rolloutRecreate, rolloutRolling } from './deployment-rolling';
import { cleanupDeployment, isScalingEvent, scale } from './deployment-scale';
import {
  calculateStatus,
  checkPausedConditions,
  deploymentComplete,
  getCondition,
  newCondition,
  rolloutStatus,
  setCondition,
  removeCondition,
  REASON_FOUND_NEW_RS,
  REASON_NEW_RS_CREATED,
} from './deployment-status';
import { ANNOTATION_CHANGE_CAUSE, maxSurge, maxUnavailable, progressDeadline, rfc3339 } from './deployment-util';
import type { DeploymentLive, DeploymentRecord, DeploymentSync, RolledBack } from './deployment-types';

/** One step's internals, for the rollback decision (rollout.ts). */
export interface Step {
  ctx: SyncContext;
  status: DeploymentStatus;
  hash: string;
  gitName: string;
}

/** The pod-template-hash of git's template (with the collision count the controller stored). */
export function templateHash(d: Deployment, live: DeploymentLive = {}): string {
  return computeHash(d.spec!.template, live.status?.collisionCount);
}

/**
 * One sync of Kubernetes' deployment controller. `rolledBack`, when given, names the ReplicaSet that stands in for
 * git's template (it is then the "new" ReplicaSet and git's is an old one); `condition` is set on the status first.
 */
export function syncStep(
  d: Deployment,
  live: DeploymentLive,
  now: Date,
  { rolledBack, condition, hash = templateHash(d, live) }: { rolledBack?: RolledBack; condition?: DeploymentCondition; hash?: string } = {},
): Step {
  const previous = live.status ?? {};
  const nowMs = now.getTime();
  const ctx: SyncContext = {
    d,
    replicas: d.spec!.replicas ?? 1,
    maxSurge: maxSurge(d),
    maxUnavailable: maxUnavailable(d),
    now,
    nowIso: rfc3339(now),
    nowMs,
    events: [],
    previous,
    status: { ...previous },
    all: [],
    old: [],
  };
  if (condition) setCondition(ctx.status, condition);
  if (rolledBack) setCondition(ctx.status, rolledBackCondition(rolledBack, ctx.nowIso));
  else removeCondition(ctx.status, CONDITION_ROLLED_BACK);
  const gitName = `${d.metadata!.name}-${hash}`;
  for (const rs of live.replicaSets ?? []) ctx.all.push(workingReplicaSet(rs, live.pods?.get(rs.metadata!.name!), nowMs));
  const newName = rolledBack?.toReplicaSet ?? gitName;
  ctx.newRS = ctx.all.find((w) => w.name === newName);
  for (const w of ctx.all) if (w !== ctx.newRS) ctx.old.push(w);
  checkPausedConditions(ctx);
  if (ctx.newRS) syncExistingNewReplicaSet(ctx, ctx.newRS, hash, rolledBack);

  const keep = live.lastHealthy;
  let status: DeploymentStatus;
  if (d.spec!.paused || isScalingEvent(ctx)) {
    scale(ctx);
    if (d.spec!.paused) cleanupDeployment(ctx, keep);
    status = calculateStatus(ctx);
  } else {
    const scaled = d.spec!.strategy?.type === 'Recreate' ? rolloutRecreate(ctx, () => createNewReplicaSet(ctx, hash)) : rolling(ctx, hash);
    if (!scaled && deploymentComplete(ctx, previous)) cleanupDeployment(ctx, keep);
    status = rolloutStatus(ctx);
  }
  return { ctx, status, hash, gitName };
}

function rolling(ctx: SyncContext, hash: string): boolean {
  if (!ctx.newRS) createNewReplicaSet(ctx, hash);
  return rolloutRolling(ctx);
}

/**
 * getNewReplicaSet for an existing one: annotations from the Deployment, revision. A rollback target keeps its own
 * annotations (the Deployment's are those of the commit that failed) and its change-cause says why it came back.
 */
function syncExistingNewReplicaSet(ctx: SyncContext, w: WorkingReplicaSet, gitHash: string, rolledBack: RolledBack | undefined): void {
  if (rolledBack) {
    setAnnotation(w, ANNOTATION_CHANGE_CAUSE, `rolled back: ${rolledBack.reason}`);
  } else {
    copyDeploymentAnnotations(ctx.d, w);
    // Git's own template objects, so pods share (and hash once) the manifest's spec.
    w.template = templateWithHash(ctx.d, gitHash);
  }
  syncRevision(ctx, w);
  w.minReadySeconds = ctx.d.spec!.minReadySeconds ?? 0;
  if (progressDeadline(ctx.d) !== undefined && !getCondition(ctx.status, 'Progressing')) {
    setCondition(ctx.status, newCondition('Progressing', 'True', REASON_FOUND_NEW_RS, `Found new replica set "${w.name}"`, ctx.nowIso));
  }
}

/** getNewReplicaSet's create path: sized by NewRSNewReplicas, revision max + 1, NewReplicaSetCreated. */
function createNewReplicaSet(ctx: SyncContext, hash: string): WorkingReplicaSet {
  const w = createReplicaSet(ctx, hash);
  w.minReadySeconds = ctx.d.spec!.minReadySeconds ?? 0;
  copyDeploymentAnnotations(ctx.d, w);
  syncRevision(ctx, w);
  w.replicas = newReplicaSetReplicas(ctx, w);
  setReplicasAnnotations(ctx, w);
  ctx.all.push(w);
  ctx.newRS = w;
  if (w.replicas > 0) {
    ctx.events.push({ type: 'Normal', reason: REASON_SCALING_REPLICA_SET, message: `Scaled up replica set ${w.name} to ${w.replicas}` });
  }
  if (progressDeadline(ctx.d) !== undefined) {
    setCondition(ctx.status, newCondition('Progressing', 'True', REASON_NEW_RS_CREATED, `Created new replica set "${w.name}"`, ctx.nowIso));
  }
  return w;
}

/**
 * Berth's condition on a rolled-back Deployment (Kubernetes allows any condition type; describe shows them all):
 * True while git's template is held back, gone when git changes it.
 */
export const CONDITION_ROLLED_BACK = 'RolledBack';

function rolledBackCondition(rb: RolledBack, at: string) {
  const message = `git's template (pod-template-hash ${rb.templateHash}) is rolled back to replica set ${rb.toReplicaSet}: ${rb.reason}`;
  return newCondition(CONDITION_ROLLED_BACK, 'True', rb.cause, message, at);
}

/** The step's result as the lead receives it. */
export function syncResult(d: Deployment, step: Step, lastHealthy: string | undefined, rolledBack: RolledBack | undefined): DeploymentSync {
  const { ctx, status } = step;
  const kept = ctx.all.filter((w) => !w.deleted);
  const replicaSets = kept.map(replicaSetOut).sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : 1));
  const newRS = ctx.newRS && !ctx.newRS.deleted ? ctx.newRS : undefined;
  const deployment: Deployment = {
    ...d,
    metadata: newRS
      ? { ...d.metadata, annotations: { ...d.metadata?.annotations, [ANNOTATION_DEPLOYMENT_REVISION]: String(newRS.revision) } }
      : d.metadata,
    status,
  };
  const history = kept
    .filter((w) => w.revision > 0)
    .sort((a, b) => a.revision - b.revision)
    .map((w) => ({
      revision: w.revision,
      replicaSet: w.name,
      ...(w.annotations[ANNOTATION_CHANGE_CAUSE] ? { changeCause: w.annotations[ANNOTATION_CHANGE_CAUSE] } : {}),
      current: w === newRS,
    }));
  const healthy = lastHealthy && kept.some((w) => w.name === lastHealthy) ? lastHealthy : undefined;
  const record: DeploymentRecord = { replicaSets, status, ...(healthy ? { lastHealthy: healthy } : {}), ...(rolledBack ? { rolledBack } : {}) };
  return { deployment, replicaSets, record, events: ctx.events, history };
}

/** The ReplicaSet that is healthy now: the new one with every replica available (Kubernetes' "complete" but for old pods). */
export function healthyNow(step: Step, previous: string | undefined): string | undefined {
  const w = step.ctx.newRS;
  if (w && !w.deleted && step.ctx.replicas > 0 && w.status.availableReplicas >= step.ctx.replicas) return w.name;
  return previous;
}
