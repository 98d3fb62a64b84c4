// The ReplicaSets of one Deployment while one sync step runs: read from what the controller stored, scaled in place
// by the step, written out once at the end. Mirrors the ReplicaSet half of Kubernetes' deployment/sync.go.
import type { Deployment, DeploymentStatus, ReplicaSet, ReplicaSetSpec } from 'kubernetes-types/apps/v1';
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1';
import { ANNOTATION_DEPLOYMENT_REVISION, ANNOTATION_DESIRED_REPLICAS, ANNOTATION_MAX_REPLICAS, LABEL_POD_TEMPLATE_HASH } from '../manifest';
import { appendRevisionHistory, ANNOTATION_REVISION_HISTORY, revisionOf } from './deployment-util';
import { controllerRef } from './owner';
import { keptPods, statusOfPods } from './replicaset';

/** An event for the lead to record on the Deployment (core/v1 Event: type, reason, message). */
export interface RolloutEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export const REASON_SCALING_REPLICA_SET = 'ScalingReplicaSet';

// Deployment annotations that are not copied to its ReplicaSets (deployment/util: annotationsToSkip).
const ANNOTATIONS_NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  ANNOTATION_DEPLOYMENT_REVISION,
  ANNOTATION_REVISION_HISTORY,
  ANNOTATION_DESIRED_REPLICAS,
  ANNOTATION_MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);

/** One ReplicaSet during a step. `status` is what its live pods showed when the step began, as in Kubernetes. */
export interface WorkingReplicaSet {
  readonly source: ReplicaSet;
  readonly name: string;
  replicas: number;
  annotations: Record<string, string>;
  revision: number;
  readonly created: string;
  readonly status: { replicas: number; readyReplicas: number; availableReplicas: number };
  readonly pods: ReadonlyArray<Pod>;
  minReadySeconds: number;
  /** Replaced template: git's current ReplicaSet always carries the Deployment's own template objects. */
  template?: PodTemplateSpec;
  deleted: boolean;
}

/** What one step works on: the Deployment's numbers, the clock, the ReplicaSets, and what it has to say. */
export interface SyncContext {
  readonly d: Deployment;
  readonly replicas: number;
  readonly maxSurge: number;
  readonly maxUnavailable: number;
  readonly now: Date;
  readonly nowIso: string;
  readonly nowMs: number;
  readonly events: RolloutEvent[];
  /** The status the previous pass returned (Kubernetes' d.Status), never mutated. */
  readonly previous: DeploymentStatus;
  /** The status being built: starts as a copy of `previous`, conditions included. */
  status: DeploymentStatus;
  all: WorkingReplicaSet[];
  newRS?: WorkingReplicaSet;
  readonly old: WorkingReplicaSet[];
}

export function workingReplicaSet(rs: ReplicaSet, pods: ReadonlyArray<Pod> | undefined, nowMs: number): WorkingReplicaSet {
  const replicas = rs.spec?.replicas ?? 0;
  const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
  const live = pods ?? [];
  const s = statusOfPods(live.length ? keptPods(live, replicas) : [], minReadySeconds, nowMs);
  return {
    source: rs,
    name: rs.metadata!.name!,
    replicas,
    annotations: rs.metadata?.annotations ?? {},
    revision: revisionOf(rs),
    created: rs.metadata?.creationTimestamp ?? '',
    status: { replicas: s.replicas ?? 0, readyReplicas: s.readyReplicas ?? 0, availableReplicas: s.availableReplicas ?? 0 },
    pods: live,
    minReadySeconds,
    deleted: false,
  };
}

