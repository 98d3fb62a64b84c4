import { describe, expect, it } from 'vitest';
import { templateHash } from '../../../src/controllers';
import { iso, RolloutSim, tag, web } from './rollout-sim';

const START = '2024-03-10T12:00:00Z';
const v = (version: string, extra: Parameters<typeof web>[4] = {}, replicas = 3) => web(version, replicas, 1, 0, extra);
const rsName = (version: string) => `web-${templateHash(v(version))}`;

function rollTo(sim: RolloutSim, d: ReturnType<typeof v>, passes = 12) {
  for (let i = 0; i < passes; i++) sim.step(d);
  return sim.last!;
}

const revisions = (sim: RolloutSim) =>
  Object.fromEntries(sim.last!.replicaSets.map((rs) => [tag(rs), rs.metadata!.annotations!['deployment.kubernetes.io/revision']]));

describe('revisions', () => {
  it('numbers each new template one more than any before', () => {
    const sim = new RolloutSim(START);
    rollTo(sim, v('1'));
    rollTo(sim, v('2'));
    rollTo(sim, v('3'));
    expect(revisions(sim)).toEqual({ '1': '1', '2': '2', '3': '3' });
    expect(sim.last!.history.map((h) => [h.revision, h.replicaSet, h.current])).toEqual([
      [1, rsName('1'), false],
      [2, rsName('2'), false],
      [3, rsName('3'), true],
    ]);
  });

  it('reuses the ReplicaSet of a template that comes back (git revert), with a new revision and the old one in revision-history', () => {
    const sim = new RolloutSim(START);
    rollTo(sim, v('1'));
    rollTo(sim, v('2'));
    const back = rollTo(sim, v('1'));
    expect(back.replicaSets.map((rs) => rs.metadata!.name).sort()).toEqual([rsName('1'), rsName('2')].sort());
    expect(revisions(sim)).toEqual({ '1': '3', '2': '2' });
    const reused = back.replicaSets.find((rs) => rs.metadata!.name === rsName('1'))!;
    expect(reused.metadata!.annotations!['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(sim.sizes()).toEqual({ '1': 3, '2': 0 });
  });

  it('takes the change-cause for history from the Deployment’s kubernetes.io/change-cause annotation', () => {
    const sim = new RolloutSim(START);
    const annotated = v('1');
    annotated.metadata!.annotations = { 'kubernetes.io/change-cause': 'first release' };
    expect(rollTo(sim, annotated, 1).history).toEqual([{ revision: 1, replicaSet: rsName('1'), changeCause: 'first release', current: true }]);
  });
});

describe('revisionHistoryLimit', () => {
  it('keeps that many old ReplicaSets at 0 replicas, removing the lowest revisions first', () => {
    const sim = new RolloutSim(START);
    for (const version of ['1', '2', '3', '4', '5']) rollTo(sim, v(version, { revisionHistoryLimit: 2 }));
    expect(revisions(sim)).toEqual({ '3': '3', '4': '4', '5': '5' });
  });

  it('keeps none with a limit of 0, once the rollout is complete', () => {
    const sim = new RolloutSim(START);
    rollTo(sim, v('1', { revisionHistoryLimit: 0 }));
    rollTo(sim, v('2', { revisionHistoryLimit: 0 }));
    expect(Object.keys(revisions(sim))).toEqual(['2']);
  });
});

describe('scaling', () => {
  it('scales the only ReplicaSet to the new count, with an event', () => {
    const sim = new RolloutSim(START);
    rollTo(sim, v('1'));
    const r = sim.step(v('1', {}, 5));
    expect(sim.sizes()).toEqual({ '1': 5 });
    expect(r.events).toEqual([{ type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled up replica set ${rsName('1')} to 5 from 3` }]);
  });

  it.each<[number, Record<string, number>]>([
    [6, { '1': 3, '2': 4 }],
    [1, { '1': 1, '2': 1 }],
  ])('shares a scale change mid-rollout in proportion to each ReplicaSet (replicas 3 → %d)', (replicas, expected) => {
    const sim = new RolloutSim(START);
    rollTo(sim, v('1'));
    for (let i = 0; i < 3; i++) sim.step(v('2'));
    expect(sim.sizes()).toEqual({ '1': 2, '2': 2 });
    sim.step(v('2', {}, replicas));
    expect(sim.sizes()).toEqual(expected);
  });
});

describe('paused', () => {
  it('starts no new ReplicaSet while paused, still applies scale changes, and rolls out once resumed', () => {
    const sim = new RolloutSim(START);
    rollTo(sim, v('1'));
    const paused = sim.step(v('2', { paused: true }));
    expect(sim.sizes()).toEqual({ '1': 3 });
    expect(paused.deployment.status!.conditions!.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused' });
    sim.step(v('2', { paused: true }, 4));
    sim.step(v('2', { paused: true }, 4));
    expect(sim.sizes()).toEqual({ '1': 4 });
    const resumed = sim.step(v('2', {}, 4));
    expect(sim.sizes()).toEqual({ '1': 4, '2': 1 });
    expect(resumed.deployment.status!.conditions!.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetCreated' });
  });
});

describe('status', () => {
  it('reports counts and conditions mid-rollout, with times from `now`', () => {
    const sim = new RolloutSim(START);
    rollTo(sim, v('1'));
    const next = iso(sim.t + 5000);
    sim.step(v('2'));
    const status = sim.step(v('2')).deployment.status!;
    expect(status).toMatchObject({ observedGeneration: 1, replicas: 4, updatedReplicas: 1, readyReplicas: 4, availableReplicas: 4, unavailableReplicas: 0 });
    const progressing = status.conditions!.find((c) => c.type === 'Progressing')!;
    expect(progressing).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rsName('2')}" is progressing.` });
    expect(progressing.lastTransitionTime! < progressing.lastUpdateTime!).toBe(true);
    expect(progressing.lastUpdateTime).toBe(next);
  });
});
