// `kubectl describe` of Jobs and CronJobs (describeJob, describeCronJob).
import type { CronJob, Job, JobSpec } from 'kubernetes-types/batch/v1';
import { formatLabelSelector } from '../../manifest';
import { humanDuration, rfc1123z } from '../humanize';
import { writePodTemplate } from './template';
import { DescribeWriter, writeAnnotations, writeEvents, writeLabels } from './writer';
import { writeController, type Related } from './workloads';

export function describeJob(job: Job, related: Related, now: Date): string {
  const w = new DescribeWriter();
  const spec = job.spec;
  const s = job.status ?? {};
  w.line(0, 'Name:', job.metadata?.name ?? '');
  w.line(0, 'Namespace:', job.metadata?.namespace ?? '');
  w.line(0, 'Selector:', formatLabelSelector(spec?.selector));
  writeLabels(w, 'Labels', job.metadata?.labels);
  writeAnnotations(w, job.metadata?.annotations);
  writeController(w, job);
  if (spec?.parallelism != null) w.line(0, 'Parallelism:', spec.parallelism);
  w.line(0, 'Completions:', spec?.completions ?? '<unset>');
  if (spec?.completionMode) w.line(0, 'Completion Mode:', spec.completionMode);
  if (spec?.suspend != null) w.line(0, 'Suspend:', String(spec.suspend));
  if (spec?.backoffLimit != null) w.line(0, 'Backoff Limit:', spec.backoffLimit);
  if (spec?.ttlSecondsAfterFinished != null) w.line(0, 'TTL Seconds After Finished:', spec.ttlSecondsAfterFinished);
  if (s.startTime) w.line(0, 'Start Time:', rfc1123z(s.startTime));
  if (s.completionTime) w.line(0, 'Completed At:', rfc1123z(s.completionTime));
  if (s.startTime && s.completionTime) w.line(0, 'Duration:', humanDuration(Date.parse(s.completionTime) - Date.parse(s.startTime)));
  if (spec?.activeDeadlineSeconds != null) w.line(0, 'Active Deadline Seconds:', `${spec.activeDeadlineSeconds}s`);
  const ready = s.ready == null ? '' : ` (${s.ready} Ready)`;
  w.line(0, 'Pods Statuses:', `${s.active ?? 0} Active${ready} / ${s.succeeded ?? 0} Succeeded / ${s.failed ?? 0} Failed`);
  if (spec?.completionMode === 'Indexed') w.line(0, 'Completed Indexes:', s.completedIndexes || '<none>');
  writePodTemplate(w, spec?.template);
  writeEvents(w, related.events, now);
  return w.toString();
}

export function describeCronJob(cj: CronJob, related: Related, now: Date): string {
  const w = new DescribeWriter();
  const spec = cj.spec;
  const orUnset = (v: number | undefined, suffix = '') => (v == null ? '<unset>' : `${v}${suffix}`);
  w.line(0, 'Name:', cj.metadata?.name ?? '');
  w.line(0, 'Namespace:', cj.metadata?.namespace ?? '');
  writeLabels(w, 'Labels', cj.metadata?.labels);
  writeAnnotations(w, cj.metadata?.annotations);
  w.line(0, 'Schedule:', spec?.schedule ?? '');
  if (spec?.timeZone) w.line(0, 'Time Zone:', spec.timeZone);
  w.line(0, 'Concurrency Policy:', spec?.concurrencyPolicy ?? 'Allow');
  w.line(0, 'Suspend:', spec?.suspend == null ? '<unset>' : spec.suspend ? 'True' : 'False');
  w.line(0, 'Successful Job History Limit:', orUnset(spec?.successfulJobsHistoryLimit));
  w.line(0, 'Failed Job History Limit:', orUnset(spec?.failedJobsHistoryLimit));
  w.line(0, 'Starting Deadline Seconds:', orUnset(spec?.startingDeadlineSeconds, 's'));
  writeJobTemplate(w, spec?.jobTemplate.spec);
  w.line(0, 'Last Schedule Time:', cj.status?.lastScheduleTime ? rfc1123z(cj.status.lastScheduleTime) : '<unset>');
  w.line(0, 'Active Jobs:', (cj.status?.active ?? []).map((j) => j.name).join(', ') || '<none>');
  writeEvents(w, related.events, now);
  return w.toString();
}

function writeJobTemplate(w: DescribeWriter, spec: JobSpec | undefined): void {
  w.line(0, 'Selector:', spec?.selector ? formatLabelSelector(spec.selector) : '<unset>');
  w.line(0, 'Parallelism:', spec?.parallelism ?? '<unset>');
  w.line(0, 'Completions:', spec?.completions ?? '<unset>');
  if (spec?.activeDeadlineSeconds != null) w.line(0, 'Active Deadline Seconds:', `${spec.activeDeadlineSeconds}s`);
  writePodTemplate(w, spec?.template);
}
