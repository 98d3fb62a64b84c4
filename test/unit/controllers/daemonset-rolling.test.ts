import { describe, expect, it } from 'vitest';
import type { DaemonSet, DaemonSetUpdateStrategy } from 'kubernetes-types/apps/v1';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { syncDaemonSet, type DesiredPod } from '../../../src/controllers';
import { daemonSet, node } from './fixtures';

const now = new Date('2024-03-10T12:00:00Z');
const hosts = (...names: string[]) => names.map((n) => node(n));

function agent(version: string, strategy?: DaemonSetUpdateStrategy): DaemonSet {
  const ds = daemonSet('agent');
  ds.spec!.template.spec!.containers[0].image = `registry.local/agent:${version}`;
  ds.spec!.updateStrategy = strategy ?? { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } };
  return ds;
}

/** The pods as their hosts would report them: a pod already running keeps its state; a new one starts not Ready. */
function run(desired: DesiredPod[], before: Pod[] = [], ready = false): Pod[] {
  return desired.map((p) => {
    const same = before.find((b) => b.metadata!.name === p.metadata.name && b.metadata!.annotations!['berth.dev/spec-hash'] === p.metadata.annotations!['berth.dev/spec-hash']);
    return same ?? { ...p, status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: '2024-03-10T11:00:00Z' }] } };
  });
}

