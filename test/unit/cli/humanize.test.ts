import { describe, expect, it } from 'vitest';
import { humanDuration, parseDurationFlag, rfc1123z, since } from '../../../src/cli/humanize';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('ages print as Kubernetes duration.HumanDuration does', () => {
  it.each([
    [-3 * s, '<invalid>'],
    [-1 * s, '0s'],
    [0, '0s'],
    [59 * s, '59s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [5 * m + 3 * s, '5m3s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m + 30 * s, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [7 * h + 59 * m, '7h59m'],
    [8 * h + 30 * m, '8h'],
    [47 * h, '47h'],
    [2 * d, '2d'],
    [2 * d + 5 * h, '2d5h'],
    [8 * d + 5 * h, '8d'],
    [729 * d, '729d'],
    [730 * d, '2y'],
    [800 * d, '2y70d'],
    [3000 * d, '8y'],
  ])('%d ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });

  it('an absent timestamp is <unknown>', () => {
    expect(since(undefined, new Date())).toBe('<unknown>');
    expect(since('2024-05-01T10:00:00Z', new Date('2024-05-01T10:05:03Z'))).toBe('5m3s');
  });
});

describe('describe prints times as Go RFC 1123Z, in UTC', () => {
  it.each([
    ['2024-05-01T10:00:00Z', 'Wed, 01 May 2024 10:00:00 +0000'],
    ['2006-01-02T15:04:05+07:00', 'Mon, 02 Jan 2006 08:04:05 +0000'],
    [undefined, '<unset>'],
  ])('%s → %s', (input, text) => {
    expect(rfc1123z(input)).toBe(text);
  });
});

describe('duration flags take Go durations', () => {
  it.each([
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['30s', 30_000],
    ['0', 0],
  ])('%s → %d ms', (flag, ms) => {
    expect(parseDurationFlag('--timeout', flag)).toBe(ms);
  });

  it.each(['5', 'soon', '-5m'])('refuses %s, naming the flag', (flag) => {
    expect(() => parseDurationFlag('--timeout', flag)).toThrow(/^--timeout: /);
  });
});
