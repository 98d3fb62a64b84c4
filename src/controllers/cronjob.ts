import type { CronJob, CronJobStatus, Job } from 'kubernetes-types/batch/v1';
import type { ObjectReference } from 'kubernetes-types/core/v1';
import { ANNOTATION_CRONJOB_SCHEDULED_TIMESTAMP } from '../manifest';
import { BerthError } from '../errors';
import { finishedJobsToDelete } from './cronjob-history';
import { jobExpireTime, terminalCondition } from './job-observe';
import { controllerRef, objectUid } from './owner';
import { formatRFC1123Z, formatRFC3339, missedScheduleCount, mostRecentScheduleTime, nextScheduleTime } from './schedule';

// Event reasons of Kubernetes' CronJob controller (cronjob_controllerv2.go).
export const REASON_SUCCESSFUL_CREATE = 'SuccessfulCreate';
export const REASON_SUCCESSFUL_DELETE = 'SuccessfulDelete';
export const REASON_SAW_COMPLETED_JOB = 'SawCompletedJob';
export const REASON_MISSING_JOB = 'MissingJob';
export const REASON_MISS_SCHEDULE = 'MissSchedule';
export const REASON_JOB_ALREADY_ACTIVE = 'JobAlreadyActive';
export const REASON_TOO_MANY_MISSED_TIMES = 'TooManyMissedTimes';
export const REASON_INVALID_SCHEDULE = 'InvalidSchedule';

/** Kubernetes warns past this many missed slots (and still starts only the most recent one). */
export const MAX_MISSED_SCHEDULES = 100;

export interface CronJobEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/**
 * What the controller keeps for a CronJob between passes (JSON). Persist `result.record` atomically BEFORE applying
 * `result.jobs`: a slot is then started at most once, whenever the controller stops.
 */
export interface CronJobRecord {
  /** status as last written: active, lastScheduleTime, lastSuccessfulTime. */
  status: CronJobStatus;
  /** Every Job it made that still exists, as made (without status): a made Job keeps its spec when the template changes. */
  jobs: Job[];
  /** When the controller first saw the CronJob (its creationTimestamp): no slot before it runs. */
  creationTimestamp?: string;
}

/** The stored record, with each Job's status as observed this pass (`observeJob(...).status`). Empty: never seen. */
export type CronJobLive = Partial<CronJobRecord> & {
  /** Shorthand for status.lastScheduleTime (expand.test.ts uses it); the record's status wins. */
  lastScheduleTime?: Date;
};

export interface CronJobResult {
  /** The CronJob with its new status (and creationTimestamp). */
  cronJob: CronJob;
  /** The Jobs that should exist now: the ones kept, plus the one started now. Each goes through reconcileJob. */
  jobs: Job[];
  /** Names of the Jobs deleted this pass (Replace, history limits, ttlSecondsAfterFinished): their pods go too. */
  deleted: string[];
  /** The slot started now, if any. */
  lastScheduleTime?: Date;
  record: CronJobRecord;
  events: CronJobEvent[];
  /** The next slot: nothing changes on schedule before it. */
  requeueAt?: Date;
}

/**
 * One pass of syncCronJob then cleanupFinishedJobs. Finished Jobs leave status.active (SawCompletedJob) and set
 * lastSuccessfulTime; unless suspended, the most recent slot after lastScheduleTime (or the creation) starts a Job
 * named `<cronjob>-<minutes since the epoch>`, unless past startingDeadlineSeconds (MissSchedule), already made, or
 * Forbid with an active Job (JobAlreadyActive); Replace deletes the active ones first. Then the oldest finished Jobs
 * over successfulJobsHistoryLimit/failedJobsHistoryLimit are deleted. What runs depends only on the stored
 * lastScheduleTime and the names of the Jobs made, so a slot never runs twice.
 */