function makeReady(pods: Pod[], which: (p: Pod) => boolean = () => true): Pod[] {
  return pods.map((p) => (which(p) ? { ...p, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-03-10T11:00:00Z' }] } } : p));
}

const versionOn = (pods: Pod[]) =>
  Object.fromEntries(
    [...new Set(pods.map((p) => p.spec!.nodeName!))].sort().map((h) => [h, pods.filter((p) => p.spec!.nodeName === h).map((p) => p.spec!.containers[0].image!.split(':')[1]).sort().join('+')]),
  );

function settled(ds: DaemonSet, nodes: Node[]): Pod[] {
  return run(syncDaemonSet(ds, nodes, {}, now).pods, [], true);
}

describe('DaemonSet hosts', () => {
  it('puts a pod on a host added to the inventory and keeps the others as they run', () => {
    const live = settled(agent('1'), hosts('h1', 'h2'));
    const { pods } = syncDaemonSet(agent('1'), hosts('h1', 'h2', 'h3'), { pods: live }, now);
    expect(versionOn(pods)).toEqual({ h1: '1', h2: '1', h3: '1' });
    expect(pods.filter((p) => p.spec.nodeName !== 'h3').map((p) => p.metadata.name)).toEqual(live.map((p) => p.metadata!.name).sort());
  });

  it('drops the pod of a host gone from the inventory', () => {
    const live = settled(agent('1'), hosts('h1', 'h2', 'h3'));
    expect(versionOn(syncDaemonSet(agent('1'), hosts('h1', 'h3'), { pods: live }, now).pods)).toEqual({ h1: '1', h3: '1' });
  });

  it('keeps a running pod on a host newly tainted NoSchedule, and evicts it for an untolerated NoExecute taint', () => {
    const live = settled(agent('1'), hosts('h1', 'h2'));
    const tainted = (effect: 'NoSchedule' | 'NoExecute') => [node('h1'), node('h2', { taints: [{ key: 'maintenance', effect }] })];
    expect(versionOn(syncDaemonSet(agent('1'), tainted('NoSchedule'), { pods: live }, now).pods)).toEqual({ h1: '1', h2: '1' });
    expect(versionOn(syncDaemonSet(agent('1'), tainted('NoExecute'), { pods: live }, now).pods)).toEqual({ h1: '1' });
  });
});

describe('DaemonSet RollingUpdate', () => {
  const nodes = hosts('h1', 'h2', 'h3', 'h4');

  it('updates hosts maxUnavailable at a time, in host-name order, each once the previous ones are available', () => {
    let live = settled(agent('1'), nodes);
    const seen: Array<Record<string, string>> = [];
    for (let i = 0; i < 5; i++) {
      const { pods } = syncDaemonSet(agent('2'), nodes, { pods: live }, now);
      seen.push(versionOn(pods));
      live = run(pods, live);
      if (i % 2 === 1) live = makeReady(live);
    }
    expect(seen).toEqual([
      { h1: '2', h2: '1', h3: '1', h4: '1' },
      { h1: '2', h2: '1', h3: '1', h4: '1' },
      { h1: '2', h2: '2', h3: '1', h4: '1' },
      { h1: '2', h2: '2', h3: '1', h4: '1' },
      { h1: '2', h2: '2', h3: '2', h4: '1' },
    ]);
  });

  it('replaces a pod in place: the new pod takes the old one’s name, and a kept old pod is passed through as it runs', () => {
    const live = settled(agent('1'), nodes);
    const { pods } = syncDaemonSet(agent('2'), nodes, { pods: live }, now);
    expect(pods.map((p) => p.metadata.name)).toEqual(live.map((p) => p.metadata!.name).sort());
    const kept = pods.find((p) => p.spec.nodeName === 'h2')!;
    const before = live.find((p) => p.spec!.nodeName === 'h2')!;
    expect(kept.spec).toBe(before.spec);
    expect(kept.metadata.annotations).toBe(before.metadata!.annotations);
    expect(kept).not.toHaveProperty('status');
  });

  it.each<[string, number | string, string[]]>([
    ['maxUnavailable 2', 2, ['h1', 'h2']],
    ['maxUnavailable 50% (rounded up)', '50%', ['h1', 'h2']],
    ['maxUnavailable 30% (rounded up)', '30%', ['h1', 'h2']],
    ['maxUnavailable 100%', '100%', ['h1', 'h2', 'h3', 'h4']],
  ])('%s: the first pass updates %j', (_, maxUnavailable, updated) => {
    const live = settled(agent('1'), nodes);
    const ds = agent('2', { type: 'RollingUpdate', rollingUpdate: { maxUnavailable, maxSurge: 0 } });
    const on = versionOn(syncDaemonSet(ds, nodes, { pods: live }, now).pods);
    expect(Object.keys(on).filter((h) => on[h] === '2')).toEqual(updated);
  });

  it('replaces an old pod that is not available at once, beyond maxUnavailable', () => {
    const live = makeReady(run(syncDaemonSet(agent('1'), nodes, {}, now).pods), (p) => p.spec!.nodeName !== 'h3');
    expect(versionOn(syncDaemonSet(agent('2'), nodes, { pods: live }, now).pods)).toEqual({ h1: '2', h2: '1', h3: '2', h4: '1' });
  });

  it('counts a host without its pod against maxUnavailable', () => {
    const live = settled(agent('1'), hosts('h1', 'h2', 'h3', 'h4'));
    const withNew = [...nodes, node('h5')];
    expect(versionOn(syncDaemonSet(agent('2'), withNew, { pods: live }, now).pods)).toEqual({ h1: '1', h2: '1', h3: '1', h4: '1', h5: '2' });
  });

  it('with maxSurge, starts the new pod beside the old one under another name, and stops the old one once the new one is available', () => {
    const ds = agent('2', { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
    let live = settled(agent('1'), nodes);
    const first = syncDaemonSet(ds, nodes, { pods: live }, now).pods;
    expect(versionOn(first)).toEqual({ h1: '1+2', h2: '1', h3: '1', h4: '1' });
    const onH1 = first.filter((p) => p.spec.nodeName === 'h1').map((p) => p.metadata.name);
    expect(new Set(onH1).size).toBe(2);
    live = run(first, live);
    expect(versionOn(syncDaemonSet(ds, nodes, { pods: live }, now).pods)).toEqual({ h1: '1+2', h2: '1', h3: '1', h4: '1' });
    live = makeReady(live);
    expect(versionOn(syncDaemonSet(ds, nodes, { pods: live }, now).pods)).toEqual({ h1: '2', h2: '1+2', h3: '1', h4: '1' });
  });
});

describe('DaemonSet OnDelete', () => {
  it('keeps old pods until they are gone, and gives a host without one the new template', () => {
    const live = settled(agent('1'), hosts('h1', 'h2', 'h3'));
    const ds = agent('2', { type: 'OnDelete' });
    const withoutH2 = live.filter((p) => p.spec!.nodeName !== 'h2');
    expect(versionOn(syncDaemonSet(ds, hosts('h1', 'h2', 'h3'), { pods: withoutH2 }, now).pods)).toEqual({ h1: '1', h2: '2', h3: '1' });
  });
});

describe('DaemonSet status', () => {
  it('counts desired, scheduled, ready, updated, available and misscheduled hosts from the live pods', () => {
    const nodes = hosts('h1', 'h2', 'h3');
    const v1 = run(syncDaemonSet(agent('1'), nodes, {}, now).pods);
    const live = makeReady(v1, (p) => p.spec!.nodeName === 'h1');
    const moved = [...nodes.slice(0, 2), node('h3', { taints: [{ key: 'gpu', effect: 'NoSchedule' }] }), node('h4')];
    const { daemonSet } = syncDaemonSet(agent('1'), moved, { pods: live }, now);
    expect(daemonSet.status).toEqual({
      currentNumberScheduled: 2,
      desiredNumberScheduled: 3,
      numberMisscheduled: 1,
      numberReady: 1,
      updatedNumberScheduled: 2,
      numberAvailable: 1,
      numberUnavailable: 2,
      observedGeneration: 1,
    });
  });
});
