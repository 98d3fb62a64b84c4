import { describe, expect, it } from 'vitest';
import { durationMs, parseDuration } from '../../../src/common';

describe('parseDuration (Go time.ParseDuration)', () => {
  it.each<[string, number]>([
    ['0', 0],
    ['30s', 30_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['300ms', 300],
    ['1500us', 1.5],
    ['-2m', -120_000],
    ['+1s', 1_000],
    ['.5s', 500],
  ])('reads %j as %i ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ms });
  });

  it.each(['', '-', '30', '5 m', 'm', '1d', '1h30', '.s', 'h1'])('refuses %j, saying how to write one', (text) => {
    const parsed = parseDuration(text);
    expect(parsed).toHaveProperty('error');
    expect((parsed as { error: string }).error).toMatch(/use a number with a unit/);
  });
});

describe('durationMs, a validated duration read by the pure core', () => {
  it('is the duration in ms, or the fallback when absent, unparsable or negative', () => {
    expect(durationMs(' 90s ', 1)).toBe(90_000);
    expect(durationMs('0', 1)).toBe(0);
    expect(durationMs(undefined, 30_000)).toBe(30_000);
    expect(durationMs('soon', 30_000)).toBe(30_000);
    expect(durationMs('-2m', 30_000)).toBe(30_000);
  });
});
