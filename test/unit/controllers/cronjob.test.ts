import { describe, expect, it } from 'vitest';
import type { Job } from 'kubernetes-types/batch/v1';
import { formatRFC3339, jobFromTemplate, mostRecentScheduleTime, reconcileCronJob } from '../../../src/controllers';
import { cronJob } from './fixtures';

const at = (iso: string) => new Date(iso);
const minutes = (iso: string) => Math.floor(Date.parse(iso) / 60_000);

describe('mostRecentScheduleTime', () => {
  it.each<[string, string | undefined, string, string]>([
    ['*/5 * * * *', undefined, '2024-03-10T12:07:30Z', '2024-03-10T12:05:00.000Z'],
    ['*/5 * * * *', undefined, '2024-03-10T12:05:00Z', '2024-03-10T12:05:00.000Z'],
    ['0 12 * * *', undefined, '2024-03-10T11:59:59Z', '2024-03-09T12:00:00.000Z'],
    ['@hourly', undefined, '2024-03-10T12:59:00Z', '2024-03-10T12:00:00.000Z'],
    ['@daily', undefined, '2024-03-10T12:00:00Z', '2024-03-10T00:00:00.000Z'],
    ['@weekly', undefined, '2024-03-13T12:00:00Z', '2024-03-10T00:00:00.000Z'],
    ['@monthly', undefined, '2024-03-13T12:00:00Z', '2024-03-01T00:00:00.000Z'],
    ['@yearly', undefined, '2024-03-13T12:00:00Z', '2024-01-01T00:00:00.000Z'],
    ['0 0 1 * 1', undefined, '2024-03-05T12:00:00Z', '2024-03-04T00:00:00.000Z'],
    ['0 0 1 * *', undefined, '2024-03-05T12:00:00Z', '2024-03-01T00:00:00.000Z'],
    ['0 0 ? * MON-FRI', undefined, '2024-03-10T12:00:00Z', '2024-03-08T00:00:00.000Z'],
    ['5/20 * * * *', undefined, '2024-03-10T12:50:00Z', '2024-03-10T12:45:00.000Z'],
    ['@midnight', undefined, '2024-03-10T12:00:00Z', '2024-03-10T00:00:00.000Z'],
    ['CRON_TZ=Europe/Paris 0 9 * * *', undefined, '2024-07-01T07:30:00Z', '2024-07-01T07:00:00.000Z'],
    ['0 9 * * *', 'Europe/Paris', '2024-07-01T07:30:00Z', '2024-07-01T07:00:00.000Z'],
    ['0 9 * * *', 'Europe/Paris', '2024-01-15T08:30:00Z', '2024-01-15T08:00:00.000Z'],
    ['0 9 * * *', 'America/New_York', '2024-07-01T12:00:00Z', '2024-06-30T13:00:00.000Z'],
  ])('%s in %s at %s → %s', (schedule, timeZone, now, expected) => {
    expect(mostRecentScheduleTime(schedule, timeZone, at(now))?.toISOString()).toBe(expected);
  });
});

describe('mostRecentScheduleTime on a schedule it cannot read', () => {
  it('throws a TerminalError with code ScheduleInvalid, never a bare parser error', () => {
    expect(() => mostRecentScheduleTime('0 0 * *', undefined, at('2024-03-10T12:00:00Z'))).toThrow(expect.objectContaining({ code: 'ScheduleInvalid' }));
    expect(() => mostRecentScheduleTime('0 0 * * *', 'Mars/Olympus', at('2024-03-10T12:00:00Z'))).toThrow(expect.objectContaining({ code: 'ScheduleInvalid' }));
  });
});

describe('mostRecentScheduleTime with @every', () => {
  it('counts whole intervals from the last run', () => {
    expect(mostRecentScheduleTime('@every 1h30m', undefined, at('2024-03-10T12:00:00Z'), at('2024-03-10T08:00:00Z'))?.toISOString()).toBe('2024-03-10T11:00:00.000Z');
  });

  it('has no slot before one interval has passed', () => {
    expect(mostRecentScheduleTime('@every 2h', undefined, at('2024-03-10T09:00:00Z'), at('2024-03-10T08:00:00Z'))).toBeUndefined();
  });

  it('counts from the Unix epoch when nothing has run, and rounds the interval to whole seconds', () => {
    expect(mostRecentScheduleTime('@every 1.5s', undefined, at('1970-01-01T00:00:10.500Z'))?.toISOString()).toBe('1970-01-01T00:00:10.000Z');
  });
});

describe('formatRFC3339', () => {
  it.each([
    ['2024-07-01T07:00:00.250Z', undefined, '2024-07-01T07:00:00Z'],
    ['2024-07-01T07:00:00Z', 'Europe/Paris', '2024-07-01T09:00:00+02:00'],
    ['2024-01-15T13:00:00Z', 'America/New_York', '2024-01-15T08:00:00-05:00'],
    ['2024-01-15T13:00:00Z', 'Asia/Kolkata', '2024-01-15T18:30:00+05:30'],
    ['2024-01-15T13:00:00Z', 'Etc/UTC', '2024-01-15T13:00:00Z'],
  ])('%s in %s → %s', (iso, tz, expected) => {
    expect(formatRFC3339(at(iso), tz)).toBe(expected);
  });
});

