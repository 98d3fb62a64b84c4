import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { FirstSeen } from '../../../src/controller/first-seen';
import { StagedStore } from '../../../src/controller/store';
import { at, pod } from './fixtures';

const NO_RECORDS = { get: () => undefined, list: () => [] };
const started = (p: Pod, seconds: number): Pod => ({ ...p, status: { phase: 'Running', startTime: at(seconds).toISOString() } });

/** One pass's FirstSeen over the times the pass before left, as runPass makes it. */
function passes() {
  let times: ReadonlyMap<string, string> = new Map();
  return (pods: Pod[], seconds: number) => {
    const seen = new FirstSeen(new StagedStore(NO_RECORDS), times);
    const out = seen.pods(pods, at(seconds));
    times = seen.podTimes;
    return Object.fromEntries(out.map((p) => [p.metadata!.name, p.metadata!.creationTimestamp]));
  };
}

describe('FirstSeen: a pod’s creationTimestamp', () => {
  it('is its start time when it has one, else the time it was first seen, and stays so pass after pass', () => {
    const pass = passes();
    const running = started(pod('web-1'), -30);
    const pending = pod('web-2');
    expect(pass([running, pending], 0)).toEqual({ 'web-1': at(-30).toISOString(), 'web-2': at(0).toISOString() });
    expect(pass([running, { ...pending }], 5)).toEqual({ 'web-1': at(-30).toISOString(), 'web-2': at(0).toISOString() });
  });

  it('is forgotten when the pod is gone: a pod of the same name later is new', () => {
    const pass = passes();
    pass([pod('job-1'), pod('web-1')], 0);
    pass([pod('web-1')], 5);
    expect(pass([pod('job-1'), pod('web-1')], 10)).toEqual({ 'job-1': at(10).toISOString(), 'web-1': at(0).toISOString() });
  });

  it('hands back the very same pods for the very same list (a steady pass)', () => {
    const seen = new FirstSeen(new StagedStore(NO_RECORDS));
    const pods = [pod('a'), pod('b')];
    const first = seen.pods(pods, at(0));
    expect(seen.pods(pods, at(5))).toBe(first);
    const again = seen.pods([...pods], at(5));
    expect(again).not.toBe(first);
    expect(again[0]).toBe(first[0]);
  });
});
