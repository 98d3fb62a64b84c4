import type { Event, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { EVENT_TTL_MS, MAX_EVENTS_PER_POD, MAX_MESSAGE_LENGTH, PodEventRecorder, recordPodEvent, unexpired, type PodEventInput } from '../../../../src/agent/events';
import { pulledMessage, probeFailedMessage } from '../../../../src/agent/events/reasons';

const pod: Pod = { metadata: { name: 'web-0', namespace: 'shop', uid: 'uid-1' }, spec: { containers: [{ name: 'app', image: 'busybox' }], initContainers: [{ name: 'setup', image: 'busybox' }] } };
const t0 = new Date('2026-01-01T00:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const unhealthy: PodEventInput = { type: 'Warning', reason: 'Unhealthy', message: 'Readiness probe failed: not ready', container: 'app' };

function record(events: Event[], inputs: Array<[PodEventInput, number]>): Event[] {
  return inputs.reduce((list, [input, s]) => recordPodEvent(list, pod, input, 'h1', at(s)), events);
}

describe('recordPodEvent', () => {
  it('makes a core/v1 Event about the pod and its container, from the agent on the host', () => {
    const [e] = record([], [[unhealthy, 0]]);
    expect(e).toEqual({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `web-0.${t0.getTime().toString(16)}`, namespace: 'shop' },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'uid-1', fieldPath: 'spec.containers{app}' },
      reason: 'Unhealthy',
      message: 'Readiness probe failed: not ready',
      type: 'Warning',
      source: { component: 'berth-agent', host: 'h1' },
      firstTimestamp: t0.toISOString(),
      lastTimestamp: t0.toISOString(),
      count: 1,
    });
  });

  it('counts a repeated event instead of repeating it: count and lastTimestamp move, the name and firstTimestamp stay, and it moves last', () => {
    const started: PodEventInput = { type: 'Normal', reason: 'Started', message: 'Started container app', container: 'app' };
    const events = record([], [[unhealthy, 0], [started, 1], [unhealthy, 10], [unhealthy, 20]]);
    expect(events.map((e) => [e.reason, e.count])).toEqual([['Started', 1], ['Unhealthy', 3]]);
    const [first] = record([], [[unhealthy, 0]]);
    expect(events[1]).toMatchObject({ metadata: first!.metadata, firstTimestamp: at(0).toISOString(), lastTimestamp: at(20).toISOString() });
  });

  it('keeps apart what differs in message, type or container', () => {
    const events = record([], [
      [unhealthy, 0],
      [{ ...unhealthy, message: 'Readiness probe failed: other' }, 1],
      [{ ...unhealthy, type: 'Normal' }, 2],
      [{ ...unhealthy, container: 'setup', init: true }, 3],
      [{ ...unhealthy, container: undefined }, 4],
    ]);
    expect(events).toHaveLength(5);
    expect(events.map((e) => e.involvedObject.fieldPath)).toEqual(['spec.containers{app}', 'spec.containers{app}', 'spec.containers{app}', 'spec.initContainers{setup}', undefined]);
  });

  it('names two events of one millisecond apart', () => {
    const events = record([], [[unhealthy, 0], [{ ...unhealthy, message: 'other' }, 0]]);
    expect(new Set(events.map((e) => e.metadata?.name)).size).toBe(2);
  });

  it(`keeps the newest ${MAX_EVENTS_PER_POD} events of a pod: a crash loop never grows them without bound`, () => {
    const inputs: Array<[PodEventInput, number]> = Array.from({ length: MAX_EVENTS_PER_POD + 10 }, (_, i) => [{ ...unhealthy, message: `failure ${i}` }, i]);
    const events = record([], inputs);
    expect(events).toHaveLength(MAX_EVENTS_PER_POD);
    expect(events[0]!.message).toBe('failure 10');
    expect(events.at(-1)!.message).toBe(`failure ${MAX_EVENTS_PER_POD + 9}`);
  });

  it('a repeated old event survives the bound: its repeat makes it the newest', () => {
    const inputs: Array<[PodEventInput, number]> = Array.from({ length: MAX_EVENTS_PER_POD - 1 }, (_, i) => [{ ...unhealthy, message: `failure ${i}` }, i + 1]);
    const events = record([], [[unhealthy, 0], ...inputs, [unhealthy, 100], [{ ...unhealthy, message: 'new' }, 101]]);
    expect(events).toHaveLength(MAX_EVENTS_PER_POD);
    expect(events.find((e) => e.message === unhealthy.message)?.count).toBe(2);
    expect(events.some((e) => e.message === 'failure 0')).toBe(false);
  });

  it('cuts a message longer than the API server takes', () => {
    const [e] = record([], [[{ ...unhealthy, message: 'x'.repeat(5000) }, 0]]);
    expect(e!.message).toHaveLength(MAX_MESSAGE_LENGTH);
    expect(e!.message!.endsWith('...')).toBe(true);
  });

  it('does not change the list it is given', () => {
    const events = record([], [[unhealthy, 0]]);
    const copy = structuredClone(events);
    recordPodEvent(events, pod, unhealthy, 'h1', at(5));
    expect(events).toEqual(copy);
  });
});

