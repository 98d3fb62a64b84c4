import { describe, expect, it } from 'vitest';
import { BackOff, backOffDelay, type BackOffPolicy } from '../../../src/common';

const KUBELET: BackOffPolicy = { initialMs: 10_000, capMs: 300_000 };
const WORK_QUEUE: BackOffPolicy = { initialMs: 1_000, capMs: 300_000 };

describe('backOffDelay', () => {
  it.each<[string, BackOffPolicy, number, number]>([
    ['no failure yet waits nothing', KUBELET, 0, 0],
    ['the first failure waits the initial delay', KUBELET, 1, 10_000],
    ['each failure doubles it', KUBELET, 3, 40_000],
    ['it stops at the cap', KUBELET, 7, 300_000],
    ['a huge count stays at the cap (no Infinity)', WORK_QUEUE, 5_000, 300_000],
    ['another factor multiplies by it', { initialMs: 100, capMs: 10_000, factor: 3 }, 3, 900],
  ])('%s', (_, policy, failures, want) => {
    expect(backOffDelay(policy, failures)).toBe(want);
  });
});

describe('BackOff', () => {
  it('retries a failed key at 1, 2, 4 s after each failure, and a success starts it afresh', () => {
    const b = new BackOff(WORK_QUEUE);
    expect(b.fail('h1', 0)).toBe(1_000);
    expect(b.fail('h1', 1_000)).toBe(3_000);
    expect(b.fail('h1', 3_000)).toBe(7_000);
    expect(b.failures('h1')).toBe(3);
    b.forget('h1');
    expect(b.retryAt('h1')).toBeUndefined();
    expect(b.fail('h1', 10_000)).toBe(11_000);
  });

  it.each<[string, number, number]>([
    ['before the retry time', 500, 500],
    ['at the retry time', 1_000, 0],
    ['after it', 5_000, 0],
  ])('tells what a key still waits %s', (_, now, want) => {
    const b = new BackOff(WORK_QUEUE);
    b.fail('h1', 0);
    expect(b.remaining('h1', now)).toBe(want);
    expect(b.remaining('unknown', now)).toBe(0);
  });

  it('restarts a sequence with nothing to wait, and the next failure waits the initial delay', () => {
    const b = new BackOff(KUBELET);
    b.restart('c', 100);
    expect(b.window('c')).toBe(0);
    b.fail('c', 200);
    expect(b.window('c')).toBe(10_000);
  });

  it('finds the earliest retry still to come, leaving out keys already due', () => {
    const b = new BackOff(WORK_QUEUE);
    b.fail('a', 0);
    b.fail('b', 0);
    b.fail('b', 500);
    expect(b.nextDue(0)).toBe(1_000);
    expect(b.nextDue(1_000)).toBe(2_500);
    expect(b.nextDue(3_000)).toBeUndefined();
  });

  it('forgets keys not retained and keys idle past the limit', () => {
    const b = new BackOff(WORK_QUEUE);
    b.fail('a', 0);
    b.fail('b', 0);
    b.fail('c', 9_000);
    b.retain(['b', 'c']);
    b.gc(10_000, 5_000);
    expect(Object.keys(b.snapshot())).toEqual(['c']);
  });

  it('restores what it saved, skipping malformed entries', () => {
    const b = new BackOff(KUBELET);
    b.fail('a', 5);
    const copy = new BackOff(KUBELET);
    copy.restore({ ...b.snapshot(), bad: { failures: -1, lastAt: 0 }, worse: { failures: 1, lastAt: Number.NaN } });
    expect(copy.snapshot()).toEqual({ a: { failures: 1, lastAt: 5 } });
  });

  it.each<[string, BackOffPolicy]>([
    ['a zero initial delay', { initialMs: 0, capMs: 10 }],
    ['a cap below the initial delay', { initialMs: 10, capMs: 5 }],
    ['a factor below 1', { initialMs: 10, capMs: 50, factor: 0.5 }],
  ])('refuses %s', (_, policy) => {
    expect(() => new BackOff(policy)).toThrow(RangeError);
  });
});
