import { ANNOTATION_CRONJOB_SCHEDULED_TIMESTAMP } from '../manifest';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import { controllerRef } from './owner';
import { formatRFC3339, mostRecentScheduleTime } from './schedule';


// Event reasons of Kubernetes' CronJob controller.
export const REASON_SUCCESSFUL_CREATE = 'SuccessfulCreate';
export const REASON_SUCCESSFUL_DELETE = 'SuccessfulDelete';
export const REASON_MISS_SCHEDULE = 'MissSchedule';
export const REASON_JOB_ALREADY_ACTIVE = 'JobAlreadyActive';

export interface CronJobEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** What the controller knows of a CronJob beyond git. */
export interface CronJobLive {
  /** status.lastScheduleTime: the slot of the last Job started. */
  lastScheduleTime?: Date;
  /** status.active: the CronJob's Jobs that are still running. */
  active?: Job[];
}

export interface CronJobResult {
  /** The CronJob's desired Jobs: the active ones it keeps, plus the one it starts now. */
  jobs: Job[];
  /** The new status.lastScheduleTime when a Job was started. */
  lastScheduleTime?: Date;
  events: CronJobEvent[];
}

/**
 * CronJob → the Job for the schedule's most recent slot at or before `now`, when that slot is due and not yet run,
 * following the CronJob controller's syncCronJob: suspend, startingDeadlineSeconds, then concurrencyPolicy.
 * Without lastScheduleTime, metadata.creationTimestamp bounds how far back a slot may be; without either, now does.
 */
export function reconcileCronJob(cronJob: CronJob, now: Date, live: CronJobLive = {}): CronJobResult {
  const spec = cronJob.spec!;
  const active = live.active ?? [];
  const keep: CronJobResult = { jobs: active, events: [] };
  if (spec.suspend) return keep;

  // Kubernetes looks for slots after the last run (or the creation), and no further back than the starting deadline.
  // A CronJob seen for the first time, with neither, was created now: like Kubernetes, it does not run the slots
  // that passed before it existed.
  const lastRun = live.lastScheduleTime ?? (cronJob.metadata?.creationTimestamp ? new Date(cronJob.metadata.creationTimestamp) : now);
  const slot = mostRecentScheduleTime(spec.schedule, spec.timeZone, now, lastRun);
  if (!slot || (lastRun && slot <= lastRun)) return keep;
  const deadline = spec.startingDeadlineSeconds;
  if (deadline != null && slot.getTime() + deadline * 1000 <= now.getTime()) {
    const message = `Missed scheduled time to start a job: ${slot.toISOString()}`;
    return { ...keep, events: [{ type: 'Warning', reason: REASON_MISS_SCHEDULE, message }] };
  }

  const job = jobFromTemplate(cronJob, slot);
  if (active.some((j) => j.metadata?.name === job.metadata!.name)) return keep;
  if (spec.concurrencyPolicy === 'Forbid' && active.length > 0) {
    return { ...keep, events: [{ type: 'Normal', reason: REASON_JOB_ALREADY_ACTIVE, message: 'Not starting job because prior execution is running and concurrency policy is Forbid' }] };
  }
  const events: CronJobEvent[] = [];
  let kept = active;
  if (spec.concurrencyPolicy === 'Replace') {
    for (const j of active) events.push({ type: 'Normal', reason: REASON_SUCCESSFUL_DELETE, message: `Deleted job ${j.metadata?.name}` });
    kept = [];
  }
  events.push({ type: 'Normal', reason: REASON_SUCCESSFUL_CREATE, message: `Created job ${job.metadata!.name}` });
  return { jobs: [...kept, job], lastScheduleTime: slot, events };
}

/** getJobFromTemplate2: `<cronjob>-<minutes since the epoch of the slot>`, the template's labels and annotations. */
export function jobFromTemplate(cronJob: CronJob, scheduledTime: Date): Job {
  const template = cronJob.spec!.jobTemplate;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: `${cronJob.metadata!.name}-${Math.floor(scheduledTime.getTime() / 60_000)}`,
      namespace: cronJob.metadata!.namespace,
      ...(template.metadata?.labels ? { labels: { ...template.metadata.labels } } : {}),
      annotations: {
        ...template.metadata?.annotations,
        [ANNOTATION_CRONJOB_SCHEDULED_TIMESTAMP]: formatRFC3339(scheduledTime, cronJob.spec!.timeZone),
      },
      ownerReferences: [controllerRef(cronJob)],
    },
    spec: template.spec!,
  };
}
