// What the rollout controllers (Deployment, ReplicaSet, DaemonSet) read from live pods, as agents report them.
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1';

/**
 * Berth's crash-loop rule, for automatic rollback: a container that has restarted at least this many times and is not
 * ready now (waiting in CrashLoopBackOff, or running between two crashes before its readiness probe passes). A
 * container that restarted as often but runs ready again is not crash-looping: it recovered. Three because the
 * kubelet's back-off (10 s, 20 s, 40 s) makes three restarts a minute of failing, not one unlucky start.
 */
export const CRASH_LOOP_RESTARTS = 3;

/** Succeeded or Failed: a pod that runs no more. */
export function isPodFinished(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** controller.IsPodActive: not finished and not being deleted. */
export function isPodActive(pod: Pod): boolean {
  return !isPodFinished(pod) && !pod.metadata?.deletionTimestamp;
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  const conditions = pod.status?.conditions;
  if (!conditions) return false;
  for (const c of conditions) if (c.type === 'Ready') return c.status === 'True';
  return false;
}

/** When the pod last became Ready (ms since the epoch), or undefined when it is not ready or the time is unknown. */
export function podReadyTime(pod: Pod): number | undefined {
  const conditions = pod.status?.conditions;
  if (!conditions) return undefined;
  for (const c of conditions) {
    if (c.type !== 'Ready') continue;
    if (c.status !== 'True' || !c.lastTransitionTime) return undefined;
    const t = Date.parse(c.lastTransitionTime);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

/**
 * podutil.IsPodAvailable: Ready for at least minReadySeconds, strictly before `nowMs`. A ready pod without a transition
 * time counts as available only when minReadySeconds is 0, as in Kubernetes (a zero time never passes the test).
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = podReadyTime(pod);
  return since !== undefined && since + minReadySeconds * 1000 < nowMs;
}

/** The highest restart count of the pod's containers (init containers included). */
export function maxContainerRestarts(pod: Pod): number {
  let max = 0;
  for (const s of pod.status?.containerStatuses ?? []) if (s.restartCount > max) max = s.restartCount;
  for (const s of pod.status?.initContainerStatuses ?? []) if (s.restartCount > max) max = s.restartCount;
  return max;
}

/** The first container of the pod that crash-loops by CRASH_LOOP_RESTARTS, init containers first. */
export function crashLoopingContainer(pod: Pod): ContainerStatus | undefined {
  for (const list of [pod.status?.initContainerStatuses, pod.status?.containerStatuses]) {
    for (const s of list ?? []) {
      if (s.restartCount >= CRASH_LOOP_RESTARTS && !s.ready) return s;
    }
  }
  return undefined;
}
