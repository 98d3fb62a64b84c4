// Kubernetes' deployment/rolling.go and recreate.go, one step each: scale the new ReplicaSet up and the old ones down
// so that available pods never drop below replicas − maxUnavailable and pods never exceed replicas + maxSurge.
import { byCreation, scaleAndRecord, sumAvailable, sumReplicas, type SyncContext, type WorkingReplicaSet } from './deployment-replicasets';

/** rolloutRolling's scaling (status and cleanup are the caller's): true when a ReplicaSet was scaled. */
export function rolloutRolling(ctx: SyncContext): boolean {
  const newRS = ctx.newRS!;
  if (reconcileNewReplicaSet(ctx, newRS)) return true;
  return reconcileOldReplicaSets(ctx, newRS);
}

/** NewRSNewReplicas: how far the new ReplicaSet may grow now. */
export function newReplicaSetReplicas(ctx: SyncContext, newRS: WorkingReplicaSet): number {
  if (ctx.d.spec?.strategy?.type === 'Recreate') return ctx.replicas;
  const current = sumReplicas(ctx.all.filter((w) => !w.deleted));
  const maxTotal = ctx.replicas + ctx.maxSurge;
  if (current >= maxTotal) return newRS.replicas;
  return newRS.replicas + Math.min(maxTotal - current, ctx.replicas - newRS.replicas);
}

function reconcileNewReplicaSet(ctx: SyncContext, newRS: WorkingReplicaSet): boolean {
  if (newRS.replicas === ctx.replicas) return false;
  if (newRS.replicas > ctx.replicas) return scaleAndRecord(ctx, newRS, ctx.replicas);
  return scaleAndRecord(ctx, newRS, newReplicaSetReplicas(ctx, newRS));
}

function reconcileOldReplicaSets(ctx: SyncContext, newRS: WorkingReplicaSet): boolean {
  const old = ctx.old.filter((w) => w.replicas > 0);
  if (sumReplicas(old) === 0) return false;
  const allPods = sumReplicas(ctx.all);
  const minAvailable = ctx.replicas - ctx.maxUnavailable;
  const newUnavailable = newRS.replicas - newRS.status.availableReplicas;
  // Old pods that are not available can go first: they serve nothing, and a stuck new ReplicaSet must not wait on them.
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = cleanupUnhealthyReplicas(ctx, old, maxScaledDown);
  const scaled = scaleDownOldReplicaSetsForRollingUpdate(ctx, old);
  return cleaned + scaled > 0;
}

/** Scales old ReplicaSets down by their unavailable pods, oldest first, at most maxCleanupCount in all. */
function cleanupUnhealthyReplicas(ctx: SyncContext, old: WorkingReplicaSet[], maxCleanupCount: number): number {
  old.sort(byCreation);
  let total = 0;
  for (const w of old) {
    if (total >= maxCleanupCount) break;
    if (w.replicas === 0 || w.replicas === w.status.availableReplicas) continue;
    const count = Math.min(maxCleanupCount - total, w.replicas - w.status.availableReplicas);
    scaleAndRecord(ctx, w, w.replicas - count);
    total += count;
  }
  return total;
}

/** Scales old ReplicaSets down, oldest first, as far as available pods stay at replicas − maxUnavailable or more. */
function scaleDownOldReplicaSetsForRollingUpdate(ctx: SyncContext, old: WorkingReplicaSet[]): number {
  const minAvailable = ctx.replicas - ctx.maxUnavailable;
  const available = sumAvailable(ctx.all);
  if (available <= minAvailable) return 0;
  old.sort(byCreation);
  const toScaleDown = available - minAvailable;
  let total = 0;
  for (const w of old) {
    if (total >= toScaleDown) break;
    if (w.replicas === 0) continue;
    const count = Math.min(w.replicas, toScaleDown - total);
    scaleAndRecord(ctx, w, w.replicas - count);
    total += count;
  }
  return total;
}

/**
 * rolloutRecreate's scaling: old ReplicaSets to 0 first; the new one is created and scaled up only once no pod of an
 * old one runs any more (`create` is called then). True when something was scaled.
 */
export function rolloutRecreate(ctx: SyncContext, create: () => WorkingReplicaSet): boolean {
  let scaledDown = false;
  for (const w of ctx.old) if (w.replicas > 0 && scaleAndRecord(ctx, w, 0)) scaledDown = true;
  if (scaledDown || oldPodsRunning(ctx)) return scaledDown;
  const newRS = ctx.newRS ?? create();
  return scaleAndRecord(ctx, newRS, ctx.replicas);
}

/** oldPodsRunning: an old ReplicaSet still counts pods, or one of its pods is not finished (terminating included). */
function oldPodsRunning(ctx: SyncContext): boolean {
  for (const w of ctx.old) {
    if (w.status.replicas > 0) return true;
    for (const pod of w.pods) {
      const phase = pod.status?.phase;
      if (phase !== 'Failed' && phase !== 'Succeeded') return true;
    }
  }
  return false;
}
