import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PodList } from '../../../src/agent/api';
import { PodReportFeed } from '../../../src/agent/report-feed';

/** A feed over a report whose version the test sets; counts how often the report was made. */
function feedOver(initial: string) {
  let version = initial;
  let computed = 0;
  let gate: Promise<void> | undefined;
  const feed = new PodReportFeed(async () => {
    computed++;
    await gate;
    return { generation: 1, items: [], resourceVersion: version } satisfies PodList;
  });
  return {
    feed,
    set: (v: string) => (version = v),
    computed: () => computed,
    hold: () => {
      let open!: () => void;
      gate = new Promise((r) => (open = r));
      return () => {
        gate = undefined;
        open();
      };
    },
  };
}

const only = (v: string) => (rv: string) => rv === v;
const tick = () => new Promise((r) => setImmediate(r));

afterEach(() => {
  vi.useRealTimers();
});

describe('waiting for the pod report to change', () => {
  it('answers at once when the report is already not the caller’s', async () => {
    const { feed } = feedOver('v2');
    const list = await feed.wait(only('v1'), { timeoutMs: 10_000, signal: new AbortController().signal });
    expect(list?.resourceVersion).toBe('v2');
    expect(feed.waiting).toBe(0);
  });

  it('answers when a change makes a report the caller does not have', async () => {
    const { feed, set } = feedOver('v1');
    const waiting = feed.wait(only('v1'), { timeoutMs: 10_000, signal: new AbortController().signal });
    await tick();
    expect(feed.waiting).toBe(1);
    feed.changed(); // the state moved, the report did not
    await tick();
    expect(feed.waiting).toBe(1);
    set('v2');
    feed.changed();
    expect((await waiting)?.resourceVersion).toBe('v2');
    expect(feed.waiting).toBe(0);
  });

  it('answers undefined when the time is up', async () => {
    vi.useFakeTimers();
    const { feed } = feedOver('v1');
    const waiting = feed.wait(only('v1'), { timeoutMs: 5_000, signal: new AbortController().signal });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(feed.waiting).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await waiting).toBeUndefined();
    expect(feed.waiting).toBe(0);
  });

  it('drops a waiter whose client went away', async () => {
    const { feed } = feedOver('v1');
    const abort = new AbortController();
    const waiting = feed.wait(only('v1'), { timeoutMs: 60_000, signal: abort.signal });
    await tick();
    abort.abort();
    expect(await waiting).toBeUndefined();
    expect(feed.waiting).toBe(0);
  });

  it('makes the report once for many waiters, and not at all for none', async () => {
    const { feed, set, computed } = feedOver('v1');
    feed.changed();
    expect(computed()).toBe(0);
    const waits = Array.from({ length: 100 }, () => feed.wait(only('v1'), { timeoutMs: 10_000, signal: new AbortController().signal }));
    await tick();
    const before = computed();
    expect(before).toBeLessThanOrEqual(2); // the first waiter's check, and one more for all who came during it
    set('v2');
    feed.changed();
    const lists = await Promise.all(waits);
    expect(lists.every((l) => l?.resourceVersion === 'v2')).toBe(true);
    expect(computed()).toBe(before + 1);
  });

  it('coalesces changes during a computation into one more', async () => {
    const { feed, set, computed, hold } = feedOver('v1');
    const signal = new AbortController().signal;
    const release = hold();
    const waiting = feed.wait(only('v1'), { timeoutMs: 10_000, signal });
    set('v2');
    feed.changed();
    feed.changed();
    feed.changed();
    release();
    expect((await waiting)?.resourceVersion).toBe('v2');
    await tick();
    expect(computed()).toBeLessThanOrEqual(2);
  });

  it('answers every waiter undefined when closed', async () => {
    const { feed } = feedOver('v1');
    const waiting = feed.wait(only('v1'), { timeoutMs: 60_000, signal: new AbortController().signal });
    await tick();
    feed.close();
    expect(await waiting).toBeUndefined();
  });
});
