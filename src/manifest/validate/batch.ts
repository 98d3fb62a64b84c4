import type { CronJob, Job, JobSpec } from 'kubernetes-types/batch/v1';
import { isEmptyLabelSelector, labelSelectorMatches, validateLabelSelector } from '../selector';
import type { FieldPath } from '../types';
import { parseSchedule, splitTimeZone, timeZoneErrors } from '../cron';
import type { Issues } from './issues';
import { validateTemplateMeta } from './meta';
import { JOB_POD_RULES, validatePodSpec } from './pod';

/** Indexed Jobs are capped by Kubernetes at 10^5 completions and parallelism. */
const MAX_INDEXED = 100_000;

export function validateJobSpec(out: Issues, s: JobSpec, path: FieldPath, owner: string): void {
  for (const f of ['parallelism', 'completions', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished'] as const) {
    out.min(path, f, s[f], 0);
  }
  if (s.completionMode === 'Indexed') {
    if (s.completions === undefined) out.required([...path, 'completions'], 'completions is required when completionMode is Indexed');
    else if (s.completions > MAX_INDEXED) out.invalid([...path, 'completions'], `must be less than or equal to ${MAX_INDEXED} when completionMode is Indexed`);
    if ((s.parallelism ?? 0) > MAX_INDEXED) out.invalid([...path, 'parallelism'], `must be less than or equal to ${MAX_INDEXED} when completionMode is Indexed`);
  }
  const template = s.template;
  validateTemplateMeta(out, template.metadata, [...path, 'template', 'metadata']);
  if (s.manualSelector) {
    const at = [...path, 'selector'];
    if (!s.selector || isEmptyLabelSelector(s.selector)) out.required(at, 'a selector is required when manualSelector is true');
    else {
      const before = out.list.length;
      out.push(validateLabelSelector(s.selector, at));
      if (out.list.length === before && !labelSelectorMatches(s.selector, template.metadata?.labels)) {
        out.invalid([...path, 'template', 'metadata', 'labels'], 'selector does not match template labels: give the pod template every label that spec.selector asks for');
      }
    }
  } else if (s.selector) {
    // Kubernetes generates a Job's selector itself; a hand-written one is only taken with manualSelector.
    out.invalid([...path, 'selector'], 'a Job selects its pods itself: remove selector, or set manualSelector: true to use your own');
  }
  validatePodSpec(out, template.spec!, [...path, 'template', 'spec'], JOB_POD_RULES(owner));
}

export function validateJob(out: Issues, job: Job): void {
  validateJobSpec(out, job.spec!, ['spec'], 'Job');
}

export function validateCronJob(out: Issues, cj: CronJob): void {
  const s = cj.spec!;
  const schedule = s.schedule;
  if (splitTimeZone(schedule).timeZone !== undefined) {
    out.invalid(['spec', 'schedule'], 'cannot use TZ or CRON_TZ in schedule: use the timeZone field instead');
  } else {
    const parsed = parseSchedule(schedule);
    if ('error' in parsed) {
      out.invalid(['spec', 'schedule'], `${JSON.stringify(schedule)} is not a valid cron schedule: ${parsed.error} (e.g. "*/15 * * * *" or @hourly)`);
    }
  }
  if (s.timeZone !== undefined) for (const e of timeZoneErrors(s.timeZone)) out.invalid(['spec', 'timeZone'], e);
  for (const f of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const) out.min(['spec'], f, s[f], 0);
  validateTemplateMeta(out, s.jobTemplate.metadata, ['spec', 'jobTemplate', 'metadata']);
  validateJobSpec(out, s.jobTemplate.spec!, ['spec', 'jobTemplate', 'spec'], 'CronJob');
}
