import { describe, expect, it } from 'vitest';
import { AgentApiError, type AgentClient, type DesiredSet } from '../../../src/agent';
import { applySets } from '../../../src/controller/apply';
import { desiredSets } from '../../../src/controller/desired-sets';
import type { HostSet } from '../../../src/plan';
import type { Decision } from '../../../src/controller/events';
import type { HostObservation, HostRecord } from '../../../src/controller/observe';
import { WorkQueue } from '../../../src/controller/workqueue';
import type { Fleet, ImageResult, ImageShipper } from '../../../src/fleet';
import { at, hostFacts, pod } from './fixtures';

const share = (digest: string): HostSet => ({ pods: [pod('web-1')], configMaps: [], secrets: [], persistentVolumes: [], persistentVolumeClaims: [], digest });
const answered = (host: string, generation: number): HostObservation => ({ host, ok: true, generation, pods: [], facts: hostFacts({ hostName: host }) });
const conflict = (stored: number, received: number) => new AgentApiError(409, { code: 'GenerationConflict', reason: 'Conflict', message: `desired set generation ${received} is older than the stored generation ${stored}`, data: { stored, received } });

/** A fleet of fake agents: each PUT is recorded, and answered by the host's next scripted outcome (default: accepted). */
function fakeFleet() {
  const sent: Array<{ host: string; generation: number }> = [];
  const script = new Map<string, Array<Error | undefined>>();
  const stored = new Map<string, number>();
  const agent = (host: string) =>
    ({
      async setDesired(set: DesiredSet) {
        sent.push({ host, generation: set.generation });
        const error = script.get(host)?.shift();
        if (error) throw error;
        stored.set(host, set.generation);
        return { generation: set.generation };
      },
      async listPods() {
        return { generation: stored.get(host) ?? 0, items: [] };
      },
    }) as unknown as AgentClient;
  return { sent, script, stored, agentFor: agent };
}

/** One pass's apply at `now`, with the records kept between calls as the loop keeps them. */
function applier(queue = new WorkQueue()) {
  const fleet = fakeFleet();
  const records = new Map<string, HostRecord>();
  let images: ImageShipper | undefined;
  const apply = async (now: Date, observations: HostObservation[], shares: Record<string, string>) => {
    const decisions: Decision[] = [];
    const sets = new Map(Object.entries(shares).map(([host, digest]) => [host, share(digest)]));
    const accepted = await applySets({
      fleet: {} as Fleet,
      sets: desiredSets(observations, sets, (host) => records.get(host) ?? {}),
      images,
      callTimeoutMs: 1_000,
      decisions,
      queue,
      clock: () => now,
      agentFor: fleet.agentFor,
    });
    for (const [host, sent] of accepted) records.set(host, { ...records.get(host), ...sent });
    return decisions;
  };
  const shipWith = (results: (host: string) => ImageResult[]) => (images = { ensureImages: async (host: string) => results(host) } as unknown as ImageShipper);
  return { apply, queue, records, shipWith, ...fleet };
}

