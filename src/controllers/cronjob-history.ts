import type { CronJobSpec, Job } from 'kubernetes-types/batch/v1';
import { terminalCondition } from './job-observe';

/**
 * cleanupFinishedJobs: of the finished Jobs, the oldest by status.startTime (Jobs without one last, then by name)
 * beyond successfulJobsHistoryLimit (Complete) and failedJobsHistoryLimit (Failed). An unset limit keeps them all.
 */
export function finishedJobsToDelete(jobs: readonly Job[], spec: Pick<CronJobSpec, 'successfulJobsHistoryLimit' | 'failedJobsHistoryLimit'>): Job[] {
  const complete = jobs.filter((j) => terminalCondition(j.status?.conditions)?.type === 'Complete');
  const failed = jobs.filter((j) => terminalCondition(j.status?.conditions)?.type === 'Failed');
  return [...oldestBeyond(complete, spec.successfulJobsHistoryLimit), ...oldestBeyond(failed, spec.failedJobsHistoryLimit)];
}

function oldestBeyond(jobs: Job[], limit: number | undefined): Job[] {
  if (limit == null || jobs.length <= limit) return [];
  return [...jobs].sort(byStartTime).slice(0, jobs.length - limit);
}

/** byJobStartTime: started before not started, earlier first, then by name. */
function byStartTime(a: Job, b: Job): number {
  const sa = a.status?.startTime;
  const sb = b.status?.startTime;
  if (!sa !== !sb) return sa ? -1 : 1;
  if (sa && sb && Date.parse(sa) !== Date.parse(sb)) return Date.parse(sa) - Date.parse(sb);
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}
