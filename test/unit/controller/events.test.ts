import type { Event } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { MAX_EVENTS, mergeReportedEvents, recordEvents, type Decision } from '../../../src/controller/events';
import { at, t0 } from './fixtures';

const scheduled: Decision = { object: { kind: 'Pod', namespace: 'shop', name: 'web-1' }, reason: 'Scheduled', message: 'assigned shop/web-1 to h1 (not running)', host: 'h1' };
const unreachable: Decision = { object: { kind: 'Node', name: 'h2' }, reason: 'HostUnreachable', type: 'Warning', message: 'host h2 is unreachable', host: 'h2' };

describe('recordEvents', () => {
  it('appends a new decision as a core/v1 Event', () => {
    const events = recordEvents([], [scheduled], t0);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { namespace: 'shop' },
      involvedObject: { kind: 'Pod', namespace: 'shop', name: 'web-1' },
      reason: 'Scheduled',
      message: 'assigned shop/web-1 to h1 (not running)',
      type: 'Normal',
      source: { component: 'berth-controller', host: 'h1' },
      firstTimestamp: '2026-03-01T10:00:00.000Z',
      lastTimestamp: '2026-03-01T10:00:00.000Z',
      count: 1,
    });
    expect(events[0].metadata.name).toMatch(/^web-1\./);
  });

  it('keeps a Warning type and puts a cluster-scoped object’s event in the default namespace', () => {
    const [event] = recordEvents([], [unreachable], t0);
    expect(event).toMatchObject({ type: 'Warning', metadata: { namespace: 'default' }, involvedObject: { kind: 'Node', name: 'h2' } });
    expect(event.involvedObject).not.toHaveProperty('namespace');
  });

  it('bumps the count and lastTimestamp of a repeated decision and moves it last', () => {
    const first = recordEvents([], [scheduled, unreachable], t0);
    const again = recordEvents(first, [scheduled], at(30));
    expect(again.map((e) => e.reason)).toEqual(['HostUnreachable', 'Scheduled']);
    expect(again[1]).toMatchObject({ count: 2, firstTimestamp: '2026-03-01T10:00:00.000Z', lastTimestamp: '2026-03-01T10:00:30.000Z', metadata: { name: first[0].metadata.name } });
    expect(recordEvents(again, [scheduled], at(60))[1].count).toBe(3);
  });

  it('bumps the count when one pass repeats a decision', () => {
    expect(recordEvents([], [scheduled, scheduled], t0)).toMatchObject([{ count: 2 }]);
  });

  it.each<[string, Partial<Decision>]>([
    ['another host', { host: 'h2' }],
    ['another message', { message: 'assigned shop/web-1 to h1 (spec changed)' }],
    ['another reason', { reason: 'Killing' }],
    ['another object', { object: { kind: 'Pod', namespace: 'shop', name: 'web-2' } }],
    ['the same name in another namespace', { object: { kind: 'Pod', namespace: 'blog', name: 'web-1' } }],
  ])('records a new event for the same decision with %s', (_, change) => {
    const events = recordEvents(recordEvents([], [scheduled], t0), [{ ...scheduled, ...change }], at(1));
    expect(events).toHaveLength(2);
    expect(events.map((e) => e.count)).toEqual([1, 1]);
  });

  it('gives distinct names to the events of one pass', () => {
    const events = recordEvents([], [scheduled, { ...scheduled, host: 'h2' }, { ...scheduled, host: 'h3' }], t0);
    expect(new Set(events.map((e) => e.metadata.name)).size).toBe(3);
  });

  it('caps the list at MAX_EVENTS, keeping the newest', () => {
    const decisions = (from: number, n: number): Decision[] =>
      Array.from({ length: n }, (_, i) => ({ object: { kind: 'Pod', namespace: 'default', name: `p${from + i}` }, reason: 'Scheduled', message: `p${from + i}` }));
    const full = recordEvents([], decisions(0, MAX_EVENTS), t0);
    expect(full).toHaveLength(MAX_EVENTS);
    const over = recordEvents(full, decisions(MAX_EVENTS, 10), at(1));
    expect(over).toHaveLength(MAX_EVENTS);
    expect(over[0].involvedObject.name).toBe('p10');
    expect(over[MAX_EVENTS - 1].involvedObject.name).toBe(`p${MAX_EVENTS + 9}`);
  });

  it('keeps the newest MAX_EVENTS of a first pass that decides once per pod of a large fleet', () => {
    const decisions: Decision[] = Array.from({ length: 20_000 }, (_, i) => ({ object: { kind: 'Pod', namespace: 'default', name: `p${i}` }, reason: 'Scheduled', message: `to h${i % 50}`, host: `h${i % 50}` }));
    const events = recordEvents([], decisions, t0);
    expect(events).toHaveLength(MAX_EVENTS);
    expect(events[MAX_EVENTS - 1].involvedObject.name).toBe('p19999');
  });

  it('gives the same array back when there is nothing to record', () => {
    const events = recordEvents([], [scheduled], t0);
    expect(recordEvents(events, [], at(1))).toBe(events);
  });

  it('does not change the list it is given', () => {
    const events = recordEvents([], [scheduled], t0);
    const copy = structuredClone(events);
    recordEvents(events, [scheduled, unreachable], at(1));
    expect(events).toEqual(copy);
  });
});

