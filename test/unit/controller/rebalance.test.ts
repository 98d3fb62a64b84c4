// The rebalancer through runPass: a host joins (or hosts are relabelled) and pods that now break their topology spread
// (DoNotSchedule) or required anti-affinity move there, one at a time, within budgets; or stay, when nothing is better.
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { FIRST_PASS, runPass, type PassMemory, type PassOutcome } from '../../../src/controller/pass';
import type { LoadedCommit } from '../../../src/controller/load-commit';
import { hostKey } from '../../../src/controller/host-reports';
import type { HostObservation, HostRecord } from '../../../src/controller/observe';
import { StagedStore, applyStoreUpdates } from '../../../src/controller/store';
import { loadManifests } from '../../../src/manifest';
import { at, hostFacts } from './fixtures';

interface Options {
  /** name → zone label */
  hosts: Record<string, string>;
  replicas?: number;
  /** The pod template's scheduling constraints, as YAML flow. */
  constraints?: string;
  strategy?: string;
  deploymentAnnotations?: string;
  cluster?: string;
  extra?: string;
}

const SPREAD = 'topologySpreadConstraints: [{ maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule, labelSelector: { matchLabels: { app: web } } }]';
const ANTI_ZONE = 'affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: topology.kubernetes.io/zone, labelSelector: { matchLabels: { app: web } } }] } }';

function commit(sha: string, o: Options): LoadedCommit {
  const hosts = Object.entries(o.hosts).map(([name, zone], i) => `  - { name: ${name}, address: 10.0.0.${i + 1}, labels: { topology.kubernetes.io/zone: ${zone} } }`).join('\n');
  const web = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: default${o.deploymentAnnotations ? `, annotations: ${o.deploymentAnnotations}` : ''} }
spec:
  replicas: ${o.replicas ?? 4}
  selector: { matchLabels: { app: web } }
  ${o.strategy ?? ''}
  template:
    metadata: { labels: { app: web } }
    spec:
      ${o.constraints ?? SPREAD}
      containers: [{ name: web, image: "web:1" }]