/** ReplicaSetsByCreationTimestamp: oldest first, then by name. */
export function byCreation(a: WorkingReplicaSet, b: WorkingReplicaSet): number {
  if (a.created !== b.created) return a.created < b.created ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function sumReplicas(list: readonly WorkingReplicaSet[]): number {
  let n = 0;
  for (const w of list) n += w.replicas;
  return n;
}

export function sumAvailable(list: readonly WorkingReplicaSet[]): number {
  let n = 0;
  for (const w of list) n += w.status.availableReplicas;
  return n;
}

export function setAnnotation(w: WorkingReplicaSet, key: string, value: string): boolean {
  if (w.annotations[key] === value) return false;
  w.annotations = { ...w.annotations, [key]: value };
  return true;
}

/** SetReplicasAnnotations: the Deployment's replicas and replicas + maxSurge at the time of the last scale. */
export function setReplicasAnnotations(ctx: SyncContext, w: WorkingReplicaSet): boolean {
  const a = setAnnotation(w, ANNOTATION_DESIRED_REPLICAS, String(ctx.replicas));
  const b = setAnnotation(w, ANNOTATION_MAX_REPLICAS, String(ctx.replicas + ctx.maxSurge));
  return a || b;
}

/** scaleReplicaSet: the new size and the replicas annotations; an event when the size changes. */
export function scaleReplicaSet(ctx: SyncContext, w: WorkingReplicaSet, newScale: number, operation: string): boolean {
  const oldScale = w.replicas;
  setReplicasAnnotations(ctx, w);
  if (oldScale === newScale) return false;
  w.replicas = newScale;
  ctx.events.push({
    type: 'Normal',
    reason: REASON_SCALING_REPLICA_SET,
    message: `Scaled ${operation} replica set ${w.name} to ${newScale} from ${oldScale}`,
  });
  return true;
}

/** scaleReplicaSetAndRecordEvent: nothing when the size is right, else up or down. */
export function scaleAndRecord(ctx: SyncContext, w: WorkingReplicaSet, newScale: number): boolean {
  if (w.replicas === newScale) return false;
  return scaleReplicaSet(ctx, w, newScale, w.replicas < newScale ? 'up' : 'down');
}

/** copyDeploymentAnnotationsToReplicaSet. */
export function copyDeploymentAnnotations(d: Deployment, w: WorkingReplicaSet): void {
  for (const [key, value] of Object.entries(d.metadata?.annotations ?? {})) {
    if (!ANNOTATIONS_NOT_COPIED.has(key)) setAnnotation(w, key, value);
  }
}

/**
 * The revision half of SetNewReplicaSetAnnotations: the new ReplicaSet's revision is one more than any old one's; a
 * ReplicaSet that comes back (an old template again) gets the next number, and its former numbers go to
 * revision-history.
 */
export function syncRevision(ctx: SyncContext, w: WorkingReplicaSet): void {
  let maxOld = 0;
  for (const o of ctx.old) if (!o.deleted && o.revision > maxOld) maxOld = o.revision;
  const next = maxOld + 1;
  if (w.revision >= next) return;
  const had = w.annotations[ANNOTATION_DEPLOYMENT_REVISION];
  if (had !== undefined && w.revision > 0) {
    const history = appendRevisionHistory(w.annotations[ANNOTATION_REVISION_HISTORY], had);
    if (history !== undefined) setAnnotation(w, ANNOTATION_REVISION_HISTORY, history);
  }
  setAnnotation(w, ANNOTATION_DEPLOYMENT_REVISION, String(next));
  w.revision = next;
}

/** getNewReplicaSet's create path: `<deployment>-<hash>` from the Deployment's template, at `replicas`. */
export function createReplicaSet(ctx: SyncContext, hash: string): WorkingReplicaSet {
  return workingReplicaSet(newReplicaSet(ctx.d, hash, ctx.nowIso), undefined, ctx.nowMs);
}

// The last ReplicaSet created from each template object, held weakly: while the commit is unchanged the Deployment's
// template is the same object every pass, so the step starts from (and returns, see replicaSetOut) the same objects.
const created = new WeakMap<PodTemplateSpec, { d: Deployment; selector: unknown; hash: string; nowIso: string; rs: ReplicaSet }>();

function newReplicaSet(d: Deployment, hash: string, nowIso: string): ReplicaSet {
  const spec = d.spec!;
  const last = created.get(spec.template);
  if (last && last.hash === hash && last.nowIso === nowIso && last.selector === spec.selector && sameOwner(last.d, d)) return last.rs;
  const labels = { ...spec.template.metadata?.labels, [LABEL_POD_TEMPLATE_HASH]: hash };
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata!.name}-${hash}`,
      namespace: d.metadata!.namespace,
      labels,
      creationTimestamp: nowIso,
      ownerReferences: [controllerRef(d)],
    },
    spec: {
      replicas: 0,
      selector: { ...spec.selector, matchLabels: { ...spec.selector.matchLabels, [LABEL_POD_TEMPLATE_HASH]: hash } },
      template: templateWithHash(d, hash),
    },
  };
  created.set(spec.template, { d, selector: spec.selector, hash, nowIso, rs });
  return rs;
}

/** What the created ReplicaSet takes from its Deployment besides the template, selector and hash (controllerRef). */
function sameOwner(a: Deployment, b: Deployment): boolean {
  return a === b || (a.apiVersion === b.apiVersion && a.kind === b.kind && a.metadata?.name === b.metadata?.name && a.metadata?.namespace === b.metadata?.namespace);
}

const withHash = new WeakMap<PodTemplateSpec, { hash: string; template: PodTemplateSpec }>();

/** The Deployment's template with the hash label: its spec object is shared, never copied; the same object per hash. */
export function templateWithHash(d: Deployment, hash: string): PodTemplateSpec {
  const template = d.spec!.template;
  const last = withHash.get(template);
  if (last && last.hash === hash) return last.template;
  const labels = { ...template.metadata?.labels, [LABEL_POD_TEMPLATE_HASH]: hash };
  const out = { ...template, metadata: { ...template.metadata, labels } };
  withHash.set(template, { hash, template: out });
  return out;
}

// The last output per source ReplicaSet, and each output as its own: an output that comes back as the next pass's
// source (the stored record) with nothing changed is returned as is. Weak: they go with the record and the commit.
const outputs = new WeakMap<ReplicaSet, ReplicaSet>();

/**
 * The ReplicaSet as the step leaves it, with the status its live pods showed. When nothing changed since the last
 * pass it is the same object as then, so the plan finds it equal without comparing it field by field.
 */
export function replicaSetOut(w: WorkingReplicaSet): ReplicaSet {
  const src = w.source;
  const last = outputs.get(src);
  if (last && isOutputOf(last, w)) return last;
  const { minReadySeconds: _, ...spec } = src.spec ?? ({} as ReplicaSetSpec);
  const out: ReplicaSet = {
    ...src,
    metadata: { ...src.metadata, annotations: w.annotations },
    spec: {
      ...spec,
      replicas: w.replicas,
      ...(w.minReadySeconds ? { minReadySeconds: w.minReadySeconds } : {}),
      ...(w.template ? { template: w.template } : {}),
    },
    status: { ...w.status, fullyLabeledReplicas: w.status.replicas },
  };
  outputs.set(src, out);
  outputs.set(out, out);
  return out;
}

/** Whether `out` (built by replicaSetOut from w.source) is what replicaSetOut would build from `w` now. */
function isOutputOf(out: ReplicaSet, w: WorkingReplicaSet): boolean {
  const spec = out.spec!;
  const status = out.status!;
  return (
    spec.replicas === w.replicas &&
    (spec.minReadySeconds ?? 0) === w.minReadySeconds &&
    spec.template === (w.template ?? w.source.spec?.template) &&
    status.replicas === w.status.replicas &&
    status.readyReplicas === w.status.readyReplicas &&
    status.availableReplicas === w.status.availableReplicas &&
    status.fullyLabeledReplicas === w.status.replicas &&
    sameEntries(out.metadata?.annotations, w.annotations)
  );
}

/** Same keys in the same order with the same values (the order shows in the JSON the plan prints). */
function sameEntries(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  if (a === b) return true;
  if (!a) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i] || a[ka[i]] !== b[kb[i]]) return false;
  return true;
}
