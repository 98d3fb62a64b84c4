import { describe, expect, it } from 'vitest';
import { backoffKey, backoffWindow, CrashLoopBackOff } from '../../../../src/agent/pods/backoff';

const MIN = 60_000;

describe('CrashLoopBackOff', () => {
  it.each([
    [1, 0],
    [2, 10_000],
    [3, 20_000],
    [4, 40_000],
    [5, 80_000],
    [6, 160_000],
    [7, 300_000],
    [12, 300_000],
  ])('after exit %i of a crash loop the restart waits %i ms', (exits, want) => {
    expect(backoffWindow(exits)).toBe(want);
  });

  it('restarts at once after the first crash, then waits 10 s, 20 s, … from each finish, as the kubelet', () => {
    const b = new CrashLoopBackOff();
    const key = backoffKey('uid-1', 'app');
    let t = 0;
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      t += 1000; // it runs a second, then crashes
      b.recordExit(key, t, 1000);
      waits.push(b.delay(key, t));
      t += b.delay(key, t);
    }
    expect(waits).toEqual([0, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
  });

  it('counts the time already waited', () => {
    const b = new CrashLoopBackOff();
    b.recordExit('k', 0, 1000);
    b.recordExit('k', 5000, 1000);
    expect([b.delay('k', 5000), b.delay('k', 12_000), b.delay('k', 20_000)]).toEqual([10_000, 3000, 0]);
    expect(b.window('k')).toBe(10_000);
  });

  it('counts the same exit once, however often the loop records it', () => {
    const b = new CrashLoopBackOff();
    for (let i = 0; i < 5; i++) b.recordExit('k', 1000, 500);
    b.recordExit('k', 2000, 500);
    for (let i = 0; i < 5; i++) b.recordExit('k', 2000, 500);
    expect(b.window('k')).toBe(10_000);
  });

  it.each([
    ['a container that ran 10 minutes and 1 ms starts the sequence again', 10 * MIN + 1, 0],
    ['one that ran exactly 10 minutes does not', 10 * MIN, 40_000],
  ])('%s', (_name, ranFor, want) => {
    const b = new CrashLoopBackOff();
    for (let i = 1; i <= 3; i++) b.recordExit('k', i * 1000, 100);
    b.recordExit('k', 4000 + ranFor, ranFor);
    expect(b.delay('k', 4000 + ranFor)).toBe(want);
  });

  it('keeps containers apart by pod uid and container name', () => {
    const b = new CrashLoopBackOff();
    b.recordExit(backoffKey('u1', 'app'), 0, 1);
    b.recordExit(backoffKey('u1', 'app'), 1, 1);
    b.recordExit(backoffKey('u2', 'app'), 1, 1);
    expect([b.delay(backoffKey('u1', 'app'), 1), b.delay(backoffKey('u2', 'app'), 1), b.delay(backoffKey('u1', 'side'), 1)]).toEqual([10_000, 0, 0]);
  });

  it('forgets a key, and collects entries idle for 10 minutes', () => {
    const b = new CrashLoopBackOff();
    b.recordExit('a', 0, 1);
    b.recordExit('a', 1, 1);
    b.recordExit('b', 0, 1);
    b.recordExit('b', 1, 1);
    b.forget('a');
    b.gc(10 * MIN + 2);
    expect([b.window('a'), b.window('b')]).toEqual([0, 0]);
  });
});
