// The Job controller's view of a Job at `now`: its pods as agents report them, folded into what the controller
// stored, following syncJob (pkg/controller/job/job_controller.go). Pure: the clock is `now`.
import type { Job, JobCondition as KubeJobCondition, JobStatus } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { backOffDelay } from '../common';
import { completionIndexOf, formatCompletedIndexes, isPodOfJob, podFinishedTime, podRestarts } from './job-pods';
import { isPodActive, isPodFinished } from './rollout-pods';

// Event reasons and messages of Kubernetes' Job controller.
export const REASON_JOB_COMPLETED = 'Completed';
export const REASON_BACKOFF_LIMIT_EXCEEDED = 'BackoffLimitExceeded';
export const REASON_DEADLINE_EXCEEDED = 'DeadlineExceeded';
export const REASON_COMPLETIONS_REACHED = 'CompletionsReached';
export const REASON_JOB_SUSPENDED = 'Suspended';
export const REASON_JOB_RESUMED = 'Resumed';

/** DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff: 10 s, doubled per failure, at most 10 min. */
export const POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 600_000;
const POD_FAILURE_BACK_OFF = { initialMs: POD_FAILURE_BACKOFF_MS, capMs: MAX_POD_FAILURE_BACKOFF_MS };

export interface JobEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** A pod of the Job seen finished. Kept after the pod is gone: its outcome still counts and its name stays taken. */
export interface FinishedPod {
  phase: 'Succeeded' | 'Failed';
  /** Indexed Jobs: the pod's completion index. */
  index?: number;
  /** When it finished (RFC 3339). */
  time: string;
}

/** What the controller keeps about a Job between passes: store `observed.record` after every pass (JSON). */
export interface JobRecord {
  /** status.startTime: set on the first pass that runs the Job, cleared while suspended, reset on resume. */
  startTime?: string;
  /** Every pod of the Job seen finished, by name. */
  finished: Record<string, FinishedPod>;
  /** status.conditions: Suspended, and the terminal Complete or Failed (after which nothing runs again). */
  conditions?: KubeJobCondition[];
  completionTime?: string;
  /** The pod failure back-off: failures since the last success, and when the last of them finished. */
  failuresAfterLastSuccess?: number;
  lastFailureTime?: string;
}

/** The Job as observed at `now`: what reconcileJob needs to choose its pods, and what the controller must keep. */
export interface JobObserved {
  /** Pods that succeeded (Indexed: distinct completed indexes) and failed, including pods already gone. */
  succeeded: number;
  failed: number;
  /** Indexed Jobs: the indexes that have succeeded, and failures per index (they rename the index's next pod). */
  completedIndexes?: number[];
  indexFailures?: Record<number, number>;
  /** The Job's live pods that are neither finished nor being deleted. */
  active?: Pod[];
  /** The Job's finished pods that agents still report: kept on their hosts, for logs, until the Job is cleaned up. */
  retained?: Pod[];
  /** Every finished pod's name, reported or gone: never given to a new pod. */
  reserved?: ReadonlySet<string>;
  /** Complete or Failed once the Job has finished; it then runs nothing again. */
  finished?: 'Complete' | 'Failed';
  suspended?: boolean;
  /** ttlSecondsAfterFinished has passed: the Job and its pods are to be deleted. */
  expired?: boolean;
  /** Set while the pod failure back-off holds new pods back (RFC 3339, when it ends). */
  backoffUntil?: string;
  /** The next time something changes without any pod changing: deadline, back-off end, TTL (RFC 3339). */
  requeueAt?: string;
  /** status without active and ready (reconcileJob adds them). */
  status?: JobStatus;
  record?: JobRecord;
  events?: JobEvent[];
}

/**
 * The Job's pods (every pod agents report; others are skipped) and the stored record → counts, conditions and the
 * next record. Events are returned only on a change against `stored`, so storing the record makes them once-only.
 * Order of checks as syncJob: backoffLimit (failed pods, or for restartPolicy OnFailure the containers' restarts),
 * then activeDeadlineSeconds, then completions.
 */