${o.extra ?? ''}`;
  const { state, errors } = loadManifests([
    { path: 'cluster.yaml', content: Buffer.from(`apiVersion: berth.dev/v1\nkind: Cluster\nmetadata: { name: t }\nspec:\n  sync: { ref: main }\n${o.cluster ?? ''}`) },
    { path: 'hosts.yaml', content: Buffer.from(`apiVersion: berth.dev/v1\nkind: Inventory\nmetadata: { name: t }\nhosts:\n${hosts}\n`) },
    { path: 'apps/web.yaml', content: Buffer.from(web) },
  ]);
  expect(errors).toEqual([]);
  return { commit: sha.repeat(40), desired: state! };
}

/** Agents that run what they are sent, Ready unless told otherwise; every inventory host answers. */
class Fleet {
  readonly store = new StagedStore({ get: () => undefined, list: () => [] });
  memory: PassMemory = FIRST_PASS;
  readonly agents = new Map<string, { generation: number; pods: Pod[] }>();
  /** Pods (by name) that report not Ready. */
  readonly unready = new Set<string>();
  /** Pods (by name) their agent does not report yet (not started). */
  readonly unreported = new Set<string>();
  /** Agents that still report, Ready, for one more pass the pods a new set took away (not stopped yet). */
  lag = false;
  readonly #lingering = new Map<string, Pod[]>();
  seconds = 0;

  pass(running: LoadedCommit): PassOutcome {
    const now = at((this.seconds += 2));
    const reports: HostObservation[] = running.desired.nodes.map((n) => {
      const host = n.metadata!.name!;
      const a = this.agents.get(host);
      const pods = (a?.pods ?? []).filter((p) => !this.unreported.has(p.metadata!.name!)).map((p) => reported(p, !this.unready.has(p.metadata!.name!), now));
      pods.push(...(this.#lingering.get(host) ?? []).map((p) => reported(p, true, now)));
      return { host, ok: true, facts: hostFacts({ hostName: host }), generation: a?.generation ?? 0, pods };
    });
    const outcome = runPass({ commit: running, sync: { ref: 'main', commit: running.commit, status: 'Unknown' }, reports, store: this.store, memory: this.memory, now, timeouts: { gracePeriodMs: 40_000, evictionTimeoutMs: 300_000 } });
    applyStoreUpdates(this.store, outcome.store);
    this.memory = outcome.memory;
    // The shell's apply: every changed set is accepted, and recorded as sent.
    this.#lingering.clear();
    for (const d of outcome.sets) {
      if (!d.changed) continue;
      if (this.lag) {
        const kept = new Set(d.set.pods.map((p) => p.metadata!.name!));
        this.#lingering.set(d.host, (this.agents.get(d.host)?.pods ?? []).filter((p) => !kept.has(p.metadata!.name!)));
      }
      this.agents.set(d.host, { generation: d.generation, pods: d.set.pods });
      this.store.put(hostKey(d.host), { ...this.store.get<HostRecord>(hostKey(d.host)), generation: d.generation, digest: d.set.digest });
    }
    return outcome;
  }

  /** Passes until nothing is sent: the fleet runs the commit. */
  settle(running: LoadedCommit): void {
    for (let i = 0; i < 10; i++) {
      const o = this.pass(running);
      if (!o.sets.some((s) => s.changed)) return;
    }
    throw new Error('the fleet never settled');
  }

  placed(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [host, a] of [...this.agents].sort()) out[host] = a.pods.length;
    return out;
  }
}

function reported(pod: Pod, ready: boolean, now: Date): Pod {
  const time = now.toISOString();
  return { ...pod, status: { phase: 'Running', startTime: time, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: time }] } };
}

const descheduled = (o: PassOutcome) => o.decisions.filter((d) => d.reason === 'Descheduled');

/** Four web pods on h1 and h2, then h3 joins the inventory (answering at once): the spread is broken by 2. */
function joined(o: Partial<Options> = {}) {
  const f = new Fleet();
  f.settle(commit('a', { hosts: { h1: 'a', h2: 'b' }, ...o }));
  expect(f.placed()).toEqual({ h1: 2, h2: 2 });
  return { f, withH3: commit('b', { hosts: { h1: 'a', h2: 'b', h3: 'c' }, ...o }) };
}

describe('the rebalancer', () => {
  it('moves one pod that breaks its topology spread to the host that joined, then waits for it to be Ready', () => {
    const { f, withH3 } = joined();
    const moved = f.pass(withH3);
    expect(descheduled(moved).map((d) => d.message)).toEqual([
      expect.stringMatching(/^evicted from h1 by the rebalancer \(RemovePodsViolatingTopologySpreadConstraint\): topologySpreadConstraint kubernetes.io\/hostname maxSkew 1: 2 matching pod\(s\) in h1, 0 in h3; h3 can take it$/),
    ]);
    expect(f.placed()).toEqual({ h1: 1, h2: 2, h3: 1 });
    // The moved pod is not Ready yet: nothing else moves (the spread is within maxSkew now in any case).
    f.unready.add(f.agents.get('h3')!.pods[0].metadata!.name!);
    expect(descheduled(f.pass(withH3))).toEqual([]);
    f.unready.clear();
    expect(descheduled(f.pass(withH3))).toEqual([]);
    expect(f.pass(withH3).sets.some((s) => s.changed)).toBe(false);
    expect(f.placed()).toEqual({ h1: 1, h2: 2, h3: 1 });
  });

  it('moves one pod at a time: the second waits until the first runs Ready', () => {
    // Six pods on two hosts, two hosts join: 3, 3, 0, 0 → two moves needed.
    const f = new Fleet();
    f.settle(commit('a', { hosts: { h1: 'a', h2: 'b' }, replicas: 6, strategy: 'strategy: { rollingUpdate: { maxUnavailable: 2 } }', constraints: SPREAD.replace('maxSkew: 1', 'maxSkew: 2') }));
    const four = commit('b', { hosts: { h1: 'a', h2: 'b', h3: 'c', h4: 'd' }, replicas: 6, strategy: 'strategy: { rollingUpdate: { maxUnavailable: 2 } }', constraints: SPREAD.replace('maxSkew: 1', 'maxSkew: 2') });
    expect(descheduled(f.pass(four))).toHaveLength(1);
    const first = [...f.agents].find(([h]) => h === 'h3' || h === 'h4')![1].pods[0].metadata!.name!;
    // Not started on its new host yet, then started but not Ready: nothing else moves meanwhile.
    f.unreported.add(first);
    expect(descheduled(f.pass(four))).toEqual([]);
    f.unreported.clear();
    f.unready.add(first);
    expect(descheduled(f.pass(four))).toEqual([]);
    expect(descheduled(f.pass(four))).toEqual([]);
    f.unready.clear();
    expect(descheduled(f.pass(four))).toHaveLength(1);
    f.pass(four);
    expect(descheduled(f.pass(four))).toEqual([]);
    expect(Object.values(f.placed()).sort()).toEqual([1, 1, 2, 2]);
  });

  it('judges a moved pod by its copy where it went, not by the one its old host has not stopped yet', () => {
    const o = { hosts: { h1: 'a', h2: 'b' }, replicas: 6, strategy: 'strategy: { rollingUpdate: { maxUnavailable: 2 } }', constraints: SPREAD.replace('maxSkew: 1', 'maxSkew: 2') };
    const f = new Fleet();
    f.settle(commit('a', o));
    const four = commit('b', { ...o, hosts: { h1: 'a', h2: 'b', h3: 'c', h4: 'd' } });
    f.lag = true;
    const [move] = descheduled(f.pass(four));
    // Its new copy is not Ready; its old copy, Ready, is still reported by the host it left.
    f.unready.add(move.object.name);
    expect(descheduled(f.pass(four))).toEqual([]);
    expect(descheduled(f.pass(four))).toEqual([]);
  });

  it('moves a pod that shares a zone with one its required anti-affinity excludes, once a host of another zone exists', () => {
    const f = new Fleet();
    const strategy = 'strategy: { rollingUpdate: { maxUnavailable: 1 } }';
    f.settle(commit('a', { hosts: { h1: 'a', h2: 'b' }, replicas: 2, constraints: ANTI_ZONE, strategy }));
    expect(f.placed()).toEqual({ h1: 1, h2: 1 });
    // h2 moves to zone a: both pods in one zone, and no host elsewhere — nothing to do, and no churn.
    const relabelled = commit('b', { hosts: { h1: 'a', h2: 'a' }, replicas: 2, constraints: ANTI_ZONE, strategy });
    expect(descheduled(f.pass(relabelled))).toEqual([]);
    expect(f.pass(relabelled).sets.some((s) => s.changed)).toBe(false);
    // h3 joins in zone c: one of them moves there.
    const joinedC = commit('c', { hosts: { h1: 'a', h2: 'a', h3: 'c' }, replicas: 2, constraints: ANTI_ZONE, strategy });
    expect(descheduled(f.pass(joinedC)).map((d) => d.message)).toEqual([expect.stringContaining('(RemovePodsViolatingInterPodAntiAffinity): required pod anti-affinity topology.kubernetes.io/zone: 1 matching pod(s) run in a too; h3 can take it')]);
    expect(f.placed()).toEqual({ h1: 0, h2: 1, h3: 1 });
    f.pass(joinedC);
    expect(descheduled(f.pass(joinedC))).toEqual([]);
  });

  it('does nothing when no better host exists (h3 joins cordoned), and a second pass does nothing either', () => {
    const { f } = joined();
    const cordoned = commit('b', { hosts: { h1: 'a', h2: 'b', h3: 'c' } });
    cordoned.desired.nodes.find((n) => n.metadata!.name === 'h3')!.spec = { unschedulable: true };
    expect(descheduled(f.pass(cordoned))).toEqual([]);
    expect(f.pass(cordoned).sets.some((s) => s.changed)).toBe(false);
    expect(f.placed()).toEqual({ h1: 2, h2: 2, h3: 0 });
  });

  it.each([
    ['a PodDisruptionBudget that allows no disruption', { extra: '---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: web, namespace: default }\nspec: { minAvailable: 4, selector: { matchLabels: { app: web } } }\n' }],
    ["the Deployment's maxUnavailable 0", { strategy: 'strategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } }' }],
    ['cluster.yaml spec.scheduling.rebalance: false', { cluster: '  scheduling: { rebalance: false }\n' }],
    ['the Deployment annotated berth.dev/rebalance: "false"', { deploymentAnnotations: '{ berth.dev/rebalance: "false" }' }],
  ] as [string, Partial<Options>][])('moves nothing past %s', (_what, o) => {
    const { f, withH3 } = joined(o);
    expect(descheduled(f.pass(withH3))).toEqual([]);
    expect(f.pass(withH3).sets.some((s) => s.changed)).toBe(false);
    expect(f.placed()).toEqual({ h1: 2, h2: 2, h3: 0 });
  });

  it('looks again, a while after a budget blocked a move, and moves then', () => {
    const { f, withH3 } = joined({ extra: '---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: web, namespace: default }\nspec: { minAvailable: 3, selector: { matchLabels: { app: web } } }\n' });
    // Two pods not Ready: the budget allows no disruption, not even of those two (3 healthy are needed).
    f.unready.add(f.agents.get('h1')!.pods[0].metadata!.name!);
    f.unready.add(f.agents.get('h2')!.pods[0].metadata!.name!);
    expect(descheduled(f.pass(withH3))).toEqual([]);
    f.unready.clear();
    // The budget would allow it now, but a blocked look is not repeated every pass (a look reads every pod).
    expect(descheduled(f.pass(withH3))).toEqual([]);
    f.seconds += 30;
    expect(descheduled(f.pass(withH3))).toHaveLength(1);
  });

  it('moves within a PodDisruptionBudget that allows one disruption', () => {
    const { f, withH3 } = joined({ extra: '---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: web, namespace: default }\nspec: { maxUnavailable: 1, selector: { matchLabels: { app: web } } }\n' });
    expect(descheduled(f.pass(withH3))).toHaveLength(1);
  });
});
