import { describe, expect, it } from 'vitest';
import { sleep } from '../../../src/common';

describe('sleep', () => {
  it('resolves once its time has passed: a shorter sleep started later ends first', async () => {
    const ended: string[] = [];
    const long = sleep(200).then(() => ended.push('long'));
    const short = sleep(1).then(() => ended.push('short'));
    await Promise.all([long, short]);
    expect(ended).toEqual(['short', 'long']);
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
