import { describe, expect, it } from 'vitest';
import { SerialRunner } from '../../../src/common';

/** A pass that waits to be released, counting runs and the most running at once. */
function gatedPass() {
  const state = { runs: 0, running: 0, most: 0, release: [] as Array<() => void> };
  const pass = async () => {
    state.runs++;
    state.running++;
    state.most = Math.max(state.most, state.running);
    await new Promise<void>((resolve) => state.release.push(resolve));
    state.running--;
  };
  const releaseAll = async () => {
    for (let i = 0; i < 10 && state.release.length; i++) {
      state.release.splice(0).forEach((r) => r());
      await new Promise((r) => setImmediate(r));
    }
  };
  return { state, pass, releaseAll };
}

describe('SerialRunner', () => {
  it.each<[string, number, number]>([
    ['one run asks for one pass', 1, 1],
    ['runs asked for during a pass make one more pass after it', 5, 2],
  ])('%s', async (_, asks, passes) => {
    const { state, pass, releaseAll } = gatedPass();
    const runner = new SerialRunner(pass, () => {});
    const done = Array.from({ length: asks }, () => runner.run());
    await releaseAll();
    await Promise.all(done);
    expect(state.runs).toBe(passes);
    expect(state.most).toBe(1);
  });

  it('hands a failed pass to onFailure, never rejects, and runs again when asked', async () => {
    const failures: unknown[] = [];
    let n = 0;
    const runner = new SerialRunner(
      async () => {
        if (++n === 1) throw new Error('boom');
      },
      (err) => void failures.push(err),
    );
    await expect(runner.run()).resolves.toBeUndefined();
    await runner.run();
    expect(n).toBe(2);
    expect(failures).toEqual([new Error('boom')]);
  });

  it('runs no pass after close, and close waits for the pass in progress', async () => {
    const { state, pass, releaseAll } = gatedPass();
    const runner = new SerialRunner(pass, () => {});
    void runner.run();
    void runner.run();
    const closed = runner.close();
    await releaseAll();
    await closed;
    await runner.run();
    await runner.idle();
    expect(state.runs).toBe(1);
  });
});
