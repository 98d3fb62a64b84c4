import { describe, expect, it } from 'vitest';
import { maxSurge, maxUnavailable, resolveFenceposts } from '../../../src/controllers';
import { RolloutSim, web } from './rollout-sim';

const START = '2024-03-10T12:00:00Z';

/** Brings `web` at version 1 to a complete rollout, then returns the sim. */
function settled(replicas: number, surge: number | string, unavailable: number | string, options = {}) {
  const sim = new RolloutSim(START, options);
  for (let i = 0; i < 3; i++) sim.step(web('1', replicas, surge, unavailable));
  return sim;
}

describe('RollingUpdate, step by step (each new pod Ready one pass after it starts)', () => {
  it.each<[string, number, number | string, number | string, Array<Record<string, number>>]>([
    [
      'replicas 3, maxSurge 1, maxUnavailable 0',
      3,
      1,
      0,
      [
        { '1': 3, '2': 1 },
        { '1': 2, '2': 1 },
        { '1': 2, '2': 2 },
        { '1': 1, '2': 2 },
        { '1': 1, '2': 3 },
        { '1': 0, '2': 3 },
        { '1': 0, '2': 3 },
      ],
    ],
    [
      'replicas 3, maxSurge 0, maxUnavailable 1',
      3,
      0,
      1,
      [
        { '1': 2, '2': 0 },
        { '1': 2, '2': 1 },
        { '1': 1, '2': 1 },
        { '1': 1, '2': 2 },
        { '1': 0, '2': 2 },
        { '1': 0, '2': 3 },
        { '1': 0, '2': 3 },
      ],
    ],
    [
      'replicas 4, maxSurge 2, maxUnavailable 2 (new pods start and old ones stop in the same pass)',
      4,
      2,
      2,
      [
        { '1': 2, '2': 2 },
        { '1': 2, '2': 4 },
        { '1': 0, '2': 4 },
        { '1': 0, '2': 4 },
      ],
    ],
  ])('%s', (_, replicas, surge, unavailable, expected) => {
    const sim = settled(replicas, surge, unavailable);
    const seen = expected.map(() => sim.step(web('2', replicas, surge, unavailable)) && sim.sizes());
    expect(seen).toEqual(expected);
  });
});

describe('RollingUpdate bounds', () => {
  it.each<[number, number | string, number | string]>([
    [3, 1, 0],
    [3, 0, 1],
    [10, '25%', '25%'],
    [10, '0%', '30%'],
    [5, '50%', 0],
    [1, '25%', '25%'],
    [7, 3, 2],
  ])('replicas %d, maxSurge %j, maxUnavailable %j: never fewer Ready pods than replicas − maxUnavailable, never more pods than replicas + maxSurge', (replicas, surge, unavailable) => {
    const sim = settled(replicas, surge, unavailable);
    const d = web('2', replicas, surge, unavailable);
    const [s, u] = [maxSurge(d), maxUnavailable(d)];
    for (let i = 0; i < 40; i++) {
      sim.step(d);
      const total = Object.values(sim.sizes()).reduce((a, b) => a + b, 0);
      expect(total).toBeLessThanOrEqual(replicas + s);
      expect(sim.readyPods()).toBeGreaterThanOrEqual(replicas - u);
    }
    expect(sim.sizes()).toEqual({ '1': 0, '2': replicas });
    const status = sim.last!.deployment.status!;
    expect(status).toMatchObject({ replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas, unavailableReplicas: 0 });
    expect(status.conditions!.map((c) => `${c.type}=${c.status}/${c.reason}`)).toEqual(['Available=True/MinimumReplicasAvailable', 'Progressing=True/NewReplicaSetAvailable']);
  });

  it.each<[number, number | string, number | string, number, number]>([
    [10, '25%', '25%', 3, 2],
    [10, '15%', '15%', 2, 1],
    [1, '25%', '25%', 1, 0],
    [4, 0, 0, 0, 1],
    [4, '0%', '10%', 0, 1],
    [0, '25%', '25%', 0, 0],
    [3, 1, 5, 1, 3],
  ])('replicas %d, maxSurge %j, maxUnavailable %j → surge %d, unavailable %d (surge rounds up, unavailable down, never both 0)', (replicas, surge, unavailable, s, u) => {
    const d = web('1', replicas, surge, unavailable);
    expect([maxSurge(d), maxUnavailable(d)]).toEqual([s, u]);
  });

  it('resolves fenceposts like Kubernetes', () => {
    expect(resolveFenceposts('0%', '0%', 10)).toEqual([0, 1]);
    expect(resolveFenceposts('1%', '1%', 10)).toEqual([1, 0]);
  });
});

describe('Recreate', () => {
  it('scales the old ReplicaSet to 0 and starts the new one only once every old pod is gone', () => {
    const recreate = (version: string) => web(version, 3, 0, 0, { strategy: { type: 'Recreate' } });
    const sim = new RolloutSim(START, { linger: 1 });
    for (let i = 0; i < 3; i++) sim.step(recreate('1'));
    const steps: Array<[Record<string, number>, Record<string, number>]> = [];
    for (let i = 0; i < 5; i++) {
      sim.step(recreate('2'));
      steps.push([sim.sizes(), sim.running()]);
    }
    expect(steps).toEqual([
      // Old pods still stopping (reported with a deletionTimestamp): nothing new starts.
      [{ '1': 0 }, { '1': 3 }],
      [{ '1': 0 }, {}],
      [{ '1': 0, '2': 3 }, { '2': 3 }],
      [{ '1': 0, '2': 3 }, { '2': 3 }],
      [{ '1': 0, '2': 3 }, { '2': 3 }],
    ]);
  });
});

describe('minReadySeconds', () => {
  it('counts a pod as available only once it has been Ready for minReadySeconds, so old pods wait for it', () => {
    const d = (version: string) => web(version, 2, 1, 0, { minReadySeconds: 30 });
    const sim = new RolloutSim(START);
    for (let i = 0; i < 10; i++) sim.step(d('1'));
    expect(sim.last!.deployment.status!.availableReplicas).toBe(2);
    // t0: new pod starts; t0+5: Ready; available only after t0+35, so the pass at t0+40 scales the old one down.
    const sizes: string[] = [];
    for (let i = 0; i < 9; i++) {
      sim.step(d('2'));
      sizes.push(`${sim.sizes()['1']}/${sim.sizes()['2']}`);
    }
    expect(sizes).toEqual(['2/1', '2/1', '2/1', '2/1', '2/1', '2/1', '2/1', '2/1', '1/1']);
  });
});
