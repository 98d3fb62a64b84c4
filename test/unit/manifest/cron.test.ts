import { describe, expect, it } from 'vitest';
import { mostRecentScheduleTime } from '../../../src/controllers';
import { parseSchedule, splitTimeZone } from '../../../src/manifest';

const now = new Date('2024-03-10T12:00:00Z');

describe('validation and scheduling read a schedule the same way', () => {
  it.each<[string, string | undefined, boolean]>([
    ['*/15 * * * *', undefined, true],
    ['0 9 * * mon-fri', 'Europe/Paris', true],
    ['TZ=Europe/Paris 0 9 * * *', undefined, true],
    ['@HOURLY', undefined, true],
    ['@every 90s', undefined, true],
    ['0 0 L * *', undefined, false],
    ['0 0 15W * *', undefined, false],
    ['0 0 * * 1#2', undefined, false],
    ['0 0 * * 7', undefined, false],
    ['0 jan * * *', undefined, false],
    ['*/100 * * * *', undefined, false],
    ['0 0 * * *', 'Mars/Olympus', false],
  ])('%j in %s: accepted is %s by both', (schedule, timeZone, accepted) => {
    expect('error' in parseSchedule(schedule, timeZone)).toBe(!accepted);
    const scheduled = () => mostRecentScheduleTime(schedule, timeZone, now, now);
    if (accepted) expect(scheduled).not.toThrow();
    else expect(scheduled).toThrow(expect.objectContaining({ code: 'ScheduleInvalid' }));
  });
});

describe('splitTimeZone', () => {
  it.each<[string, { schedule: string; timeZone?: string }]>([
    ['0 9 * * *', { schedule: '0 9 * * *' }],
    ['TZ=UTC 0 9 * * *', { schedule: '0 9 * * *', timeZone: 'UTC' }],
    ['CRON_TZ=Europe/Paris  @daily', { schedule: '@daily', timeZone: 'Europe/Paris' }],
  ])('splits %j', (schedule, want) => {
    expect(splitTimeZone(schedule)).toEqual(want);
  });
});
