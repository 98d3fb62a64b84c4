// The controller's pass as the pure function it is: a commit plus the hosts' reports (plus the store's records and
// the time) in; the sets sent, the events, the store's writes and the sync status out. Each row is a short story told
// pass by pass; the harness plays the agents (they take the set sent and report its pods) and the controller's shell
// (it applies the store's writes and records what each agent accepted).
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { FIRST_PASS, runPass, type PassMemory, type PassOutcome } from '../../../src/controller/pass';
import { hostKey } from '../../../src/controller/host-reports';
import type { LoadedCommit } from '../../../src/controller/load-commit';
import type { HostObservation, HostRecord } from '../../../src/controller/observe';
import { StagedStore, applyStoreUpdates, type StoreReader } from '../../../src/controller/store';
import type { DeploymentRecord } from '../../../src/controllers';
import type { SyncStatus } from '../../../src/controller/view';
import { loadManifests } from '../../../src/manifest';
import { at, hostFacts } from './fixtures';

const CLUSTER = 'apiVersion: berth.dev/v1\nkind: Cluster\nmetadata: { name: t }\nspec: {}\n';
const HOSTS = 'apiVersion: berth.dev/v1\nkind: Inventory\nmetadata: { name: t }\nhosts:\n  - { name: h1, address: 10.0.0.1 }\n  - { name: h2, address: 10.0.0.2 }\n';
const web = (image: string, replicas = 2) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: default }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: "${image}" }]
`;

function commit(sha: string, apps: string, cluster = CLUSTER): LoadedCommit {
  const { state, errors } = loadManifests([
    { path: 'cluster.yaml', content: Buffer.from(cluster) },
    { path: 'hosts.yaml', content: Buffer.from(HOSTS) },
    { path: 'apps/web.yaml', content: Buffer.from(apps) },
  ]);
  expect(errors).toEqual([]);
  return { commit: sha, desired: state! };
}

const NO_RECORDS = { get: () => undefined, list: () => [] };

/** A small fleet of agents that do what they are sent, and a controller shell that remembers between passes. */
class Fleet {
  readonly store: StagedStore;
  memory: PassMemory = FIRST_PASS;
  /** What each agent holds: the generation it took, and its pods as it reports them. */
  readonly agents = new Map<string, { generation: number; pods: Pod[] }>();
  readonly silent = new Set<string>();

  /** `saved`: the store's records as a controller finds them when it starts (none: a new cluster). */
  constructor(saved: StoreReader = NO_RECORDS) {
    this.store = new StagedStore(saved);
  }

  pass(seconds: number, running: LoadedCommit, sync: SyncStatus = { ref: 'main', commit: running.commit, status: 'Unknown' }): PassOutcome {
    const reports: HostObservation[] = ['h1', 'h2'].map((host) =>
      this.silent.has(host)
        ? { host, ok: false, error: new Error(`host ${host}: no answer within 5 s`) }
        : { host, ok: true, facts: hostFacts({ hostName: host }), generation: this.agents.get(host)?.generation ?? 0, pods: this.agents.get(host)?.pods ?? [] },
    );
    const outcome = runPass({ commit: running, sync, reports, store: this.store, memory: this.memory, now: at(seconds), timeouts: { gracePeriodMs: 40_000, evictionTimeoutMs: 300_000 } });
    applyStoreUpdates(this.store, outcome.store);
    this.memory = outcome.memory;
    // The shell's apply: every changed set is accepted, and recorded as sent.
    for (const desired of outcome.sets) {
      if (!desired.changed) continue;
      const pods = desired.set.pods.map((p) => reported(p, true, at(seconds)));
      this.agents.set(desired.host, { generation: desired.generation, pods });
      this.store.put(hostKey(desired.host), { ...this.store.get<HostRecord>(hostKey(desired.host)), generation: desired.generation, digest: desired.set.digest });
    }
    return outcome;
  }
}

/** A pod as an agent reports it once started. */
function reported(pod: Pod, ready: boolean, now: Date): Pod {
  const time = now.toISOString();
  return {
    ...pod,
    status: {
      phase: 'Running',
      startTime: time,
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: time }],
      containerStatuses: pod.spec!.containers.map((c) => ({ name: c.name, image: c.image!, imageID: '', ready, restartCount: 0, started: true, state: { running: { startedAt: time } } })),
    },
  };
}

/** What a pass did, in a form a row can state: the sets sent per host (their pods), the events' reasons, the status. */
function summary(outcome: PassOutcome) {
  return {
    sent: Object.fromEntries(outcome.sets.filter((s) => s.changed).map((s) => [s.host, { generation: s.generation, pods: s.set.pods.map(podLine).sort() }])),
    events: [...new Set(outcome.decisions.map((d) => `${d.reason}${d.host ? `@${d.host}` : ''}`))].sort(),
    sync: outcome.sync.status,
  };
}

// The ReplicaSet's name carries the pod-template hash, pinned here as Kubernetes computes it; the pod's own suffix is
// left out.
const podLine = (p: Pod) => `${p.metadata!.name!.replace(/-[a-z0-9]{5}$/, '-*')} ${p.spec!.containers[0].image}`;

const v1 = commit('a'.repeat(40), web('web:1'));
const v2 = commit('b'.repeat(40), web('web:2'));

interface Row {
  story: string;
  /** The passes before the one the row states. */
  before: (fleet: Fleet) => void;
  /** The pass the row states. */
  pass: (fleet: Fleet) => PassOutcome;
  want: ReturnType<typeof summary>;
}

const rows: Row[] = [
  {
    story: 'a first commit on an empty fleet: every pod placed, each host sent its set as generation 1',
    before: () => {},
    pass: (f) => f.pass(0, v1),
    want: {
      sent: { h1: { generation: 1, pods: ['web-6474f864f5-* web:1'] }, h2: { generation: 1, pods: ['web-6474f864f5-* web:1'] } },
      events: ['ScalingReplicaSet', 'Scheduled@h1', 'Scheduled@h2'],
      sync: 'Progressing',
    },
  },
  {
    story: 'the fleet runs the commit: nothing is sent again, nothing is decided, the commit is Synced',
    before: (f) => void [f.pass(0, v1), f.pass(1, v1)],
    pass: (f) => f.pass(2, v1),
    want: { sent: {}, events: [], sync: 'Synced' },
  },
  {
    story: 'a host silent for one pass: its pods stay where they are, it is sent nothing, the other host is untouched',
    before: (f) => {
      f.pass(0, v1);
      f.pass(1, v1);
      f.silent.add('h2');
    },
    pass: (f) => f.pass(5, v1),
    want: { sent: {}, events: ['HostUnreachable@h2'], sync: 'Synced' },
  },
  {
    story: 'a host re-reporting after its silence: it answers again and nothing moves',
    before: (f) => {
      f.pass(0, v1);
      f.pass(1, v1);
      f.silent.add('h2');
      f.pass(5, v1);
      f.silent.delete('h2');
    },
    pass: (f) => f.pass(10, v1),
    want: { sent: {}, events: ['HostReachable@h2'], sync: 'Synced' },
  },
  {
    story: 'a rollout mid-way: the new version surges in beside the old one and the commit is Progressing',
    before: (f) => void [f.pass(0, v1), f.pass(1, v1)],
    pass: (f) => f.pass(2, v2),
    want: {
      sent: { h1: { generation: 2, pods: ['web-594cfb89b6-* web:2', 'web-6474f864f5-* web:1'] } },
      events: ['ScalingReplicaSet', 'Scheduled@h1'],
      sync: 'Progressing',
    },
  },
  {
    story: 'a refused commit: the last good one keeps running, nothing changes on the hosts, and the status says why',
    before: (f) => void [f.pass(0, v1), f.pass(1, v1)],
    pass: (f) => f.pass(2, v1, { ref: 'main', commit: v1.commit, refusedCommit: 'c'.repeat(40), status: 'Failed', message: 'commit ccccccc is invalid' }),
    want: { sent: {}, events: [], sync: 'Failed' },
  },
];

describe('runPass: a commit plus host reports → the sets sent, the events, the sync status', () => {
  it.each(rows)('$story', ({ before, pass, want }) => {
    const fleet = new Fleet();
    before(fleet);
    expect(summary(pass(fleet))).toEqual(want);
  });

  it('is pure: the same inputs give the same outcome, and the store it is given is left as it was', () => {
    const fleet = new Fleet();
    fleet.pass(0, v1);
    const frozen = JSON.stringify(fleet.store.updates());
    const input = { commit: v2, sync: { ref: 'main', commit: v2.commit, status: 'Unknown' as const }, store: fleet.store, memory: fleet.memory, now: at(3), timeouts: { gracePeriodMs: 40_000, evictionTimeoutMs: 300_000 } };
    const reports: HostObservation[] = ['h1', 'h2'].map((host) => ({ host, ok: true, facts: hostFacts({ hostName: host }), ...fleet.agents.get(host)! }));
    const a = runPass({ ...input, reports });
    const b = runPass({ ...input, reports });
    expect(JSON.stringify(fleet.store.updates())).toBe(frozen);
    expect(JSON.stringify([a.sets, a.decisions, a.store, a.sync, a.view])).toBe(JSON.stringify([b.sets, b.decisions, b.store, b.sync, b.view]));
  });

  it('takes the reports by host, in any order, and a host left out as one that said nothing', () => {
    const fleet = new Fleet();
    fleet.pass(0, v1);
    fleet.pass(1, v1);
    const h1: HostObservation = { host: 'h1', ok: true, facts: hostFacts({ hostName: 'h1' }), ...fleet.agents.get('h1')! };
    const outcome = runPass({ commit: v1, sync: { ref: 'main', commit: v1.commit, status: 'Unknown' }, reports: [h1], store: fleet.store, memory: fleet.memory, now: at(2), timeouts: { gracePeriodMs: 40_000, evictionTimeoutMs: 300_000 } });
    expect(summary(outcome)).toEqual({ sent: {}, events: ['HostUnreachable@h2'], sync: 'Synced' });
    expect(outcome.decisions.find((d) => d.host === 'h2')?.message).toBe('host h2 was not asked for its report');
  });

  it('rolls a rollout through to the end, pass by pass, and then sends nothing', () => {
    const fleet = new Fleet();
    fleet.pass(0, v1);
    fleet.pass(1, v1);
    const statuses: string[] = [];
    let last: PassOutcome | undefined;
    for (let i = 2; i < 12; i++) statuses.push((last = fleet.pass(i, v2)).sync.status);
    expect(statuses.at(-1)).toBe('Synced');
    expect(statuses[0]).toBe('Progressing');
    expect(summary(last!).sent).toEqual({});
    const images = [...fleet.agents.values()].flatMap((a) => a.pods.map(podLine));
    expect(images.sort()).toEqual(['web-594cfb89b6-* web:2', 'web-594cfb89b6-* web:2']);
  });

  it('keeps a failed rollout Failed: a new version that never turns ready is rolled back and the commit says why', () => {
    const fleet = new Fleet();
    const v3 = commit('d'.repeat(40), web('web:3').replace('replicas: 2', 'replicas: 2\n  progressDeadlineSeconds: 10'));
    fleet.pass(0, v1);
    fleet.pass(1, v1);
    // Every pod of web:3 reports not ready.
    const pass = (s: number) => {
      const outcome = fleet.pass(s, v3);
      for (const agent of fleet.agents.values()) agent.pods = agent.pods.map((p) => (p.spec!.containers[0].image === 'web:3' ? reported(p, false, at(s)) : p));
      return outcome;
    };
    let outcome = pass(2);
    for (let s = 3; s < 40 && outcome.sync.status !== 'Failed'; s += 2) outcome = pass(s);
    expect(outcome.sync.status).toBe('Failed');
    expect(outcome.sync.message).toMatch(/deployment default\/web rolled back/);
  });

  it("rolls back a new pod whose image cannot be pulled after cluster.yaml's spec.rollouts.failureTimeout, naming the pull error", () => {
    const cluster = CLUSTER.replace('spec: {}', 'spec: { rollouts: { failureTimeout: 20s } }');
    const good = commit('a'.repeat(40), web('web:1'), cluster);
    const missing = commit('f'.repeat(40), web('web:missing'), cluster);
    const fleet = new Fleet();
    fleet.pass(0, good);
    fleet.pass(1, good);
    const pass = (s: number) => {
      const outcome = fleet.pass(s, missing);
      for (const agent of fleet.agents.values()) agent.pods = agent.pods.map((p) => (p.spec!.containers[0].image === 'web:missing' ? pullFailing(p, at(2)) : p));
      return outcome;
    };
    for (let s = 2; s < 22; s++) expect(pass(s).sync.status, `at ${s} s`).toBe('Progressing');
    const outcome = pass(22);
    expect(outcome.sync.status).toBe('Failed');
    const event = outcome.decisions.find((d) => d.reason === 'RolledBack');
    expect(event?.message).toMatch(/: container web of pod web-[a-z0-9]+-[a-z0-9]{5}: ImagePullBackOff: Back-off pulling image "web:missing": ErrImagePull: failed to pull image "web:missing": manifest unknown$/);
  });

  it('keeps the progress deadline across a controller restart: the Progressing times come back from the store', () => {
    const fleet = new Fleet();
    const slow = commit('e'.repeat(40), web('web:4')); // progressDeadlineSeconds: 600, Kubernetes' default
    fleet.pass(0, v1);
    fleet.pass(1, v1);
    // web:4's pods never leave ContainerCreating (a pull that does not end): no failure reason, only the deadline.
    for (let s = 2; s < 6; s++) {
      fleet.pass(s, slow);
      for (const agent of fleet.agents.values()) agent.pods = agent.pods.map((p) => (p.spec!.containers[0].image === 'web:4' ? creatingPod(p, at(2)) : p));
    }
    const progressing = () => fleet.store.get<DeploymentRecord>('deployment/Deployment/default/web')!.status!.conditions!.find((c) => c.type === 'Progressing')!;
    const lastProgress = (Date.parse(progressing().lastUpdateTime!) - at(0).getTime()) / 1000;
    expect(progressing()).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated' });

    // The controller restarts 500 s later: its memory is gone; the store, as the file store keeps it (JSON), remains.
    const saved = new Map<string, unknown>(JSON.parse(JSON.stringify(fleet.store.list(''))));
    const restarted = new Fleet({ get: <T>(key: string) => saved.get(key) as T | undefined, list: <T>(prefix: string) => [...saved].filter(([k]) => k.startsWith(prefix)) as Array<[string, T]> });
    for (const [host, agent] of fleet.agents) restarted.agents.set(host, agent);
    const rolledBack = (o: PassOutcome) => o.decisions.find((d) => d.reason === 'RolledBack');
    expect(rolledBack(restarted.pass(lastProgress + 500, slow))).toBeUndefined();
    expect(rolledBack(restarted.pass(lastProgress + 599, slow))).toBeUndefined();
    // The deadline counts from the stored lastUpdateTime, not from the restart (which would put it at +1100 s).
    const outcome = restarted.pass(lastProgress + 601, slow);
    expect(rolledBack(outcome)?.message).toMatch(/made no progress within progressDeadlineSeconds \(600 s\)/);
    expect(outcome.sync.status).toBe('Failed');
  });
});

/** A pod whose image cannot be pulled (the agent's ImagePullBackOff, with the pull's error), not Ready since `since`. */
function pullFailing(pod: Pod, since: Date): Pod {
  const failing = creatingPod(pod, since);
  const image = pod.spec!.containers[0].image;
  const message = `Back-off pulling image "${image}": ErrImagePull: failed to pull image "${image}": manifest unknown`;
  failing.status!.containerStatuses![0].state = { waiting: { reason: 'ImagePullBackOff', message } };
  return failing;
}

/** A pod whose container is still being created (no failure reason), not Ready since `since`. */
function creatingPod(pod: Pod, since: Date): Pod {
  const time = since.toISOString();
  return {
    ...pod,
    status: {
      phase: 'Pending',
      startTime: time,
      conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: time }],
      containerStatuses: pod.spec!.containers.map((c) => ({ name: c.name, image: c.image!, imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } })),
    },
  };
}