describe('mergeReportedEvents', () => {
  const reported = (name: string, count: number, host = 'h1'): Event => ({
    metadata: { namespace: 'shop', name },
    involvedObject: { kind: 'Pod', namespace: 'shop', name: 'web-1', fieldPath: 'spec.containers{app}' },
    reason: 'Unhealthy',
    message: 'Readiness probe failed: 500',
    type: 'Warning',
    source: { component: 'berth-agent', host },
    firstTimestamp: t0.toISOString(),
    lastTimestamp: at(count).toISOString(),
    count,
  });

  it('adds an agent’s events after the controller’s', () => {
    const events = mergeReportedEvents(recordEvents([], [scheduled], t0), [reported('web-1.a', 1)]);
    expect(events.map((e) => e.reason)).toEqual(['Scheduled', 'Unhealthy']);
  });

  it('takes a bumped count as the same event, moved last, not as another', () => {
    const before = mergeReportedEvents([], [reported('web-1.a', 1), reported('web-1.b', 1)]);
    const after = mergeReportedEvents(before, [reported('web-1.a', 3), reported('web-1.b', 1)]);
    expect(after.map((e) => [e.metadata.name, e.count])).toEqual([['web-1.b', 1], ['web-1.a', 3]]);
  });

  it('returns the very list when nothing changed, so nothing is stored again', () => {
    const events = mergeReportedEvents([], [reported('web-1.a', 2)]);
    expect(mergeReportedEvents(events, [reported('web-1.a', 2)])).toBe(events);
    expect(mergeReportedEvents(events, [])).toBe(events);
  });

  it('keeps apart events of the same name from two hosts', () => {
    expect(mergeReportedEvents([], [reported('web-1.a', 1, 'h1'), reported('web-1.a', 1, 'h2')])).toHaveLength(2);
  });

  it(`keeps the newest ${MAX_EVENTS}`, () => {
    const many = Array.from({ length: MAX_EVENTS + 5 }, (_, i) => reported(`web-1.${i}`, 1));
    const events = mergeReportedEvents([], many);
    expect(events).toHaveLength(MAX_EVENTS);
    expect(events[0]!.metadata.name).toBe('web-1.5');
  });

  it('two containers’ events that say the same stay apart when the controller records its own after them', () => {
    const other = { ...reported('web-1.b', 1), involvedObject: { ...reported('web-1.b', 1).involvedObject, fieldPath: 'spec.containers{sidecar}' } };
    const events = recordEvents(mergeReportedEvents([], [reported('web-1.a', 1), other]), [scheduled], at(5));
    expect(events.filter((e) => e.reason === 'Unhealthy')).toHaveLength(2);
  });
});
