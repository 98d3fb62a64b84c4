import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sleep } from '../../../src/common';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('sleep', () => {
  it.each([1, 10, 5_000])('resolves after %i ms on the (fake) clock, not before', async (ms) => {
    let done = false;
    void sleep(ms).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(ms - 1);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it.each<[string, boolean]>([
    ['before it starts', true],
    ['while it waits', false],
  ])('rejects with the signal’s own reason when aborted %s', async (_, early) => {
    const controller = new AbortController();
    const reason = new Error('host timed out');
    if (early) controller.abort(reason);
    const slept = sleep(60_000, controller.signal);
    if (!early) controller.abort(reason);
    await expect(slept).rejects.toBe(reason);
  });
});
