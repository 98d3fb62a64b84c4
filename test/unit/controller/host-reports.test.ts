import { describe, expect, it } from 'vitest';
import type { HostFacts } from '../../../src/agent';
import type { StateRecovery } from '../../../src/common';
import type { Decision } from '../../../src/controller/events';
import { hostKey, observedHosts } from '../../../src/controller/host-reports';
import type { HostRecord } from '../../../src/controller/observe';
import { at, declaredNode, hostFacts } from './fixtures';

/** Passes over one host h1 answering with these facts each time; the decisions each pass made. */
function passes(factsEach: HostFacts[]): { decisions: Decision[][]; record: () => HostRecord | undefined } {
  const data = new Map<string, unknown>();
  const store = {
    get: <T>(key: string) => data.get(key) as T | undefined,
    list: () => [],
    put: (key: string, value: unknown) => void data.set(key, value),
    delete: (key: string) => void data.delete(key),
  };
  const decisions = factsEach.map((facts, i) => {
    const made: Decision[] = [];
    const report = { host: 'h1', ok: true as const, etag: `"${i}"`, generation: 1, pods: [], facts };
    observedHosts({ declared: [declaredNode('h1')], reports: [report], previous: new Map(), store, now: at(i), timeouts: { gracePeriodMs: 40_000, evictionTimeoutMs: 300_000 }, decisions: made });
    return made;
  });
  return { decisions, record: () => data.get(hostKey('h1')) as HostRecord | undefined };
}

const full = { reason: 'StateFolderFull', message: "the agent's state folder /var/lib/berth is full", since: '2026-11-25T00:00:00Z' };
const recovery: StateRecovery = { file: '/var/lib/berth/desired.json', keptAs: '/var/lib/berth/desired.json.corrupt-x', reason: 'not valid JSON', from: 'copy', at: '2026-11-25T00:00:00Z' };
const reasons = (ds: Decision[]) => ds.map((d) => d.reason);

describe("the agent's state folder in the controller's events", () => {
  it('records a full state folder once when it fills and once when it takes writes again', () => {
    const base = hostFacts();
    const { decisions, record } = passes([base, { ...base, stateFolder: { full } }, { ...base, stateFolder: { full } }, base]);
    expect(decisions.map(reasons)).toEqual([[], ['StateFolderFull'], [], ['StateFolderWritable']]);
    expect(decisions[1][0]).toMatchObject({ type: 'Warning', message: full.message, object: { kind: 'Node', name: 'h1' } });
    expect(record()?.stateFolderFull).toBeUndefined();
  });

  it('records each torn state file the agent recovered from once, however many passes report it', () => {
    const facts = { ...hostFacts(), stateFolder: { recoveries: [recovery] } };
    const { decisions } = passes([facts, facts, { ...facts, stateFolder: { recoveries: [recovery, { ...recovery, from: 'nothing' as const, at: '2026-11-25T01:00:00Z' }] } }]);
    expect(decisions.map(reasons)).toEqual([['StateFileRecovered'], [], ['StateFileRecovered']]);
    expect(decisions[0][0].message).toBe('/var/lib/berth/desired.json on h1 was torn (not valid JSON); kept aside as /var/lib/berth/desired.json.corrupt-x; the agent went on with its last good copy');
    expect(decisions[2][0].message).toMatch(/held its running pods until this controller sent their set again$/);
  });
});