export function observeJob(job: Job, pods: readonly Pod[], stored: JobRecord | undefined, now: Date): JobObserved {
  const spec = job.spec!;
  const indexed = spec.completionMode === 'Indexed';
  const finishedPods: Record<string, FinishedPod> = { ...stored?.finished };
  const active: Pod[] = [];
  const retained: Pod[] = [];
  const newSucceeded: string[] = [];
  const newFailed: string[] = [];
  for (const pod of pods) {
    if (!isPodOfJob(job, pod)) continue;
    const name = pod.metadata!.name!;
    if (isPodFinished(pod)) {
      retained.push(pod);
      if (finishedPods[name]) continue;
      const phase = pod.status!.phase as FinishedPod['phase'];
      const index = indexed ? completionIndexOf(pod, spec.completions) : undefined;
      const time = podFinishedTime(pod, now);
      finishedPods[name] = { phase, time, ...(index !== undefined ? { index } : {}) };
      (phase === 'Succeeded' ? newSucceeded : newFailed).push(time);
    } else if (isPodActive(pod)) {
      active.push(pod);
    }
  }

  let succeeded = 0;
  let failed = 0;
  const completed = new Set<number>();
  const indexFailures: Record<number, number> = {};
  for (const p of Object.values(finishedPods)) {
    if (p.phase === 'Succeeded') {
      succeeded++;
      if (p.index !== undefined) completed.add(p.index);
    } else {
      failed++;
      if (p.index !== undefined) indexFailures[p.index] = (indexFailures[p.index] ?? 0) + 1;
    }
  }
  if (indexed) succeeded = completed.size;

  const nowText = now.toISOString();
  const events: JobEvent[] = [];
  const conditions = [...(stored?.conditions ?? [])];
  let startTime = stored?.startTime;
  let completionTime = stored?.completionTime;
  let finished = terminalCondition(conditions)?.type as JobObserved['finished'];
  const suspended = spec.suspend === true && !finished;

  if (!finished) {
    if (!suspended) startTime ??= nowText;
    const backoffLimit = spec.backoffLimit ?? 6;
    const onFailure = spec.template.spec?.restartPolicy === 'OnFailure';
    const restarts = onFailure ? active.reduce((n, p) => n + podRestarts(p), 0) : 0;
    const pastRestartLimit = onFailure && (backoffLimit === 0 ? restarts > 0 : restarts >= backoffLimit);
    const deadline = spec.activeDeadlineSeconds;
    const complete = spec.completions == null ? succeeded > 0 && active.length === 0 : succeeded >= spec.completions;
    let ending: KubeJobCondition | undefined;
    if (failed > backoffLimit || pastRestartLimit) {
      ending = condition('Failed', REASON_BACKOFF_LIMIT_EXCEEDED, 'Job has reached the specified backoff limit', nowText);
    } else if (deadline != null && startTime && !suspended && now.getTime() - Date.parse(startTime) >= deadline * 1000) {
      ending = condition('Failed', REASON_DEADLINE_EXCEEDED, 'Job was active longer than specified deadline', nowText);
    } else if (complete) {
      ending = condition('Complete', REASON_COMPLETIONS_REACHED, 'Reached expected number of succeeded pods', nowText);
      completionTime = nowText;
    }
    if (ending) {
      conditions.push(ending);
      finished = ending.type as JobObserved['finished'];
      events.push(ending.type === 'Complete' ? { type: 'Normal', reason: REASON_JOB_COMPLETED, message: 'Job completed' } : { type: 'Warning', reason: ending.reason!, message: ending.message! });
    } else if (suspended) {
      // Kubernetes clears startTime while suspended: activeDeadlineSeconds counts continuous activity.
      startTime = undefined;
      if (setSuspended(conditions, 'True', 'JobSuspended', 'Job suspended', nowText)) events.push({ type: 'Normal', reason: REASON_JOB_SUSPENDED, message: 'Job suspended' });
    } else {
      if (setSuspended(conditions, 'False', 'JobResumed', 'Job resumed', nowText)) {
        events.push({ type: 'Normal', reason: REASON_JOB_RESUMED, message: 'Job resumed' });
        startTime = nowText;
      }
    }
  }

  const backoff = nextBackoff(stored, newSucceeded, newFailed);
  const times: number[] = [];
  let backoffUntil: string | undefined;
  if (!finished && !suspended && backoff.failuresAfterLastSuccess && backoff.lastFailureTime) {
    const until = Date.parse(backoff.lastFailureTime) + backOffDelay(POD_FAILURE_BACK_OFF, backoff.failuresAfterLastSuccess);
    if (until > now.getTime()) {
      backoffUntil = new Date(until).toISOString();
      times.push(until);
    }
  }
  if (!finished && !suspended && spec.activeDeadlineSeconds != null && startTime) times.push(Date.parse(startTime) + spec.activeDeadlineSeconds * 1000);
  const expireAt = finished ? jobExpireTime({ spec, status: { conditions } }) : undefined;
  const expired = expireAt !== undefined && expireAt <= now.getTime();
  if (expireAt !== undefined && !expired) times.push(expireAt);

  const record: JobRecord = {
    ...(startTime ? { startTime } : {}),
    finished: finishedPods,
    ...(conditions.length ? { conditions } : {}),
    ...(completionTime ? { completionTime } : {}),
    ...backoff,
  };
  const status: JobStatus = {
    ...(conditions.length ? { conditions } : {}),
    ...(startTime ? { startTime } : {}),
    ...(completionTime ? { completionTime } : {}),
    ...(succeeded ? { succeeded } : {}),
    ...(failed ? { failed } : {}),
    ...(indexed && completed.size ? { completedIndexes: formatCompletedIndexes(completed) } : {}),
  };
  return {
    succeeded,
    failed,
    ...(indexed ? { completedIndexes: [...completed].sort((a, b) => a - b), indexFailures } : {}),
    active,
    retained,
    reserved: new Set(Object.keys(finishedPods)),
    ...(finished ? { finished } : {}),
    suspended,
    expired,
    ...(backoffUntil ? { backoffUntil } : {}),
    ...(times.length ? { requeueAt: new Date(Math.min(...times)).toISOString() } : {}),
    status,
    record,
    events,
  };
}