describe('applySets: a host whose apply failed is backed off, the others go on', () => {
  it('backs a failing host off with a growing delay, says when it retries, and forgets it on success', async () => {
    const a = applier();
    a.script.set('h1', [new Error('agent said 500'), new Error('agent said 500')]);
    const failed = await a.apply(at(0), [answered('h1', 0)], { h1: 'd1' });
    expect(failed).toEqual([expect.objectContaining({ reason: 'ApplyFailed', type: 'Warning', message: 'could not send host h1 its pods: agent said 500; retrying in 1 s' })]);
    expect(await a.apply(at(0.5), [answered('h1', 0)], { h1: 'd1' })).toEqual([]);
    expect((await a.apply(at(1), [answered('h1', 0)], { h1: 'd1' }))[0].message).toMatch(/retrying in 2 s$/);
    expect(await a.apply(at(2.9), [answered('h1', 0)], { h1: 'd1' })).toEqual([]);
    expect(await a.apply(at(3), [answered('h1', 0)], { h1: 'd1' })).toEqual([]);
    expect(a.sent).toEqual([{ host: 'h1', generation: 1 }, { host: 'h1', generation: 1 }, { host: 'h1', generation: 1 }]);
    expect(a.queue.requeues('Node/h1')).toBe(0);
    expect(a.records.get('h1')).toEqual({ generation: 1, digest: 'd1' });
  });

  it('waits for a backed-off host’s retry time even when its share changes meanwhile (client-go’s behaviour)', async () => {
    const a = applier();
    a.script.set('h1', [new Error('agent said 500')]);
    await a.apply(at(0), [answered('h1', 0)], { h1: 'd1' });
    await a.apply(at(0.5), [answered('h1', 0)], { h1: 'd2' });
    expect(a.sent).toHaveLength(1);
    await a.apply(at(1), [answered('h1', 0)], { h1: 'd2' });
    expect(a.records.get('h1')).toEqual({ generation: 1, digest: 'd2' });
  });

  it('sends the other hosts their shares while one is backed off', async () => {
    const a = applier();
    a.script.set('h1', [new Error('agent said 500')]);
    await a.apply(at(0), [answered('h1', 0), answered('h2', 0)], { h1: 'd1', h2: 'd1' });
    await a.apply(at(0.5), [answered('h1', 0), answered('h2', 1)], { h1: 'd2', h2: 'd2' });
    expect(a.sent).toEqual([{ host: 'h1', generation: 1 }, { host: 'h2', generation: 1 }, { host: 'h2', generation: 2 }]);
    expect(a.queue.due('Node/h2', at(0.5))).toBe(true);
  });

  it.each<[string, HostObservation, Record<string, HostRecord>]>([
    ['a host that holds its share at the generation last sent', answered('h1', 3), { h1: { generation: 3, digest: 'd1' } }],
    ['a host that did not answer this pass', { host: 'h1', ok: false, error: new Error('timeout') }, {}],
  ])('sends nothing to %s', async (_, observation, records) => {
    const a = applier();
    for (const [host, record] of Object.entries(records)) a.records.set(host, record);
    expect(await a.apply(at(0), [observation], { h1: 'd1' })).toEqual([]);
    expect(a.sent).toEqual([]);
  });

  it('re-observes and sends again at once on a generation conflict, without backing the host off', async () => {
    const a = applier();
    a.stored.set('h1', 7);
    a.script.set('h1', [conflict(7, 3)]);
    const decisions = await a.apply(at(0), [answered('h1', 2)], { h1: 'd1' });
    expect(decisions).toEqual([expect.objectContaining({ reason: 'GenerationConflict', type: 'Warning' })]);
    expect(a.sent).toEqual([{ host: 'h1', generation: 3 }, { host: 'h1', generation: 8 }]);
    expect(a.records.get('h1')).toEqual({ generation: 8, digest: 'd1' });
    expect(a.queue.requeues('Node/h1')).toBe(0);
  });

  it('backs a host off when the share sent again after a conflict conflicts too', async () => {
    const a = applier();
    a.script.set('h1', [conflict(7, 3), conflict(9, 1)]);
    const decisions = await a.apply(at(0), [answered('h1', 2)], { h1: 'd1' });
    expect(decisions.map((d) => d.reason)).toEqual(['GenerationConflict', 'ApplyFailed']);
    expect(a.queue.retryAt('Node/h1')).toEqual(at(1));
  });

  it('backs a host off when its images could not be shipped, sends its share all the same, and ships again when due', async () => {
    const a = applier();
    let outcome: ImageResult = { image: 'web:1', outcome: 'failed', message: 'link reset' };
    a.shipWith(() => [outcome]);
    const decisions = await a.apply(at(0), [answered('h1', 0)], { h1: 'd1' });
    expect(decisions).toEqual([expect.objectContaining({ reason: 'ImageShipFailed', message: 'image web:1 could not be shipped to h1: link reset; retrying in 1 s' })]);
    expect(a.records.get('h1')).toEqual({ generation: 1, digest: 'd1' });
    outcome = { image: 'web:1', outcome: 'shipped', bytes: 10 };
    expect(await a.apply(at(0.5), [answered('h1', 1)], { h1: 'd1' })).toEqual([]);
    expect((await a.apply(at(1), [answered('h1', 1)], { h1: 'd1' })).map((d) => d.reason)).toEqual(['ImageShipped']);
    expect(a.sent).toHaveLength(1);
    expect(a.queue.requeues('Node/h1')).toBe(0);
  });
});
