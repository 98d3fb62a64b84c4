import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PodsAnswer, PodsOptions } from '../../../src/agent';
import { ReportWatch, type PodsSource } from '../../../src/controller/report-watch';
import { fakeClockSleep } from '../../helpers/fake-clock-sleep';

/** A scripted agent: each poll takes the next step (an answer, an error, or "hang until aborted"). */
type Step = PodsAnswer | Error | 'hang';

function scriptedAgent(steps: Step[]) {
  const calls: { at: number; options: PodsOptions }[] = [];
  const source: PodsSource = {
    pods(options) {
      calls.push({ at: Date.now(), options });
      const step = steps.shift() ?? 'hang';
      if (step === 'hang') {
        return new Promise((_, reject) => options.signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
      }
      return step instanceof Error ? Promise.reject(step) : Promise.resolve(step);
    },
  };
  return { source, calls };
}

const changed = (etag: string): PodsAnswer => ({ notModified: false, etag, list: { generation: 1, items: [], resourceVersion: etag.slice(1, -1) } });
const same = (etag: string): PodsAnswer => ({ notModified: true, etag });
const down = () => new Error('agent unreachable');

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('watching the agents’ reports', () => {
  it('backs off after failures, 1 s doubling to 30 s, and starts again at 1 s after an answer', async () => {
    const failures = Array.from({ length: 7 }, down);
    const { source, calls } = scriptedAgent([...failures, same('"a"'), down(), 'hang']);
    const watch = new ReportWatch({ sleep: fakeClockSleep, hosts: ['h1'], agentFor: () => source, onChange: () => {} });
    await vi.advanceTimersByTimeAsync(200_000);
    const gaps = calls.slice(1).map((c, i) => c.at - calls[i].at);
    expect(gaps).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 0, 1_000]);
    await watch.close();
  });

  it('long-polls with the last ETag it saw, and says which host changed', async () => {
    const { source, calls } = scriptedAgent([changed('"a"'), same('"a"'), changed('"b"'), 'hang']);
    const hosts: string[] = [];
    const watch = new ReportWatch({ sleep: fakeClockSleep, hosts: ['h1'], agentFor: () => source, onChange: (h) => hosts.push(h), timeoutSeconds: 30 });
    await vi.advanceTimersByTimeAsync(10);
    expect(calls.map((c) => c.options.etag)).toEqual([undefined, '"a"', '"a"', '"b"']);
    expect(calls.every((c) => c.options.watch && c.options.timeoutSeconds === 30)).toBe(true);
    // The first answer is where it starts (nothing seen before), the second differs.
    expect(hosts).toEqual(['h1']);
    await watch.close();
  });

  it('tells a change since the controller’s last pass on the first answer', async () => {
    const { source, calls } = scriptedAgent([changed('"b"'), 'hang']);
    const hosts: string[] = [];
    const watch = new ReportWatch({ sleep: fakeClockSleep, hosts: ['h1'], agentFor: () => source, onChange: (h) => hosts.push(h), lastSeen: () => '"a"' });
    await vi.advanceTimersByTimeAsync(10);
    expect(calls[0].options.etag).toBe('"a"');
    expect(hosts).toEqual(['h1']);
    await watch.close();
  });

  it('asks an agent without ETags (one from before watches) no more often than the longest back-off', async () => {
    const old: PodsAnswer = { notModified: false, etag: undefined, list: { generation: 1, items: [], resourceVersion: '' } };
    const { source, calls } = scriptedAgent([old, old, old, 'hang']);
    const watch = new ReportWatch({ sleep: fakeClockSleep, hosts: ['h1'], agentFor: () => source, onChange: () => {} });
    await vi.advanceTimersByTimeAsync(61_000);
    expect(calls.map((c) => c.at)).toEqual([0, 30_000, 60_000]);
    await watch.close();
  });

  it('stops at once on close, during a long-poll or a back-off', async () => {
    const polling = scriptedAgent(['hang']);
    const backingOff = scriptedAgent([down()]);
    const watch = new ReportWatch({ sleep: fakeClockSleep, hosts: ['h1', 'h2'], agentFor: (h) => (h === 'h1' ? polling.source : backingOff.source), onChange: () => {} });
    await vi.advanceTimersByTimeAsync(10);
    let closed = false;
    void watch.close().then(() => (closed = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(closed).toBe(true);
    expect(polling.calls[0].options.signal?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(polling.calls.length + backingOff.calls.length).toBe(2);
  });

  it('follows the inventory: a host that left stops, a new one starts, the others go on', async () => {
    const agents = new Map(['h1', 'h2', 'h3'].map((h) => [h, scriptedAgent(['hang'])]));
    const watch = new ReportWatch({ sleep: fakeClockSleep, hosts: ['h1', 'h2'], agentFor: (h) => agents.get(h)!.source, onChange: () => {} });
    await vi.advanceTimersByTimeAsync(10);
    watch.setHosts(['h2', 'h3']);
    await vi.advanceTimersByTimeAsync(10);
    expect(agents.get('h1')!.calls[0].options.signal?.aborted).toBe(true);
    expect(agents.get('h2')!.calls).toHaveLength(1);
    expect(agents.get('h2')!.calls[0].options.signal?.aborted).toBe(false);
    expect(agents.get('h3')!.calls).toHaveLength(1);
    await watch.close();
    expect(agents.get('h2')!.calls[0].options.signal?.aborted).toBe(true);
  });

  it('keeps watching when the consumer throws', async () => {
    const { source, calls } = scriptedAgent([changed('"a"'), changed('"b"'), changed('"c"'), 'hang']);
    let told = 0;
    const watch = new ReportWatch({
      hosts: ['h1'],
      agentFor: () => source,
      onChange: () => {
        told++;
        throw new Error('consumer bug');
      },
    });
    await vi.advanceTimersByTimeAsync(10);
    expect(told).toBe(2);
    expect(calls).toHaveLength(4);
    await watch.close();
  });
});