/** The Job's Complete or Failed condition with status True, if it has finished (jobutil.FinishedCondition). */
export function terminalCondition(conditions: readonly KubeJobCondition[] | undefined): KubeJobCondition | undefined {
  return conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

/**
 * The TTL-after-finished controller's expiry: the finished condition's transition time + ttlSecondsAfterFinished
 * (ms since the epoch); undefined while the Job runs or without a TTL.
 */
export function jobExpireTime(job: Pick<Job, 'spec' | 'status'>): number | undefined {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  const done = terminalCondition(job.status?.conditions);
  if (ttl == null || !done?.lastTransitionTime) return undefined;
  return Date.parse(done.lastTransitionTime) + ttl * 1000;
}

function condition(type: string, reason: string, message: string, now: string): KubeJobCondition {
  return { type, status: 'True', reason, message, lastProbeTime: now, lastTransitionTime: now };
}

/** ensureJobConditionStatus for Suspended: a False condition is only written over an existing one. */
function setSuspended(conditions: KubeJobCondition[], status: 'True' | 'False', reason: string, message: string, now: string): boolean {
  const i = conditions.findIndex((c) => c.type === 'Suspended');
  if (i < 0) {
    if (status === 'False') return false;
    conditions.push({ type: 'Suspended', status, reason, message, lastProbeTime: now, lastTransitionTime: now });
    return true;
  }
  if (conditions[i].status === status) return false;
  conditions[i] = { ...conditions[i], status, reason, message, lastProbeTime: now, lastTransitionTime: now };
  return true;
}

/** newBackoffRecord: failures after the last success, counted from the pods that finished since the last pass. */
function nextBackoff(stored: JobRecord | undefined, succeeded: string[], failed: string[]): Pick<JobRecord, 'failuresAfterLastSuccess' | 'lastFailureTime'> {
  let count = stored?.failuresAfterLastSuccess ?? 0;
  let last = stored?.lastFailureTime;
  const byTime = (a: string, b: string) => Date.parse(a) - Date.parse(b);
  failed.sort(byTime);
  if (succeeded.length === 0) {
    if (failed.length) {
      count += failed.length;
      last = failed[failed.length - 1];
    }
  } else {
    const lastSuccess = Date.parse(succeeded.sort(byTime)[succeeded.length - 1]);
    const after = failed.filter((t) => Date.parse(t) > lastSuccess);
    count = after.length;
    last = after.length ? after[after.length - 1] : undefined;
  }
  return count ? { failuresAfterLastSuccess: count, ...(last ? { lastFailureTime: last } : {}) } : {};
}
