// The Deployment controller, one level-triggered step per call: (the Deployment from git, what the controller stored
// from the previous pass plus the live pods, now) → the ReplicaSets with their sizes, the Deployment's status, events,
// and the record to store for the next pass. Kubernetes' deployment controller (deployment-sync.ts and the files it
// uses), then Berth's automatic rollback decision (rollout.ts) on its result: Kubernetes' step knows nothing of it.
import type { Deployment } from 'kubernetes-types/apps/v1';
import { healthyNow, syncResult, syncStep, templateHash } from './deployment-sync';
import type { DeploymentLive, DeploymentSync } from './deployment-types';
import { activeRollback, failedRollout, rollBack } from './rollout';
import { rolloutFailureTimeoutMs } from './rollout-failure';

export interface DeploymentOptions {
  /** cluster.yaml's spec.rollouts.failureTimeout in ms (default 1 minute); the Deployment's annotation overrides it. */
  failureTimeoutMs?: number;
}

export type {
  DeploymentLive,
  DeploymentRecord,
  DeploymentSync,
  RolledBack,
  RollbackCause,
  RollbackDecision,
  RolloutHistoryEntry,
} from './deployment-types';

/**
 * One step of a Deployment's rollout at `now`. Without `live` (a Deployment never applied) it creates the current
 * ReplicaSet, `<deployment>-<pod-template-hash>`, at full scale. With it: RollingUpdate or Recreate as Kubernetes,
 * scaling events (proportional), paused, revisionHistoryLimit, progressDeadlineSeconds — and Berth's automatic
 * rollback when git's new ReplicaSet misses its deadline, crash-loops or cannot start (see rollout.ts).
 */
export function reconcileDeployment(deployment: Deployment, live: DeploymentLive = {}, now: Date, { failureTimeoutMs }: DeploymentOptions = {}): DeploymentSync {
  const hash = templateHash(deployment, live);
  const active = activeRollback(live, hash);
  const step = syncStep(deployment, live, now, { rolledBack: active, hash });
  const healthy = healthyNow(step, live.lastHealthy);
  if (active || deployment.spec?.paused) return syncResult(deployment, step, healthy, active);
  // When git's new ReplicaSet has failed and a healthy one exists, the rollback step replaces this one.
  const rolledBack = failedRollout(step, hash, healthy, rolloutFailureTimeoutMs(deployment, failureTimeoutMs));
  if (!rolledBack) return syncResult(deployment, step, healthy, undefined);
  return rollBack(deployment, { ...live, lastHealthy: healthy }, now, { rolledBack, from: step.gitName, type: 'Warning' });
}
