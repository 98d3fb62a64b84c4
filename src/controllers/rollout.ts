// Beyond Kubernetes: automatic rollback, and `berth rollout undo`. A new ReplicaSet from git that misses its
// progressDeadlineSeconds, whose pods crash-loop, or whose pods cannot start (rollout-failure.ts) is replaced by the last ReplicaSet that was healthy, rolling back
// with the Deployment's own maxSurge/maxUnavailable; git's template is not tried again until it changes.
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { UsageError } from '../errors';
import { healthyNow, syncResult, syncStep, templateHash, type Step } from './deployment-sync';
import type { DeploymentLive, DeploymentSync, RollbackCause, RolledBack } from './deployment-types';
import { getCondition, newCondition, REASON_TIMED_OUT } from './deployment-status';
import { progressDeadline, revisionOf, rfc3339 } from './deployment-util';
import { podStartFailure } from './rollout-failure';
import { crashLoopingContainer, isPodActive } from './rollout-pods';

export const REASON_ROLLED_BACK = 'RolledBack';
export const REASON_ROLLOUT_UNDO = 'rollout undo';

/** The rollback the record holds, if it still applies: git's template unchanged and the target still kept. */
export function activeRollback(live: DeploymentLive, hash: string): RolledBack | undefined {
  const rb = live.rolledBack;
  if (!rb || rb.templateHash !== hash) return undefined;
  return live.replicaSets?.some((rs) => rs.metadata?.name === rb.toReplicaSet) ? rb : undefined;
}

/**
 * The rollback to start, when git's new ReplicaSet has failed in `step` and the healthy ReplicaSet is still kept.
 * `failureTimeoutMs`: how long a new pod may fail to start (rollout-failure.ts), 0 for no such check.
 */
export function failedRollout(step: Step, hash: string, healthy: string | undefined, failureTimeoutMs: number): RolledBack | undefined {
  const failure = failureOf(step, healthy, failureTimeoutMs);
  return failure ? { templateHash: hash, toReplicaSet: healthy!, ...failure } : undefined;
}

/**
 * Why git's new ReplicaSet has failed, if it has and there is somewhere to go back to: one of its pods crash-loops
 * (rollout-pods.ts: CRASH_LOOP_RESTARTS) or has not started within the failure timeout, or the step found the
 * rollout past its progress deadline.
 */
function failureOf(step: Step, healthy: string | undefined, failureTimeoutMs: number): { cause: RollbackCause; reason: string } | undefined {
  const { ctx, status, gitName } = step;
  const newRS = ctx.newRS;
  if (!newRS || newRS.name !== gitName || !healthy || healthy === gitName) return undefined;
  if (!ctx.all.some((w) => w.name === healthy && !w.deleted)) return undefined;
  for (const pod of newRS.pods) {
    if (!isPodActive(pod)) continue;
    const c = crashLoopingContainer(pod);
    if (c) return { cause: 'CrashLoopBackOff', reason: `container ${c.name} of pod ${pod.metadata?.name} is crash-looping (${c.restartCount} restarts)` };
    const failed = podStartFailure(pod, ctx.nowMs, failureTimeoutMs);
    if (failed) return failed;
  }
  const progressing = getCondition(status, 'Progressing');
  if (progressing?.status === 'False' && progressing.reason === REASON_TIMED_OUT) {
    return {
      cause: REASON_TIMED_OUT,
      reason: `replica set ${newRS.name} made no progress within progressDeadlineSeconds (${progressDeadline(ctx.d)} s)`,
    };
  }
  return undefined;
}

/**
 * The step with `rolledBack` in force, announced by an event and by a Progressing condition that restarts the
 * deadline clock for the way back. A `rolledBack` that names git's own ReplicaSet ends the rollback instead.
 */
export function rollBack(d: Deployment, live: DeploymentLive, now: Date, { rolledBack, from, type }: { rolledBack: RolledBack; from: string | undefined; type: 'Normal' | 'Warning' }): DeploymentSync {
  const target = live.replicaSets!.find((rs) => rs.metadata?.name === rolledBack.toReplicaSet)!;
  const toRevision = revisionOf(target);
  const message = `Rolled back deployment "${d.metadata!.name}" to revision ${toRevision} (replica set ${rolledBack.toReplicaSet}): ${rolledBack.reason}`;
  const condition = newCondition('Progressing', 'True', REASON_ROLLED_BACK, message, rfc3339(now));
  const inForce = rolledBack.toReplicaSet === `${d.metadata!.name}-${rolledBack.templateHash}` ? undefined : rolledBack;
  const { rolledBack: _, ...rest } = live;
  const step = syncStep(d, rest, now, { rolledBack: inForce, condition });
  const result = syncResult(d, step, healthyNow(step, live.lastHealthy), inForce);
  result.events.unshift({ type, reason: REASON_ROLLED_BACK, message });
  result.rollback = { toRevision, toReplicaSet: rolledBack.toReplicaSet, ...(from ? { fromReplicaSet: from } : {}), cause: rolledBack.cause, reason: rolledBack.reason };
  return result;
}

/**
 * `berth rollout undo [--to-revision N]`: the same mechanism as an automatic rollback, with reason "rollout undo".
 * Without a revision, the one before the current (kubectl's choice). Undoing to git's own template ends a rollback.
 * Throws UsageError, with kubectl's wording, when the Deployment is paused or the revision is unknown or current.
 */
export function undoDeployment(d: Deployment, live: DeploymentLive, now: Date, toRevision?: number): DeploymentSync {
  const name = d.metadata!.name!;
  if (d.spec?.paused) throw new UsageError(`you cannot rollback a paused deployment; resume it first (spec.paused in git)`, { deployment: name });
  const hash = templateHash(d, live);
  const gitName = `${name}-${hash}`;
  const active = activeRollback(live, hash);
  const current = active?.toReplicaSet ?? gitName;
  const replicaSets = (live.replicaSets ?? []).filter((rs) => revisionOf(rs) > 0);
  let target: ReplicaSet | undefined;
  if (!toRevision) {
    target = replicaSets.filter((rs) => rs.metadata!.name !== current).sort((a, b) => revisionOf(b) - revisionOf(a))[0];
    if (!target) throw new UsageError(`no rollout history found for deployment "${name}"`, { deployment: name });
  } else {
    target = replicaSets.find((rs) => revisionOf(rs) === toRevision);
    if (!target) throw new UsageError(`unable to find specified revision ${toRevision} in history`, { deployment: name, revision: toRevision });
  }
  const targetName = target.metadata!.name!;
  if (targetName === current) {
    throw new UsageError(`skipped rollback (current template already matches revision ${revisionOf(target)})`, { deployment: name, revision: revisionOf(target) });
  }
  // Undoing to git's own ReplicaSet ends the rollback: git's template rolls out again.
  const rolledBack: RolledBack = { templateHash: hash, toReplicaSet: targetName, cause: 'RolloutUndo', reason: REASON_ROLLOUT_UNDO };
  return rollBack(d, live, now, { rolledBack, from: current, type: 'Normal' });
}