export function reconcileCronJob(input: CronJob, now: Date, live: CronJobLive = {}): CronJobResult {
  const spec = input.spec!;
  const namespace = input.metadata!.namespace ?? 'default';
  const creationTimestamp = input.metadata?.creationTimestamp ?? live.creationTimestamp ?? formatRFC3339(now, undefined);
  const events: CronJobEvent[] = [];
  const event = (type: CronJobEvent['type'], reason: string, message: string) => events.push({ type, reason, message });

  let jobs = [...(live.jobs ?? [])];
  const names = new Set(jobs.map(nameOf));
  const active = new Set((live.status?.active ?? []).map((r) => r.name!));
  let lastSuccessfulTime = live.status?.lastSuccessfulTime;
  for (const job of jobs) {
    const done = terminalCondition(job.status?.conditions);
    if (!done) {
      active.add(nameOf(job)); // made by this controller: it is ours even if a crash lost the status
      continue;
    }
    if (active.delete(nameOf(job))) event('Normal', REASON_SAW_COMPLETED_JOB, `Saw completed job: ${nameOf(job)}, condition: ${done.type}`);
    const completed = job.status?.completionTime;
    if (done.type === 'Complete' && completed && (!lastSuccessfulTime || Date.parse(completed) > Date.parse(lastSuccessfulTime))) lastSuccessfulTime = completed;
  }
  for (const name of active) {
    if (names.has(name)) continue;
    active.delete(name);
    event('Normal', REASON_MISSING_JOB, `Active job went missing: ${name}`);
  }

  // The TTL-after-finished controller deletes expired Jobs (without an event); forgetting them here keeps the record small.
  const deleted: string[] = [];
  const remove = (name: string) => {
    jobs = jobs.filter((j) => nameOf(j) !== name);
    deleted.push(name);
  };
  for (const job of jobs) {
    const expireAt = jobExpireTime(job);
    if (expireAt !== undefined && expireAt <= now.getTime()) remove(nameOf(job));
  }
  const finishedBefore = jobs.filter((j) => terminalCondition(j.status?.conditions));

  let lastScheduleTime = live.status?.lastScheduleTime ?? (live.lastScheduleTime ? formatRFC3339(live.lastScheduleTime, undefined) : undefined);
  let started: Date | undefined;
  let requeueAt: Date | undefined;
  if (!spec.suspend) {
    const since = new Date(lastScheduleTime ?? creationTimestamp);
    try {
      requeueAt = nextScheduleTime(spec.schedule, spec.timeZone, now, since);
      const slot = mostRecentScheduleTime(spec.schedule, spec.timeZone, now, since);
      if (slot && slot > since) {
        const deadline = spec.startingDeadlineSeconds;
        const earliest = deadline != null && now.getTime() - deadline * 1000 > since.getTime() ? new Date(now.getTime() - deadline * 1000) : since;
        if (missedScheduleCount(spec.schedule, spec.timeZone, earliest, now, since) > MAX_MISSED_SCHEDULES) {
          event('Warning', REASON_TOO_MANY_MISSED_TIMES, 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
        }
        const name = jobName(input, slot);
        if (names.has(name)) {
          // Already made (the API server's AlreadyExists): the name is the lock.
          lastScheduleTime = formatRFC3339(slot, undefined);
        } else if (deadline != null && slot.getTime() + deadline * 1000 <= now.getTime()) {
          event('Warning', REASON_MISS_SCHEDULE, `Missed scheduled time to start a job: ${formatRFC1123Z(slot)}`);
        } else if (spec.concurrencyPolicy === 'Forbid' && active.size > 0) {
          event('Normal', REASON_JOB_ALREADY_ACTIVE, 'Not starting job because prior execution is running and concurrency policy is Forbid');
        } else {
          if (spec.concurrencyPolicy === 'Replace') {
            for (const old of [...active].sort()) {
              remove(old);
              event('Normal', REASON_SUCCESSFUL_DELETE, `Deleted job ${old}`);
            }
            active.clear();
          }
          const job = jobFromTemplate(input, slot);
          jobs.push(job);
          active.add(name);
          lastScheduleTime = formatRFC3339(slot, undefined);
          started = slot;
          event('Normal', REASON_SUCCESSFUL_CREATE, `Created job ${name}`);
        }
      }
    } catch (e) {
      if (!(e instanceof BerthError)) throw e;
      event('Warning', REASON_INVALID_SCHEDULE, `invalid schedule: ${spec.schedule} : ${e.message}`);
    }
  }

  for (const old of finishedJobsToDelete(finishedBefore, spec)) {
    remove(nameOf(old));
    event('Normal', REASON_SUCCESSFUL_DELETE, `Deleted job ${nameOf(old)}`);
  }

  const status: CronJobStatus = {
    ...(active.size ? { active: [...active].sort().map((name) => jobRef(namespace, name)) } : {}),
    ...(lastScheduleTime ? { lastScheduleTime } : {}),
    ...(lastSuccessfulTime ? { lastSuccessfulTime } : {}),
  };
  const cronJob: CronJob = { ...input, metadata: { ...input.metadata, creationTimestamp }, status };
  const record: CronJobRecord = { status, jobs: jobs.map(withoutStatus), creationTimestamp };
  return {
    cronJob,
    jobs,
    deleted,
    ...(started ? { lastScheduleTime: started } : {}),
    record,
    events,
    ...(requeueAt ? { requeueAt } : {}),
  };
}

/** getJobFromTemplate2: `<cronjob>-<minutes since the epoch of the slot>`, the template's labels and annotations. */
export function jobFromTemplate(cronJob: CronJob, scheduledTime: Date): Job {
  const template = cronJob.spec!.jobTemplate;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobName(cronJob, scheduledTime),
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

/** getJobName: one name per slot, so a slot maps to exactly one Job. */
export function jobName(cronJob: CronJob, scheduledTime: Date): string {
  return `${cronJob.metadata!.name}-${Math.floor(scheduledTime.getTime() / 60_000)}`;
}

function jobRef(namespace: string, name: string): ObjectReference {
  return { apiVersion: 'batch/v1', kind: 'Job', namespace, name, uid: objectUid('Job', namespace, name) };
}

function nameOf(job: Job): string {
  return job.metadata!.name!;
}

function withoutStatus(job: Job): Job {
  if (!job.status) return job;
  const { status: _, ...rest } = job;
  return rest;
}
