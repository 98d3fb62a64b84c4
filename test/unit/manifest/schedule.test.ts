import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../src/common';
import { cidrErrors, parsePortRange, parseSchedule, scheduleMatches, timeZoneErrors, type CronFields } from '../../../src/manifest';

describe('parseSchedule (robfig/cron ParseStandard)', () => {
  it.each(['* * * * *', '*/15 * * * *', '0 0 * * 0', '30 2 * * 1-5', '0 9-17/2 * * mon-fri', '0 0 1 jan,jul ?', '5,10,15 * * * *', '0 0 L * *'.replace('L', '1'), '@hourly', '@daily', '@midnight', '@weekly', '@monthly', '@yearly', '@annually', '@every 1h30m'])(
    'accepts %j',
    (s) => expect(parseSchedule(s)).not.toHaveProperty('error'),
  );

  it.each([
    ['* * * *', /expected exactly 5 fields/],
    ['0 0 * * * *', /expected exactly 5 fields/],
    ['60 * * * *', /above maximum \(59\)/],
    ['* 24 * * *', /above maximum \(23\)/],
    ['* * 0 * *', /below minimum \(1\)/],
    ['* * * 13 *', /above maximum \(12\)/],
    ['* * * * 7', /above maximum \(6\)/],
    ['5-1 * * * *', /beyond end of range/],
    ['*/0 * * * *', /step of range should be a positive number/],
    ['1-2-3 * * * *', /too many hyphens/],
    ['1/2/3 * * * *', /too many slashes/],
    ['x * * * *', /failed to parse int/],
    ['@sometimes', /unrecognized descriptor/],
    ['@every soon', /failed to parse duration/],
  ])('refuses %j', (s, message) => {
    const r = parseSchedule(s);
    expect(r).toHaveProperty('error');
    expect((r as { error: string }).error).toMatch(message);
  });

  it('matches days as cron does: either day field when both are restricted, both when one is a star', () => {
    const at = (dayOfMonth: number, dayOfWeek: number) => ({ minute: 0, hour: 0, month: 1, dayOfMonth, dayOfWeek });
    const both = parseSchedule('0 0 1 * 1') as CronFields;
    expect(scheduleMatches(both, at(1, 3))).toBe(true);
    expect(scheduleMatches(both, at(2, 1))).toBe(true);
    expect(scheduleMatches(both, at(2, 3))).toBe(false);
    const weekly = parseSchedule('0 0 * * 1') as CronFields;
    expect(scheduleMatches(weekly, at(2, 1))).toBe(true);
    expect(scheduleMatches(weekly, at(1, 3))).toBe(false);
    expect(parseSchedule('@every 10ms')).toEqual({ every: 1000 });
  });
});

describe('time zones', () => {
  it.each(['UTC', 'Europe/Paris', 'America/New_York', 'Etc/GMT+5'])('accepts %j', (tz) => expect(timeZoneErrors(tz)).toEqual([]));
  it.each(['Local', 'Mars/Olympus', '+01:00', 'Europe Paris', ''])('refuses %j', (tz) => expect(timeZoneErrors(tz)).not.toEqual([]));
});

describe('durations, CIDRs and port ranges', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['300ms', 300],
    ['0', 0],
  ])('reads the duration %j', (s, ms) => expect(parseDuration(s)).toEqual({ ms }));
  it.each(['30', '5 m', 'm', '1d', '', '-'])('refuses the duration %j', (s) => expect(parseDuration(s)).toHaveProperty('error'));

  it.each(['10.96.0.0/16', '10.0.0.0/8', '192.168.1.0/24', 'fd00::/108'])('accepts the CIDR %j', (c) => expect(cidrErrors(c)).toEqual([]));
  it.each([
    ['10.96.0.0', /expected an address and a prefix length/],
    ['10.96.0.1/16', /host bits set; use 10.96.0.0\/16/],
    ['10.96.0.0/33', /prefix length must be 0 to 32/],
    ['10.300.0.0/16', /is not an IP address/],
  ])('refuses the CIDR %j', (c, message) => expect(cidrErrors(c).join()).toMatch(message));

  it('reads node port ranges', () => {
    expect(parsePortRange('30000-32767')).toEqual({ min: 30000, max: 32767 });
    expect(parsePortRange('32767-30000')).toHaveProperty('error');
    expect(parsePortRange('0-100')).toHaveProperty('error');
  });
});
