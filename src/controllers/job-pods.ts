// How the Job controller reads the pods agents report: which belong to a Job, active or finished, when they
// finished, their completion index, their restarts, and which to stop first.
import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { LABEL_JOB_COMPLETION_INDEX, LABEL_JOB_NAME, LABEL_JOB_NAME_NEW, ANNOTATION_JOB_COMPLETION_INDEX, labelSelectorMatches } from '../manifest';
import { isPodReady } from './rollout-pods';

/** The pod is one of the Job's: controlled by it, or labelled with its name (or, with manualSelector, selected). */
export function isPodOfJob(job: Job, pod: Pod): boolean {
  const name = job.metadata!.name!;
  if ((pod.metadata?.namespace ?? 'default') !== (job.metadata!.namespace ?? 'default')) return false;
  const owner = pod.metadata?.ownerReferences?.find((r) => r.controller);
  if (owner) return owner.kind === 'Job' && owner.name === name;
  const labels = pod.metadata?.labels;
  if (labels?.[LABEL_JOB_NAME_NEW] === name || labels?.[LABEL_JOB_NAME] === name) return true;
  return job.spec?.manualSelector === true && labelSelectorMatches(job.spec.selector, labels);
}

/**
 * getFinishedTime: when the last container terminated (all must have); else when the pod stopped being Ready;
 * else `now`, the pass that first saw it finished.
 */
export function podFinishedTime(pod: Pod, now: Date): string {
  const statuses = pod.status?.containerStatuses ?? [];
  let latest: number | undefined;
  for (const s of statuses) {
    const at = s.state?.terminated?.finishedAt;
    if (!at) {
      latest = undefined;
      break;
    }
    latest = Math.max(latest ?? 0, Date.parse(at));
  }
  if (latest !== undefined && statuses.length > 0) return new Date(latest).toISOString();
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'False');
  return ready?.lastTransitionTime ? new Date(ready.lastTransitionTime).toISOString() : now.toISOString();
}

/** getCompletionIndex: the index annotation (or label), when it is a whole number below `completions`. */
export function completionIndexOf(pod: Pod, completions: number | undefined): number | undefined {
  const text = pod.metadata?.annotations?.[ANNOTATION_JOB_COMPLETION_INDEX] ?? pod.metadata?.labels?.[LABEL_JOB_COMPLETION_INDEX];
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  const index = Number(text);
  return completions !== undefined && index >= completions ? undefined : index;
}

/** Container restarts of a running or pending pod (pastBackoffLimitOnFailure counts only those). */
export function podRestarts(pod: Pod): number {
  const phase = pod.status?.phase;
  if (phase !== undefined && phase !== 'Running' && phase !== 'Pending') return 0;
  let total = 0;
  for (const s of pod.status?.initContainerStatuses ?? []) total += s.restartCount ?? 0;
  for (const s of pod.status?.containerStatuses ?? []) total += s.restartCount ?? 0;
  return total;
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * controller.ActivePods order, the pod to stop first first: not yet placed, then Pending < Unknown < Running, not
 * ready before ready, more restarts first; the name (descending, for a stable order) stands in for "newer first".
 */
export function compareForRemoval(a: Pod, b: Pod): number {
  const placedA = a.spec?.nodeName ? 1 : 0;
  const placedB = b.spec?.nodeName ? 1 : 0;
  if (placedA !== placedB) return placedA - placedB;
  const phaseA = PHASE_RANK[a.status?.phase ?? 'Pending'] ?? 0;
  const phaseB = PHASE_RANK[b.status?.phase ?? 'Pending'] ?? 0;
  if (phaseA !== phaseB) return phaseA - phaseB;
  const readyA = isPodReady(a) ? 1 : 0;
  const readyB = isPodReady(b) ? 1 : 0;
  if (readyA !== readyB) return readyA - readyB;
  const restarts = podRestarts(b) - podRestarts(a);
  if (restarts !== 0) return restarts;
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? 1 : na > nb ? -1 : 0;
}

/** status.completedIndexes: increasing, runs of three or more as first-last ("1,3-5,7"). */
export function formatCompletedIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    if (j - i >= 2) parts.push(`${sorted[i]}-${sorted[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(sorted[k]));
    i = j + 1;
  }
  return parts.join(',');
}
