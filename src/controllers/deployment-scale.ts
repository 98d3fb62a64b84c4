// Kubernetes' deployment/sync.go for scaling events and paused Deployments (scale, proportional scaling), and
// cleanupDeployment (revisionHistoryLimit).
import { ANNOTATION_DESIRED_REPLICAS, ANNOTATION_MAX_REPLICAS } from '../manifest';
import { isRollingUpdate, revisionHistoryLimit } from './deployment-util';
import { byCreation, scaleAndRecord, scaleReplicaSet, sumReplicas, type SyncContext, type WorkingReplicaSet } from './deployment-replicasets';

/** isScalingEvent: an active ReplicaSet was last sized for a different replicas count than the Deployment's now. */
export function isScalingEvent(ctx: SyncContext): boolean {
  for (const w of ctx.all) {
    if (w.replicas <= 0) continue;
    const desired = Number(w.annotations[ANNOTATION_DESIRED_REPLICAS]);
    if (w.annotations[ANNOTATION_DESIRED_REPLICAS] !== undefined && Number.isInteger(desired) && desired !== ctx.replicas) return true;
  }
  return false;
}

/**
 * scale: one active (or, with none, the newest) ReplicaSet takes the whole count; a saturated new ReplicaSet sends the
 * old ones to 0; otherwise, in a rolling update, the difference is shared out in proportion to each ReplicaSet's size
 * (the largest first; newer first when scaling up, older first when scaling down; leftovers to the first).
 */
export function scale(ctx: SyncContext): void {
  const latest = activeOrLatest(ctx);
  if (latest) {
    if (latest.replicas !== ctx.replicas) scaleAndRecord(ctx, latest, ctx.replicas);
    return;
  }
  if (isSaturated(ctx, ctx.newRS)) {
    for (const w of ctx.old) if (w.replicas > 0) scaleAndRecord(ctx, w, 0);
    return;
  }
  if (!isRollingUpdate(ctx.d)) return;
  const active = ctx.all.filter((w) => w.replicas > 0);
  const allowed = ctx.replicas > 0 ? ctx.replicas + ctx.maxSurge : 0;
  const toAdd = allowed - sumReplicas(active);
  let operation = '';
  if (toAdd > 0) {
    active.sort((a, b) => b.replicas - a.replicas || byCreation(b, a));
    operation = 'up';
  } else if (toAdd < 0) {
    active.sort((a, b) => b.replicas - a.replicas || byCreation(a, b));
    operation = 'down';
  }
  let added = 0;
  const sizes = active.map((w) => {
    if (toAdd === 0) return w.replicas;
    const proportion = getProportion(ctx, w, toAdd, added);
    added += proportion;
    return w.replicas + proportion;
  });
  active.forEach((w, i) => {
    // Leftovers go to the largest ReplicaSet.
    if (i === 0 && toAdd !== 0) sizes[0] = Math.max(0, sizes[0] + toAdd - added);
    scaleReplicaSet(ctx, w, sizes[i], operation);
  });
}

/** FindActiveOrLatest: the only active ReplicaSet; with none active, the new one or else the newest old one. */
function activeOrLatest(ctx: SyncContext): WorkingReplicaSet | undefined {
  if (!ctx.newRS && ctx.old.length === 0) return undefined;
  const active = ctx.all.filter((w) => w.replicas > 0);
  if (active.length === 1) return active[0];
  if (active.length > 1) return undefined;
  return ctx.newRS ?? [...ctx.old].sort(byCreation).at(-1);
}

/** IsSaturated: the new ReplicaSet is at the Deployment's replicas, was sized for them, and all are available. */
function isSaturated(ctx: SyncContext, w: WorkingReplicaSet | undefined): boolean {
  if (!w) return false;
  const desired = Number(w.annotations[ANNOTATION_DESIRED_REPLICAS]);
  return w.replicas === ctx.replicas && desired === ctx.replicas && w.status.availableReplicas === ctx.replicas;
}

/** GetProportion: this ReplicaSet's share of `toAdd`, never beyond what is left to add (or remove). */
function getProportion(ctx: SyncContext, w: WorkingReplicaSet, toAdd: number, added: number): number {
  if (w.replicas === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(ctx, w);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** getReplicaSetFraction: the size this ReplicaSet would have at the new max-replicas, minus its size now. */
function replicaSetFraction(ctx: SyncContext, w: WorkingReplicaSet): number {
  if (ctx.replicas === 0) return -w.replicas;
  const deploymentMax = ctx.replicas + ctx.maxSurge;
  let before = Number(w.annotations[ANNOTATION_MAX_REPLICAS]);
  if (!Number.isInteger(before) || before === 0) {
    before = ctx.previous.replicas ?? 0;
    if (before === 0) return 0;
  }
  return Math.round((w.replicas * deploymentMax) / before) - w.replicas;
}

/**
 * cleanupDeployment: old ReplicaSets beyond revisionHistoryLimit are deleted, lowest revision first, but only those at
 * 0 replicas with no pod left. Berth also keeps `keep` (the last healthy ReplicaSet, which a rollback needs).
 */
export function cleanupDeployment(ctx: SyncContext, keep: string | undefined): void {
  const limit = revisionHistoryLimit(ctx.d);
  if (limit === undefined) return;
  const cleanable = ctx.old.filter((w) => !w.deleted);
  const diff = cleanable.length - limit;
  if (diff <= 0) return;
  cleanable.sort((a, b) => a.revision - b.revision || byCreation(a, b));
  for (let i = 0; i < diff; i++) {
    const w = cleanable[i];
    if (w.status.replicas !== 0 || w.replicas !== 0 || w.pods.length > 0 || w.name === keep) continue;
    w.deleted = true;
  }
}
