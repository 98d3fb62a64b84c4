import { describe, expect, it } from 'vitest';
import { HOST_BACK_OFF, queueKey, retryingIn, WorkQueue } from '../../../src/controller/workqueue';
import { at, t0 } from './fixtures';

/** The delays (seconds) of `failures` failures in a row, each recorded at t0. */
function delays(queue: WorkQueue, failures: number): number[] {
  return Array.from({ length: failures }, () => (queue.failed('Node/h1', t0).getTime() - t0.getTime()) / 1000);
}

describe('WorkQueue: client-go’s per-key exponential back-off', () => {
  it.each<[string, ConstructorParameters<typeof WorkQueue>[0], number, number[]]>([
    ['hosts’ default: 1 s doubling to 5 minutes', undefined, 11, [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]],
    ['a base of 10 s capped at 60 s', { baseDelayMs: 10_000, maxDelayMs: 60_000 }, 5, [10, 20, 40, 60, 60]],
    ['a base equal to the cap: a fixed delay', { baseDelayMs: 5_000, maxDelayMs: 5_000 }, 3, [5, 5, 5]],
  ])('doubles the delay with each failure up to the cap, with %s', (_, options, failures, expected) => {
    expect(delays(new WorkQueue(options), failures)).toEqual(expected);
  });

  it('stays at the cap however many failures come (no overflow)', () => {
    const queue = new WorkQueue();
    delays(queue, 2_000);
    expect(queue.requeues('Node/h1')).toBe(2_000);
    expect(queue.failed('Node/h1', t0)).toEqual(at(HOST_BACK_OFF.maxDelayMs / 1000));
  });

  it('counts failures since the key was last forgotten, and starts again at the base delay after forget', () => {
    const queue = new WorkQueue();
    delays(queue, 4);
    expect(queue.requeues('Node/h1')).toBe(4);
    queue.forget('Node/h1');
    expect(queue.requeues('Node/h1')).toBe(0);
    expect(queue.retryAt('Node/h1')).toBeUndefined();
    expect(queue.failed('Node/h1', t0)).toEqual(at(1));
  });

  it.each<[string, (q: WorkQueue) => void, Date, boolean]>([
    ['a key that never failed', () => {}, t0, true],
    ['a failed key before its retry time', (q) => q.failed('Node/h1', t0), at(0.999), false],
    ['a failed key at its retry time', (q) => q.failed('Node/h1', t0), at(1), true],
    ['a failed key after its retry time', (q) => q.failed('Node/h1', t0), at(30), true],
    ['a failed key that was forgotten', (q) => (q.failed('Node/h1', t0), q.forget('Node/h1')), t0, true],
    ['a key failed twice, before the second delay ends', (q) => (q.failed('Node/h1', t0), q.failed('Node/h1', at(1))), at(2.5), false],
  ])('due: %s', (_, setup, now, expected) => {
    const queue = new WorkQueue();
    setup(queue);
    expect(queue.due('Node/h1', now)).toBe(expected);
  });

  it('keeps keys independent: one key’s failures delay no other', () => {
    const queue = new WorkQueue();
    delays(queue, 5);
    queue.failed('Node/h2', t0);
    expect(queue.retryAt('Node/h1')).toEqual(at(16));
    expect(queue.retryAt('Node/h2')).toEqual(at(1));
    expect(queue.due('Node/h3', t0)).toBe(true);
    expect([queue.requeues('Node/h1'), queue.requeues('Node/h2'), queue.requeues('Node/h3')]).toEqual([5, 1, 0]);
    queue.forget('Node/h2');
    expect(queue.retryAt('Node/h1')).toEqual(at(16));
  });

  it.each<[string, Array<[string, number]>, Date, Date | undefined]>([
    ['nothing when no key failed', [], t0, undefined],
    ['the only failed key’s retry time', [['Node/h1', 0]], t0, at(1)],
    ['the earliest of several', [['Node/h1', 0], ['Node/h1', 1], ['Node/h2', 1]], at(1), at(2)],
    ['nothing for keys already due: the next pass takes them', [['Node/h1', 0]], at(5), undefined],
    ['the one still waiting, not the ones already due', [['Node/h1', 0], ['Node/h2', 10]], at(5), at(11)],
  ])('nextDue gives %s', (_, failures, now, expected) => {
    const queue = new WorkQueue();
    for (const [key, second] of failures) queue.failed(key, at(second));
    expect(queue.nextDue(now)).toEqual(expected);
  });

  it.each<[number, number]>([
    [0, 5_000],
    [10_000, 5_000],
  ])('refuses a base delay of %i ms with a cap of %i ms', (baseDelayMs, maxDelayMs) => {
    expect(() => new WorkQueue({ baseDelayMs, maxDelayMs })).toThrow(RangeError);
  });
});

describe('queueKey', () => {
  it.each([
    [{ kind: 'Node', name: 'h1' }, 'Node/h1'],
    [{ kind: 'Deployment', namespace: 'demo', name: 'web' }, 'Deployment/demo/web'],
    [{ kind: 'Namespace', namespace: '', name: 'demo' }, 'Namespace/demo'],
  ])('keys %j as %s', (object, key) => {
    expect(queueKey(object)).toBe(key);
  });
});

describe('retryingIn', () => {
  it.each<[Date, string]>([
    [at(8), 'retrying in 8 s'],
    [at(300), 'retrying in 300 s'],
    [at(0.4), 'retrying in 1 s'],
    [at(-3), 'retrying in 0 s'],
  ])('says when the retry comes: %s', (retryAt, text) => {
    expect(retryingIn(retryAt, t0)).toBe(text);
  });
});

describe('retain', () => {
  it('forgets keys no longer wanted (a host gone from the inventory), so one added again starts at the base delay', () => {
    const queue = new WorkQueue({ baseDelayMs: 1000, maxDelayMs: 8000 });
    queue.failed('Node/h1', t0);
    queue.failed('Node/h1', t0);
    queue.failed('Node/h2', t0);
    queue.retain(['Node/h2', 'Node/h3']);
    expect(queue.requeues('Node/h1')).toBe(0);
    expect(queue.requeues('Node/h2')).toBe(1);
    expect(queue.failed('Node/h1', t0)).toEqual(at(1));
  });
});
