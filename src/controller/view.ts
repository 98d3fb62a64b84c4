import type { Readable } from 'node:stream';
import type { Event, Node, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../manifest';

/**
 * What a running controller shows and accepts from the CLI through its local socket (<repo>/.berth/controller.sock).
 * The controller loop implements it; the socket server and the CLI only see this seam.
 */
export interface ControllerView {
  /** Every pod the controller wants or an agent reports: spec.nodeName where placed, status as the agent reports it; a
   * pod that fits nowhere has phase Pending and condition PodScheduled False, reason Unschedulable, with the message. */
  pods(): Pod[];
  /** Every desired non-pod object (as written and generated: ReplicaSets, Jobs), with status filled by the controller. */
  objects(): KubeObject[];
  /** The inventory's hosts as v1 Nodes: conditions, capacity, allocatable, nodeInfo, unschedulable. */
  nodes(): Node[];
  /** Every recorded decision, oldest first (core/v1 Event: involvedObject, reason, message, type, source.host, times). */
  events(): Event[];
  /** Where the controller is: the ref it tracks, the commit it last synced and how that went. */
  sync(): SyncStatus;
  /** A pod's container log, streamed from its host's agent. Throws ControllerRequestError (NotFound) for an unknown pod. */
  podLogs(namespace: string, name: string, options: PodLogOptions): Promise<Readable>;
  podExec(namespace: string, name: string, container: string | undefined, command: string[]): Promise<ExecResult>;
  /** Revisions of a Deployment, oldest first. */
  rolloutHistory(namespace: string, name: string): RolloutRevision[];
  /** Rolls a Deployment back to a revision (default: the previous one) until git changes its template again. */
  rolloutUndo(namespace: string, name: string, toRevision?: number): Promise<RolloutRevision>;
  /** Evicts every pod of a host (already cordoned in git by the CLI), respecting PodDisruptionBudgets. */
  drain(host: string): Promise<DrainStatus>;
}

export interface SyncStatus {
  ref: string;
  /** The commit last loaded; absent before the first pass. */
  commit?: string;
  /** A newer commit of the ref that was refused (invalid manifests): the controller keeps running `commit`. */
  refusedCommit?: string;
  /** Synced: every pod of the commit is placed and applied; Progressing: rollouts under way; Failed: see message. */
  status: 'Unknown' | 'Synced' | 'Progressing' | 'Failed';
  message?: string;
  /** RFC 3339 time of the last pass. */
  lastPass?: string;
}

export interface PodLogOptions {
  container?: string;
  follow?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  previous?: boolean;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RolloutRevision {
  revision: number;
  /** The ReplicaSet of this revision. */
  replicaSet: string;
  /** The commit whose template this revision runs. */
  commit?: string;
  /** e.g. "rolled back: new pods not Ready within progressDeadlineSeconds (600 s)". */
  changeCause?: string;
  /** This revision is what runs now. */
  current: boolean;
}

export interface DrainStatus {
  host: string;
  /** `namespace/name` of pods still on the host. */
  remaining: string[];
  /** Pods held back by a PodDisruptionBudget, with the budget's name. */
  blocked: Array<{ pod: string; budget: string }>;
  done: boolean;
}
