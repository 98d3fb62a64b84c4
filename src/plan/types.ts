import type { Operation } from 'fast-json-patch';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../manifest';
import type { HostSet } from './host-sets';
import type { LiveSnapshot } from './snapshot';

export type ActionType = 'create' | 'replace' | 'delete';

/**
 * One step for one host's agent. `replace` is a rolling replacement on the host: the agent starts the new pod,
 * waits until it is Ready, then stops the old one.
 */
export interface Action {
  type: ActionType;
  host: string;
  /** `namespace/name`. */
  pod: string;
  /** The desired pod's spec hash for create and replace; the live pod's for delete. */
  specHash: string;
  /** The live pod's spec hash, for replace only. */
  previousSpecHash?: string;
  /** Why, for people: "not running", "spec changed: image web:1.0 → web:1.1", "no longer in git", "moved to h2". */
  reason: string;
}

export interface HostPlan {
  host: string;
  /** Creates, then replaces, then deletes; each group sorted by namespace, then name. */
  actions: Action[];
}

/** A desired pod with no host: the scheduler could not place it. */
export interface PendingPod {
  /** `namespace/name`. */
  pod: string;
  reason: string;
}

/** An RFC 6902 patch that turns the live object into the desired one (status and server-set fields left out). */
export interface ObjectPatch {
  kind: string;
  namespace?: string;
  name: string;
  op: 'create' | 'update' | 'delete';
  patch: Operation[];
}

export interface PlanSummary {
  create: number;
  replace: number;
  delete: number;
  unchanged: number;
  pending: number;
}

export interface Plan {
  /** Hosts that have at least one action, sorted by name. */
  hosts: HostPlan[];
  /** Sorted by namespace, then name. */
  pending: PendingPod[];
  /** Sorted by kind, namespace, name. */
  patches: ObjectPatch[];
  summary: PlanSummary;
}

/** A plan with what it means for each host: the desired sets that apply sends. */
export interface PlanWithSets extends Plan {
  /** Every inventory host's desired set (its pods and the objects they use); a host with nothing gets an empty one. */
  sets: ReadonlyMap<string, HostSet>;
}

export interface PlanInput {
  /** Every desired pod; spec.nodeName set on those the scheduler (or adoption) placed. */
  desiredPods: Pod[];
  /** What the scheduler said about the pods it could not place: the pod, or its `namespace/name` key. */
  unschedulable?: Array<{ pod: Pod | string; message: string }>;
  /** The inventory's hosts; live hosts missing from it are being removed. */
  nodes: Node[];
  live: LiveSnapshot;
  /** The desired non-pod objects: the sets carry those their pods use, and `patches` covers them against `live.objects`. */
  desiredObjects?: KubeObject[];
  /** Whether to compute RFC 6902 patches (for `berth plan` and `berth diff`); the controller's pass reads none. Default true. */
  patches?: boolean;
}
