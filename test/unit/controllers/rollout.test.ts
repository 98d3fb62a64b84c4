import { describe, expect, it } from 'vitest';
import type { DeploymentSync } from '../../../src/controllers';
import { templateHash, undoDeployment } from '../../../src/controllers';
import { RolloutSim, web } from './rollout-sim';

const START = '2024-03-10T12:00:00Z';
const v = (version: string, extra = {}) => web(version, 2, 1, 0, { progressDeadlineSeconds: 30, ...extra });
const rsName = (version: string) => `web-${templateHash(v(version))}`;

function healthyAt1(options = {}) {
  const sim = new RolloutSim(START, options);
  for (let i = 0; i < 3; i++) sim.step(v('1'));
  expect(sim.record!.lastHealthy).toBe(rsName('1'));
  return sim;
}

function until(sim: RolloutSim, d: ReturnType<typeof v>, done: (r: DeploymentSync) => boolean, max = 30): DeploymentSync {
  for (let i = 0; i < max; i++) {
    const r = sim.step(d);
    if (done(r)) return r;
  }
  throw new Error('never happened');
}

describe('automatic rollback', () => {
  it('rolls back when the new ReplicaSet makes no progress within progressDeadlineSeconds', () => {
    const sim = healthyAt1({ readyAfter: (image: string) => (image.endsWith(':2') ? undefined : 5) });
    const start = sim.t;
    const r = until(sim, v('2'), (x) => x.rollback !== undefined);
    // Progress is last seen at start + 5 s (the new pod appeared), so the deadline passes after start + 35 s.
    expect(sim.t - 5000 - start).toBe(40_000);
    expect(r.rollback).toEqual({
      toRevision: 1,
      toReplicaSet: rsName('1'),
      fromReplicaSet: rsName('2'),
      cause: 'ProgressDeadlineExceeded',
      reason: `replica set ${rsName('2')} made no progress within progressDeadlineSeconds (30 s)`,
    });
    expect(r.events[0]).toMatchObject({ type: 'Warning', reason: 'RolledBack' });
    expect(r.events[0].message).toContain(`to revision 1 (replica set ${rsName('1')})`);
    expect(r.record.rolledBack).toEqual({ templateHash: templateHash(v('2')), toReplicaSet: rsName('1'), cause: 'ProgressDeadlineExceeded', reason: r.rollback!.reason });
    // The failed pod goes at once (it serves nothing); the healthy ReplicaSet is the current one, with a new revision.
    expect(sim.sizes()).toEqual({ '1': 2, '2': 0 });
    expect(r.history).toEqual([
      { revision: 2, replicaSet: rsName('2'), current: false },
      { revision: 3, replicaSet: rsName('1'), changeCause: `rolled back: ${r.rollback!.reason}`, current: true },
    ]);
    expect(r.deployment.metadata!.annotations!['deployment.kubernetes.io/revision']).toBe('3');
    expect(r.deployment.status!.conditions!.find((c) => c.type === 'RolledBack')).toMatchObject({ status: 'True', reason: 'ProgressDeadlineExceeded' });
  });

  it('rolls back as soon as a pod of the new ReplicaSet crash-loops, and the old pods keep serving', () => {
    const sim = healthyAt1({ crashing: (image: string) => image.endsWith(':2') });
    const r = until(sim, v('2'), (x) => x.rollback !== undefined);
    expect(r.rollback).toMatchObject({ cause: 'CrashLoopBackOff', toRevision: 1, toReplicaSet: rsName('1') });
    expect(r.rollback!.reason).toMatch(new RegExp(`^container app of pod ${rsName('2')}-[a-z0-9]{5} is crash-looping \\(3 restarts\\)$`));
    expect(sim.sizes()).toEqual({ '1': 2, '2': 0 });
    expect(sim.readyPods()).toBe(2);
  });

  it('does not try the rolled-back template again, rolls back in reverse within the same bounds, until git changes', () => {
    const w4 = (version: string) => web(version, 4, 1, 0, { progressDeadlineSeconds: 12 });
    const sim = new RolloutSim(START, {
      // Version 2: the first pods (started in the first 15 s of its rollout) become Ready, later ones never.
      readyAfter: (image: string, created: number) => (image.endsWith(':2') && created >= cutoff ? undefined : 5),
    });
    let cutoff = Infinity;
    for (let i = 0; i < 3; i++) sim.step(w4('1'));
    cutoff = sim.t + 15_000;
    const r = until(sim, w4('2'), (x) => x.rollback !== undefined);
    expect(r.rollback!.cause).toBe('ProgressDeadlineExceeded');
    // Half rolled out when it failed: the unready new pod goes at once, the two Ready ones go as old ones come back.
    expect(sim.sizes()).toEqual({ '1': 2, '2': 2 });
    for (let i = 0; i < 20; i++) {
      const next = sim.step(w4('2'));
      expect(next.rollback).toBeUndefined();
      expect(next.record.rolledBack?.toReplicaSet).toBe(rsName('1'));
      expect(sim.readyPods()).toBeGreaterThanOrEqual(4);
      expect(Object.values(sim.sizes()).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5);
    }
    expect(sim.sizes()).toEqual({ '1': 4, '2': 0 });
    expect(sim.last!.deployment.status!.conditions!.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
    // A new commit: the rollback ends, and version 3 rolls out from the healthy pods.
    const three = sim.step(w4('3'));
    expect(three.record.rolledBack).toBeUndefined();
    expect(three.deployment.status!.conditions!.some((c) => c.type === 'RolledBack')).toBe(false);
    expect(sim.sizes()).toEqual({ '1': 4, '2': 0, '3': 1 });
    expect(three.history.at(-1)).toMatchObject({ revision: 4, current: true });
  });

  it('never rolls back without a healthy revision to go to', () => {
    const sim = new RolloutSim(START, { readyAfter: () => undefined });
    for (let i = 0; i < 20; i++) expect(sim.step(v('1')).rollback).toBeUndefined();
    expect(sim.last!.deployment.status!.conditions!.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
  });

  it('does not roll back a paused Deployment', () => {
    const sim = healthyAt1({ crashing: (image: string) => image.endsWith(':2') });
    sim.step(v('2'));
    for (let i = 0; i < 5; i++) expect(sim.step(v('2', { paused: true })).rollback).toBeUndefined();
    expect(sim.last!.deployment.status!.updatedReplicas).toBe(1);
  });
});

describe('undoDeployment (berth rollout undo)', () => {
  function atVersion2() {
    const sim = healthyAt1();
    for (let i = 0; i < 10; i++) sim.step(v('2'));
    expect(sim.record!.lastHealthy).toBe(rsName('2'));
    return sim;
  }
  const liveOf = (sim: RolloutSim) => ({ ...sim.record });

  it('goes back to the previous revision with reason "rollout undo", until git changes the template', () => {
    const sim = atVersion2();
    const r = undoDeployment(v('2'), liveOf(sim), new Date(sim.t));
    expect(r.rollback).toEqual({ toRevision: 1, toReplicaSet: rsName('1'), fromReplicaSet: rsName('2'), cause: 'RolloutUndo', reason: 'rollout undo' });
    expect(r.events[0]).toMatchObject({ type: 'Normal', reason: 'RolledBack' });
    expect(r.record.rolledBack).toMatchObject({ toReplicaSet: rsName('1'), cause: 'RolloutUndo' });
    expect(r.history.find((h) => h.current)).toMatchObject({ revision: 3, replicaSet: rsName('1'), changeCause: 'rolled back: rollout undo' });
  });

  it('undoing the undo runs git’s template again', () => {
    const sim = atVersion2();
    sim.record = undoDeployment(v('2'), liveOf(sim), new Date(sim.t)).record;
    const again = undoDeployment(v('2'), liveOf(sim), new Date(sim.t));
    expect(again.rollback).toMatchObject({ toReplicaSet: rsName('2'), toRevision: 2 });
    expect(again.record.rolledBack).toBeUndefined();
    expect(again.history.find((h) => h.current)).toMatchObject({ revision: 4, replicaSet: rsName('2') });
  });

  it.each<[string, number | undefined, boolean, string]>([
    ['a revision that does not exist', 9, false, 'unable to find specified revision 9 in history'],
    ['the current revision', 2, false, 'skipped rollback (current template already matches revision 2)'],
    ['a paused Deployment', undefined, true, 'you cannot rollback a paused deployment; resume it first (spec.paused in git)'],
  ])('refuses %s', (_, revision, paused, message) => {
    const sim = atVersion2();
    expect(() => undoDeployment(v('2', paused ? { paused: true } : {}), liveOf(sim), new Date(sim.t), revision)).toThrow(message);
  });

  it('refuses a Deployment with no other revision', () => {
    const sim = healthyAt1();
    expect(() => undoDeployment(v('1'), liveOf(sim), new Date(sim.t))).toThrow('no rollout history found for deployment "web"');
  });
});
