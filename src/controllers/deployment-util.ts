// Kubernetes' deployment/util: the arithmetic of a rollout and the annotations it keeps on ReplicaSets.
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { ANNOTATION_DEPLOYMENT_REVISION } from '../manifest';

export const ANNOTATION_REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const ANNOTATION_CHANGE_CAUSE = 'kubernetes.io/change-cause';
/** SetNewReplicaSetAnnotations keeps at most this many characters of old revisions in revision-history. */
export const MAX_REVISION_HISTORY_CHARS = 2000;
/** apps/v1's default; a Deployment from the manifest module always has it set. */
const DEFAULT_REVISION_HISTORY_LIMIT = 10;
const MAX_INT32 = 2147483647;

/** intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(value: number | string, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const percent = Number.parseInt(value.replace(/%$/, ''), 10);
  const scaled = (percent * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/**
 * ResolveFenceposts: maxSurge rounded up and maxUnavailable rounded down against the replicas; both 0 would block a
 * rollout, so maxUnavailable becomes 1.
 */
export function resolveFenceposts(surge: number | string | undefined, unavailable: number | string | undefined, replicas: number): [number, number] {
  const s = scaledValue(surge ?? 0, replicas, true);
  const u = scaledValue(unavailable ?? 0, replicas, false);
  return s === 0 && u === 0 ? [0, 1] : [s, u];
}

export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

function fenceposts(d: Deployment): [number, number] {
  const ru = d.spec?.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge ?? '25%', ru?.maxUnavailable ?? '25%', d.spec?.replicas ?? 1);
}

/** deploymentutil.MaxSurge: how many pods above replicas a rolling update may run (0 for Recreate). */
export function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? fenceposts(d)[0] : 0;
}

/** deploymentutil.MaxUnavailable: how many of replicas may be unavailable (0 for Recreate), at most replicas. */
export function maxUnavailable(d: Deployment): number {
  const replicas = d.spec?.replicas ?? 1;
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  return Math.min(fenceposts(d)[1], replicas);
}

/** HasProgressDeadline: set and not MaxInt32 (Kubernetes' "no deadline"). */
export function progressDeadline(d: Deployment): number | undefined {
  const s = d.spec?.progressDeadlineSeconds;
  return s === undefined || s === MAX_INT32 ? undefined : s;
}

export function revisionHistoryLimit(d: Deployment): number | undefined {
  const limit = d.spec?.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT;
  return limit === MAX_INT32 ? undefined : limit;
}

/** The revision annotation of a ReplicaSet, 0 when absent or not a number. */
export function revisionOf(rs: ReplicaSet): number {
  const n = Number(rs.metadata?.annotations?.[ANNOTATION_DEPLOYMENT_REVISION]);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/**
 * Appends `oldRevision` to a revision-history annotation, dropping the oldest entries to stay within
 * MAX_REVISION_HISTORY_CHARS (SetNewReplicaSetAnnotations).
 */
export function appendRevisionHistory(history: string | undefined, oldRevision: string): string | undefined {
  if (!history) return oldRevision;
  const old = history.split(',');
  let total = history.length + oldRevision.length + 1;
  let start = 0;
  while (total > MAX_REVISION_HISTORY_CHARS && start < old.length) {
    total -= old[start].length + 1;
    start++;
  }
  return total <= MAX_REVISION_HISTORY_CHARS ? [...old.slice(start), oldRevision].join(',') : history;
}

let lastSecond = Number.NaN;
let lastText = '';

/** RFC 3339 to the second, as metav1.Time serialises; remembers the last one (every Deployment of a pass asks). */
export function rfc3339(date: Date): string {
  const second = Math.floor(date.getTime() / 1000) * 1000;
  if (second !== lastSecond) {
    lastText = new Date(second).toISOString().replace(/\.\d{3}Z$/, 'Z');
    lastSecond = second;
  }
  return lastText;
}