describe('unexpired', () => {
  it('keeps the events seen within the last hour, and returns the very list when none is older', () => {
    const events = record([], [[unhealthy, 0], [{ ...unhealthy, message: 'later' }, 600]]);
    expect(unexpired(events, new Date(t0.getTime() + EVENT_TTL_MS))).toBe(events);
    expect(unexpired(events, new Date(t0.getTime() + EVENT_TTL_MS + 1)).map((e) => e.message)).toEqual(['later']);
  });
});

describe('the kubelet’s messages', () => {
  it.each([
    [pulledMessage('busybox', 1234), 'Successfully pulled image "busybox" in 1.234s'],
    [pulledMessage('busybox', 1500), 'Successfully pulled image "busybox" in 1.5s'],
    [pulledMessage('busybox', 350.4), 'Successfully pulled image "busybox" in 350ms'],
    [probeFailedMessage('readiness', 'HTTP probe failed with statuscode: 500'), 'Readiness probe failed: HTTP probe failed with statuscode: 500'],
    [probeFailedMessage('liveness', undefined), 'Liveness probe failed:'],
  ])('%s', (got, want) => {
    expect(got).toBe(want);
  });
});

describe('PodEventRecorder', () => {
  const other: Pod = { metadata: { name: 'db-0', namespace: 'shop', uid: 'uid-2' } };

  it('reports every pod’s events, tells of each change, and forgets the pods the host no longer has', () => {
    let changes = 0;
    let now = t0;
    const recorder = new PodEventRecorder({ host: 'h1', changed: () => changes++, clock: () => now });
    recorder.record(pod, unhealthy);
    now = at(1);
    recorder.record(other, { type: 'Normal', reason: 'Started', message: 'Started container db' });
    now = at(2);
    recorder.record(pod, unhealthy);
    expect(changes).toBe(3);
    expect(recorder.list().map((e) => [e.involvedObject.name, e.reason, e.count])).toEqual([['web-0', 'Unhealthy', 2], ['db-0', 'Started', 1]]);
    recorder.retain((uid) => uid !== 'uid-1');
    expect(recorder.list().map((e) => e.involvedObject.name)).toEqual(['db-0']);
    expect(changes).toBe(4);
    recorder.retain(() => true);
    expect(changes).toBe(4); // nothing dropped, nothing to tell
    now = new Date(at(1).getTime() + EVENT_TTL_MS + 1);
    recorder.retain(() => true);
    expect([recorder.list(), changes]).toEqual([[], 5]);
  });

  it('records a once-event the first time its key is seen only', () => {
    const recorder = new PodEventRecorder({ host: 'h1', clock: () => t0 });
    const oom: PodEventInput = { type: 'Warning', reason: 'OOMKilled', message: 'Container app was OOM-killed', container: 'app' };
    recorder.recordOnce(pod, 'oom:c1', oom);
    recorder.recordOnce(pod, 'oom:c1', oom);
    expect(recorder.list().map((e) => e.count)).toEqual([1]);
    recorder.recordOnce(pod, 'oom:c2', oom);
    expect(recorder.list().map((e) => e.count)).toEqual([2]);
  });
});
