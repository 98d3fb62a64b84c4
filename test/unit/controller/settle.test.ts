// Settle time: placement of new pods waits, a bounded time, for inventory hosts that have not reported yet — through
// runPass, with a harness of agents that answer (or not yet) and take what they are sent.
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { FIRST_PASS, runPass, type PassMemory, type PassOutcome } from '../../../src/controller/pass';
import type { LoadedCommit } from '../../../src/controller/load-commit';
import type { HostObservation } from '../../../src/controller/observe';
import { settle } from '../../../src/controller/settle';
import { StagedStore, applyStoreUpdates } from '../../../src/controller/store';
import { loadManifests } from '../../../src/manifest';
import { at, hostFacts } from './fixtures';

const HOSTS = ['h1', 'h2', 'h3'];
const inventory = `apiVersion: berth.dev/v1\nkind: Inventory\nmetadata: { name: t }\nhosts:\n${HOSTS.map((h, i) => `  - { name: ${h}, address: 10.0.0.${i + 1} }`).join('\n')}\n`;
const web = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: default }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: "web:1" }]
`;

function load(scheduling = '') {
  const cluster = `apiVersion: berth.dev/v1\nkind: Cluster\nmetadata: { name: t }\nspec:\n  sync: { ref: main }\n${scheduling}`;
  return loadManifests([
    { path: 'cluster.yaml', content: Buffer.from(cluster) },
    { path: 'hosts.yaml', content: Buffer.from(inventory) },
    { path: 'apps/web.yaml', content: Buffer.from(web) },
  ]);
}

function commit(scheduling = ''): LoadedCommit {
  const { state, errors } = load(scheduling);
  expect(errors).toEqual([]);
  return { commit: 'a'.repeat(40), desired: state! };
}

/** Agents that take what they are sent; `up` says which answer yet (the others are still being bootstrapped). */
class Fleet {
  readonly store = new StagedStore({ get: () => undefined, list: () => [] });
  memory: PassMemory = FIRST_PASS;
  readonly agents = new Map<string, { generation: number; pods: Pod[] }>();
  readonly up = new Set<string>();

  pass(seconds: number, running: LoadedCommit): PassOutcome {
    const reports: HostObservation[] = HOSTS.map((host) =>
      this.up.has(host)
        ? { host, ok: true, facts: hostFacts({ hostName: host }), generation: this.agents.get(host)?.generation ?? 0, pods: this.agents.get(host)?.pods ?? [] }
        : { host, ok: false, error: new Error(`host ${host}: no agent answers`) },
    );
    const outcome = runPass({ commit: running, sync: { ref: 'main', commit: running.commit, status: 'Unknown' }, reports, store: this.store, memory: this.memory, now: at(seconds), timeouts: { gracePeriodMs: 40_000, evictionTimeoutMs: 300_000 } });
    applyStoreUpdates(this.store, outcome.store);
    this.memory = outcome.memory;
    for (const d of outcome.sets) if (d.changed) this.agents.set(d.host, { generation: d.generation, pods: d.set.pods });
    return outcome;
  }

  /** Where the web pods run, host by host. */
  placed(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [host, a] of this.agents) if (a.pods.length) out[host] = a.pods.length;
    return out;
  }
}

const reasons = (o: PassOutcome) => [...new Set(o.decisions.map((d) => d.reason))].sort();

describe('settle time', () => {
  it('holds new pods while hosts of the inventory have not reported, then spreads them once all have', () => {
    const f = new Fleet();
    const v1 = commit();
    f.up.add('h1');
    const first = f.pass(0, v1);
    expect(f.placed()).toEqual({});
    expect(reasons(first)).toContain('WaitingForHosts');
    expect(first.view.pods.map((p) => p.status?.conditions?.[0]?.message)).toEqual(Array(3).fill('waiting up to 30s (settle time) for host(s) h2, h3 to report before placing new pods'));
    f.up.add('h2');
    f.pass(10, v1);
    expect(f.placed()).toEqual({});
    f.up.add('h3');
    const last = f.pass(12, v1);
    expect(reasons(last)).not.toContain('WaitingForHosts');
    expect(f.placed()).toEqual({ h1: 1, h2: 1, h3: 1 });
  });

  it('stops holding when the settle time is up, and does not hold again for a host that never came', () => {
    const f = new Fleet();
    const v1 = commit();
    f.up.add('h1');
    f.up.add('h2');
    f.pass(0, v1);
    f.pass(29, v1);
    expect(f.placed()).toEqual({});
    f.pass(30, v1);
    expect(f.placed()).toEqual({ h1: 2, h2: 1 });
    // A new pod later (a scale-up) is placed at once: h3's wait is over.
    const v2 = commit();
    (v2.desired.objects.find((o) => o.object.kind === 'Deployment')!.object as unknown as { spec: { replicas: number } }).spec.replicas = 4;
    f.pass(40, v2);
    expect(f.placed()).toEqual({ h1: 2, h2: 2 });
  });

  it('takes its length from cluster.yaml: 0s places at once on the hosts that answer', () => {
    const f = new Fleet();
    f.up.add('h1');
    f.pass(0, commit('  scheduling: { settleTime: 0s }\n'));
    expect(f.placed()).toEqual({ h1: 3 });
  });

  it('waits for nothing once every host has reported since the controller started, whether it answers now or not', () => {
    const waiting = new Map([['h3', at(0).toISOString()]]);
    const previous = new Map([['h2', { generation: 1, pods: [] }]]);
    const reports: HostObservation[] = [{ host: 'h1', ok: true, facts: hostFacts(), generation: 0, pods: [] }, { host: 'h2', ok: false, error: new Error('silent') }, { host: 'h3', ok: true, facts: hostFacts(), generation: 0, pods: [] }];
    expect(settle({ hosts: HOSTS, reports, previous, waiting, settleTime: '30s', now: at(5) })).toEqual({ waiting: new Map() });
  });

  it('counts each host from the pass that first missed it: a host new in the inventory holds new pods anew', () => {
    const reports: HostObservation[] = [{ host: 'h1', ok: true, facts: hostFacts(), generation: 0, pods: [] }];
    const waiting = new Map([['h2', at(0).toISOString()]]);
    const out = settle({ hosts: ['h1', 'h2', 'h3'], reports, previous: new Map(), waiting, settleTime: '30s', now: at(40) });
    expect(out.hold).toBe('waiting up to 30s (settle time) for host(s) h3 to report before placing new pods');
    expect(out.waiting).toEqual(new Map([['h2', at(0).toISOString()], ['h3', at(40).toISOString()]]));
  });

  it.each([
    ['not a duration', '30 seconds', 'is not a duration'],
    ['negative', '-5s', 'must be between 0s (place at once) and 10m, got -5s'],
    ['longer than 10 minutes', '1h', 'must be between 0s (place at once) and 10m, got 1h'],
  ])('is refused with file, line and field when %s', (_what, value, problem) => {
    const { errors } = load(`  scheduling:\n    settleTime: ${JSON.stringify(value)}\n`);
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(new RegExp(`^cluster\\.yaml:7:\\d+ .*spec\\.scheduling\\.settleTime: .*${problem.replace(/[()]/g, '\\$&')}`))]);
  });
});
