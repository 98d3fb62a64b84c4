// The Deployment controller's inputs and outputs, apart from its steps: Kubernetes' step (deployment-sync.ts) and
// Berth's rollback (rollout.ts) both read and return them.
import type { Deployment, DeploymentStatus, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { RolloutEvent } from './deployment-replicasets';
import type { PodFailure } from './rollout-failure';

/** What the controller keeps for a Deployment between passes: every pass returns it as `record`; store it whole. */
export interface DeploymentRecord {
  /** Every ReplicaSet of the Deployment, as the last pass returned them (sizes, revisions, creation times). */
  replicaSets: ReplicaSet[];
  /** The status the last pass returned: its conditions' times measure progressDeadlineSeconds. */
  status?: DeploymentStatus;
  /** The ReplicaSet last seen with all its replicas available: what an automatic rollback goes back to. */
  lastHealthy?: string;
  /** Set while git's template is rolled back; dropped by the step as soon as git's template changes. */
  rolledBack?: RolledBack;
}

/** The progress deadline, a new pod that cannot start (rollout-failure.ts: the kubelet's reason), or `rollout undo`. */
export type RollbackCause = 'ProgressDeadlineExceeded' | PodFailure['cause'] | 'RolloutUndo';

export interface RolledBack {
  /** The pod-template-hash of git's template that is not run: not tried again until git's template changes. */
  templateHash: string;
  /** The ReplicaSet run instead. */
  toReplicaSet: string;
  cause: RollbackCause;
  /** Human-readable: why, e.g. `container app of pod web-5d8f9-bcdfg is crash-looping (3 restarts)`. */
  reason: string;
}

/** What the controller knows of a Deployment beyond git: the stored record plus the live pods. Empty at first. */
export interface DeploymentLive extends Partial<DeploymentRecord> {
  /** Active and recent pods by ReplicaSet name, as agents report them (status.conditions Ready, containerStatuses). */
  pods?: ReadonlyMap<string, ReadonlyArray<Pod>>;
}

/** The step's decision to roll back, made once (the record then carries `rolledBack`). */
export interface RollbackDecision {
  /** The revision the target had before the rollback (what `berth rollout history` showed). */
  toRevision: number;
  toReplicaSet: string;
  /** The ReplicaSet of git's template that failed (or that `undo` left). */
  fromReplicaSet?: string;
  cause: RollbackCause;
  reason: string;
}

export interface RolloutHistoryEntry {
  revision: number;
  replicaSet: string;
  /** kubernetes.io/change-cause of the ReplicaSet (a rolled-back-to revision: why it was rolled back). */
  changeCause?: string;
  /** This revision is what the Deployment runs (or rolls out) now. */
  current: boolean;
}

export interface DeploymentSync {
  /** The Deployment with status (and the revision annotation of the ReplicaSet it runs). */
  deployment: Deployment;
  /** Every ReplicaSet to keep, with its size for this pass and its status; sorted by name. */
  replicaSets: ReplicaSet[];
  record: DeploymentRecord;
  events: RolloutEvent[];
  /** Oldest revision first. */
  history: RolloutHistoryEntry[];
  rollback?: RollbackDecision;
}
