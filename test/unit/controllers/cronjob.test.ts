import { describe, expect, it } from 'vitest';
import type { Job } from 'kubernetes-types/batch/v1';
import { formatRFC3339, jobFromTemplate, mostRecentScheduleTime, nextScheduleTime, reconcileCronJob, type CronJobRecord } from '../../../src/controllers';
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

describe('nextScheduleTime', () => {
  it.each<[string, string | undefined, string, string | undefined, string]>([
    ['*/5 * * * *', undefined, '2024-03-10T12:05:00Z', undefined, '2024-03-10T12:10:00.000Z'],
    ['*/5 * * * *', undefined, '2024-03-10T12:07:30Z', undefined, '2024-03-10T12:10:00.000Z'],
    ['0 9 * * *', 'Europe/Paris', '2024-07-01T07:00:00Z', undefined, '2024-07-02T07:00:00.000Z'],
    ['@every 1h30m', undefined, '2024-03-10T12:00:00Z', '2024-03-10T08:00:00Z', '2024-03-10T12:30:00.000Z'],
  ])('%s in %s after %s (since %s) → %s', (schedule, timeZone, after, since, expected) => {
    expect(nextScheduleTime(schedule, timeZone, at(after), since ? at(since) : undefined)?.toISOString()).toBe(expected);
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
  const ran = (iso: string) => ({ status: { lastScheduleTime: iso } });

  it('starts the Job of the most recent slot, named <cronjob>-<minutes since the epoch>', () => {
    const { jobs, lastScheduleTime, events, cronJob: updated, requeueAt } = reconcileCronJob(nightly, now, ran('2024-03-10T12:00:00Z'));
    expect(jobs.map((j) => j.metadata!.name)).toEqual([`report-${minutes(slot)}`]);
    expect(lastScheduleTime).toEqual(at(slot));
    expect(events).toEqual([{ type: 'Normal', reason: 'SuccessfulCreate', message: `Created job report-${minutes(slot)}` }]);
    expect(updated.status).toEqual({
      active: [{ apiVersion: 'batch/v1', kind: 'Job', namespace: 'default', name: `report-${minutes(slot)}`, uid: expect.any(String) }],
      lastScheduleTime: '2024-03-10T12:05:00Z',
    });
    expect(requeueAt).toEqual(at('2024-03-10T12:10:00Z'));
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
    expect(reconcileCronJob(nightly, now, ran('2024-03-10T12:05:00Z')).jobs).toEqual([]);
    expect(reconcileCronJob(nightly, now, ran('2024-03-10T12:00:00Z')).jobs).toHaveLength(1);
  });

  it('starts nothing for a CronJob seen for the first time without a creation time, then runs the slots after it', () => {
    const fresh = { ...nightly, metadata: { name: 'report', namespace: 'default' } };
    const first = reconcileCronJob(fresh, now);
    expect(first.jobs).toEqual([]);
    expect(first.record.creationTimestamp).toBe('2024-03-10T12:07:30Z');
    expect(reconcileCronJob(fresh, at('2024-03-10T12:09:59Z'), first.record).jobs).toEqual([]);
    expect(reconcileCronJob(fresh, at('2024-03-10T12:10:05Z'), first.record).jobs.map((j) => j.metadata!.name)).toEqual([`report-${minutes('2024-03-10T12:10:00Z')}`]);
  });

  it('starts nothing for a slot before the CronJob was created', () => {
    const created = { ...nightly, metadata: { ...nightly.metadata, creationTimestamp: '2024-03-10T12:06:00Z' } };
    expect(reconcileCronJob(created, now).jobs).toEqual([]);
  });

  it.each<[string, number | undefined, string[], string[]]>([
    ['a slot past startingDeadlineSeconds is skipped with MissSchedule', 60, [], ['MissSchedule']],
    ['a slot within startingDeadlineSeconds runs', 200, [`report-${minutes(slot)}`], ['SuccessfulCreate']],
    ['no deadline: a late slot still runs', undefined, [`report-${minutes(slot)}`], ['SuccessfulCreate']],
  ])('%s', (_, startingDeadlineSeconds, jobs, reasons) => {
    const result = reconcileCronJob(cronJob('report', '*/5 * * * *', { startingDeadlineSeconds }), now, ran('2024-03-10T12:00:00Z'));
    expect(result.jobs.map((j) => j.metadata!.name)).toEqual(jobs);
    expect(result.events.map((e) => e.reason)).toEqual(reasons);
    if (!jobs.length) {
      expect(result.events[0].message).toBe('Missed scheduled time to start a job: Sun, 10 Mar 2024 12:05:00 +0000');
      expect(result.record.status.lastScheduleTime).toBe('2024-03-10T12:00:00Z');
    }
  });

  const running: Job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: `report-${minutes('2024-03-10T12:00:00Z')}`, namespace: 'default' } };

  it.each<[string, string, string[], string[], string[]]>([
    ['Allow runs the new Job beside the active one', 'Allow', [running.metadata!.name!, `report-${minutes(slot)}`], ['SuccessfulCreate'], []],
    ['Forbid with an active Job skips the slot', 'Forbid', [running.metadata!.name!], ['JobAlreadyActive'], []],
    ['Replace deletes the running Job for the new one', 'Replace', [`report-${minutes(slot)}`], ['SuccessfulDelete', 'SuccessfulCreate'], [running.metadata!.name!]],
  ])('%s', (_, concurrencyPolicy, jobs, reasons, deleted) => {
    const result = reconcileCronJob(cronJob('report', '*/5 * * * *', { concurrencyPolicy }), now, { ...ran('2024-03-10T12:00:00Z'), jobs: [running] });
    expect(result.jobs.map((j) => j.metadata!.name)).toEqual(jobs);
    expect(result.events.map((e) => e.reason)).toEqual(reasons);
    expect(result.deleted).toEqual(deleted);
    expect(result.record.status.lastScheduleTime).toBe(concurrencyPolicy === 'Forbid' ? '2024-03-10T12:00:00Z' : '2024-03-10T12:05:00Z');
  });

  it('Forbid starts the skipped slot once the active Job has finished', () => {
    const forbid = cronJob('report', '*/5 * * * *', { concurrencyPolicy: 'Forbid' });
    const finished = { ...running, status: { conditions: [{ type: 'Complete', status: 'True' }], completionTime: '2024-03-10T12:07:00Z' } };
    const result = reconcileCronJob(forbid, now, { status: { lastScheduleTime: '2024-03-10T12:00:00Z', active: [{ name: running.metadata!.name }] }, jobs: [finished] });
    expect(result.events.map((e) => e.reason)).toEqual(['SawCompletedJob', 'SuccessfulCreate']);
    expect(result.events[0].message).toBe(`Saw completed job: ${running.metadata!.name}, condition: Complete`);
    expect(result.record.status.lastSuccessfulTime).toBe('2024-03-10T12:07:00Z');
  });

  it('does not run a slot twice when the controller restarts with the stored record', () => {
    const first = reconcileCronJob(nightly, now);
    const stored: CronJobRecord = JSON.parse(JSON.stringify(first.record));
    for (const later of [now, at('2024-03-10T12:08:00Z'), at('2024-03-10T12:09:59Z')]) {
      const again = reconcileCronJob(nightly, later, stored);
      expect(again.events).toEqual([]);
      expect(again.jobs.map((j) => j.metadata!.name)).toEqual([`report-${minutes(slot)}`]);
      expect(again.record).toEqual(stored);
    }
  });

  it('takes an already-made Job of the slot as the run, even if lastScheduleTime was not stored with it', () => {
    const made = jobFromTemplate(nightly, at(slot));
    const result = reconcileCronJob(nightly, now, { ...ran('2024-03-10T12:00:00Z'), jobs: [made] });
    expect(result.events).toEqual([]);
    expect(result.jobs).toEqual([made]);
    expect(result.record.status.lastScheduleTime).toBe('2024-03-10T12:05:00Z');
  });

  it('reads the schedule in the CronJob’s time zone', () => {
    const paris = cronJob('report', '0 9 * * *', { timeZone: 'Europe/Paris' });
    const [job] = reconcileCronJob(paris, at('2024-07-01T07:30:00Z')).jobs;
    expect(job.metadata!.name).toBe(`report-${minutes('2024-07-01T07:00:00Z')}`);
    expect(job.metadata!.annotations!['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2024-07-01T09:00:00+02:00');
  });

  it('warns about more than 100 missed slots and still starts only the most recent one', () => {
    const result = reconcileCronJob(cronJob('report', '* * * * *'), now, ran('2024-03-10T08:00:00Z'));
    expect(result.events.map((e) => e.reason)).toEqual(['TooManyMissedTimes', 'SuccessfulCreate']);
    expect(result.jobs.map((j) => j.metadata!.name)).toEqual([`report-${minutes('2024-03-10T12:07:00Z')}`]);
    const bounded = reconcileCronJob(cronJob('report', '* * * * *', { startingDeadlineSeconds: 600 }), now, ran('2024-03-10T08:00:00Z'));
    expect(bounded.events.map((e) => e.reason)).toEqual(['SuccessfulCreate']);
  });

  it('reports a schedule it cannot read as an event, keeping its Jobs', () => {
    const result = reconcileCronJob(cronJob('report', '0 9 * * *', { timeZone: 'Mars/Olympus' }), now, { jobs: [running] });
    expect(result.events.map((e) => e.reason)).toEqual(['InvalidSchedule']);
    expect(result.jobs).toEqual([running]);
  });
});

describe('reconcileCronJob history', () => {
  const now = at('2024-03-10T12:07:30Z');
  const finished = (minute: number, type: 'Complete' | 'Failed', ttl?: number): Job => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: `report-${minute}`, namespace: 'default' },
    spec: { template: {}, ...(ttl !== undefined ? { ttlSecondsAfterFinished: ttl } : {}) },
    status: {
      startTime: new Date(minute * 60_000).toISOString(),
      conditions: [{ type, status: 'True', lastTransitionTime: new Date(minute * 60_000 + 30_000).toISOString() }],
      ...(type === 'Complete' ? { completionTime: new Date(minute * 60_000 + 30_000).toISOString() } : {}),
    },
  });
  const base = minutes('2024-03-10T11:00:00Z');
  const jobs = [0, 5, 10, 15, 20].map((m) => finished(base + m, 'Complete')).concat([finished(base + 1, 'Failed'), finished(base + 2, 'Failed')]);

  it.each<[string, number, number, number[]]>([
    ['keeps the 3 newest Complete and the newest Failed Job', 3, 1, [base, base + 5, base + 1]],
    ['keeps all within the limits', 5, 2, []],
    ['keeps none with limits 0', 0, 0, [base, base + 5, base + 10, base + 15, base + 20, base + 1, base + 2]],
  ])('%s', (_, successfulJobsHistoryLimit, failedJobsHistoryLimit, gone) => {
    const cj = cronJob('report', '*/5 * * * *', { successfulJobsHistoryLimit, failedJobsHistoryLimit, suspend: true });
    const result = reconcileCronJob(cj, now, { jobs });
    expect(result.deleted).toEqual(gone.map((m) => `report-${m}`));
    expect(result.events.map((e) => e.message)).toEqual(gone.map((m) => `Deleted job report-${m}`));
    expect(result.record.jobs.every((j) => !j.status)).toBe(true);
    expect(result.record.status.lastSuccessfulTime).toBe(new Date((base + 20) * 60_000 + 30_000).toISOString());
  });

  it('forgets Jobs whose ttlSecondsAfterFinished has passed, without an event', () => {
    const expiring = finished(minutes('2024-03-10T12:00:00Z'), 'Complete', 60);
    const result = reconcileCronJob(cronJob('report', '*/5 * * * *', { suspend: true }), now, { jobs: [expiring] });
    expect(result.deleted).toEqual([expiring.metadata!.name]);
    expect(result.events).toEqual([]);
  });
});