describe('reconcileCronJob', () => {
  const now = at('2024-03-10T12:07:30Z');
  const slot = '2024-03-10T12:05:00Z';
  const nightly = cronJob('report', '*/5 * * * *');

  it('starts the Job of the most recent slot, named <cronjob>-<minutes since the epoch>', () => {
    const { jobs, lastScheduleTime, events } = reconcileCronJob(nightly, now);
    expect(jobs.map((j) => j.metadata!.name)).toEqual([`report-${minutes(slot)}`]);
    expect(lastScheduleTime).toEqual(at(slot));
    expect(events.map((e) => e.reason)).toEqual(['SuccessfulCreate']);
  });

  it('builds the Job from the jobTemplate, owned by the CronJob, with the scheduled timestamp', () => {
    const job = jobFromTemplate(cronJob('report', '@daily', { timeZone: 'Europe/Paris' }), at('2024-03-09T23:00:00Z'));
    expect(job.metadata!.labels).toEqual({ cron: 'report' });
    expect(job.metadata!.annotations).toEqual({ 'batch.kubernetes.io/cronjob-scheduled-timestamp': '2024-03-10T00:00:00+01:00' });
    expect(job.metadata!.ownerReferences![0]).toMatchObject({ kind: 'CronJob', name: 'report', controller: true });
    expect(job.spec!.template.spec!.restartPolicy).toBe('Never');
  });

  it('starts nothing while suspended', () => {
    expect(reconcileCronJob(cronJob('report', '*/5 * * * *', { suspend: true }), now).jobs).toEqual([]);
  });

  it('starts nothing when the slot has already run', () => {
    expect(reconcileCronJob(nightly, now, { lastScheduleTime: at(slot) }).jobs).toEqual([]);
    expect(reconcileCronJob(nightly, now, { lastScheduleTime: at('2024-03-10T12:00:00Z') }).jobs).toHaveLength(1);
  });

  it('starts nothing for a CronJob seen for the first time, with no creation time or last run: it was created now', () => {
    const base = cronJob('report', '*/5 * * * *');
    const fresh = { ...base, metadata: { name: 'report', namespace: 'default' } };
    expect(reconcileCronJob(fresh, now).jobs).toEqual([]);
  });

  it('starts nothing for a slot before the CronJob was created', () => {
    const base = cronJob('report', '*/5 * * * *');
    const created = { ...base, metadata: { ...base.metadata, creationTimestamp: '2024-03-10T12:06:00Z' } };
    expect(reconcileCronJob(created, now).jobs).toEqual([]);
  });

  it('misses a slot older than startingDeadlineSeconds, and takes one within it', () => {
    const late = reconcileCronJob(cronJob('report', '*/5 * * * *', { startingDeadlineSeconds: 60 }), now);
    expect(late.jobs).toEqual([]);
    expect(late.events.map((e) => e.reason)).toEqual(['MissSchedule']);
    expect(reconcileCronJob(cronJob('report', '*/5 * * * *', { startingDeadlineSeconds: 200 }), now).jobs).toHaveLength(1);
  });

  const running: Job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: `report-${minutes('2024-03-10T12:00:00Z')}`, namespace: 'default' } };

  it.each<[string, string, string[], string[]]>([
    ['Allow runs the new Job beside the active one', 'Allow', [running.metadata!.name!, `report-${minutes(slot)}`], ['SuccessfulCreate']],
    ['Forbid keeps the active Job and starts nothing', 'Forbid', [running.metadata!.name!], ['JobAlreadyActive']],
    ['Replace deletes the active Job for the new one', 'Replace', [`report-${minutes(slot)}`], ['SuccessfulDelete', 'SuccessfulCreate']],
  ])('%s', (_, concurrencyPolicy, jobs, reasons) => {
    const result = reconcileCronJob(cronJob('report', '*/5 * * * *', { concurrencyPolicy }), now, { active: [running] });
    expect(result.jobs.map((j) => j.metadata!.name)).toEqual(jobs);
    expect(result.events.map((e) => e.reason)).toEqual(reasons);
  });

  it('does not start the slot’s Job twice when it is already active', () => {
    const current = jobFromTemplate(nightly, at(slot));
    expect(reconcileCronJob(nightly, now, { active: [current] }).jobs).toEqual([current]);
  });

  it('reads the schedule in the CronJob’s time zone', () => {
    const paris = cronJob('report', '0 9 * * *', { timeZone: 'Europe/Paris' });
    const [job] = reconcileCronJob(paris, at('2024-07-01T07:30:00Z')).jobs;
    expect(job.metadata!.name).toBe(`report-${minutes('2024-07-01T07:00:00Z')}`);
    expect(job.metadata!.annotations!['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2024-07-01T09:00:00+02:00');
  });
});
