import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { describe, expect, it } from 'vitest';
import { disruptionBudgets, disruptionsAllowed, schedule } from '../../../../src/scheduler';
import {
  filterPodsWithPDBViolation,
  numCandidates,
  pickOneNodeForPreemption,
  type Candidate,
} from '../../../../src/scheduler/plugins/defaultpreemption';
import { Snapshot } from '../../../../src/scheduler/snapshot';
import { node, pod, running } from '../fixtures';

const snapshot = new Snapshot([node('h1'), node('h2'), node('h3')]);
/** A victim of `priority` that started at minute `start` (none: not started). */
const victim = (name: string, priority: number, start?: number, labels: Record<string, string> = { app: name }) =>
  snapshot.groups.info({
    ...pod(name, { labels, spec: { priority } }),
    ...(start !== undefined && { status: { startTime: new Date(Date.UTC(2026, 0, 1, 0, start)).toISOString() } }),
  });
const candidate = (host: string, victims: ReturnType<typeof victim>[], numPDBViolations = 0): Candidate => ({
  node: snapshot.nodesByName.get(host)!,
  pods: victims,
  numPDBViolations,
});

describe('choosing the node to preempt on (pickOneNodeForPreemption)', () => {
  const table: Array<[string, Candidate[], string]> = [
    ['fewest budget violations first', [candidate('h1', [victim('a', 1)], 1), candidate('h2', [victim('b', 100)], 0)], 'h2'],
    ['then the lowest most-important victim', [candidate('h1', [victim('a', 50)]), candidate('h2', [victim('b', 10), victim('c', 10)])], 'h2'],
    ['then the lowest sum of priorities', [candidate('h1', [victim('a', 10), victim('b', 5)]), candidate('h2', [victim('c', 10), victim('d', 1)])], 'h2'],
    ['negative priorities do not make more victims look cheaper', [candidate('h1', [victim('a', -5), victim('b', -5)]), candidate('h2', [victim('c', -5)])], 'h2'],
    ['then the fewest victims', [candidate('h1', [victim('a', 10), victim('b', 0)]), candidate('h2', [victim('c', 10), victim('d', 0)]), candidate('h3', [victim('e', 10)])], 'h3'],
    ['then the latest start among the most important victims', [candidate('h1', [victim('a', 10, 5)]), candidate('h2', [victim('b', 10, 30)])], 'h2'],
    ['a victim that has not started counts as the latest', [candidate('h1', [victim('a', 10, 5)]), candidate('h2', [victim('b', 10)])], 'h2'],
    ['then the first candidate', [candidate('h2', [victim('a', 10)]), candidate('h1', [victim('b', 10)])], 'h2'],
  ];
  it.each(table)('%s', (_name, candidates, want) => {
    expect(pickOneNodeForPreemption(candidates)?.node.name).toBe(want);
  });

  it('has nothing to choose from no candidates', () => {
    expect(pickOneNodeForPreemption([])).toBeUndefined();
  });
});

describe('how many candidates to look for (calculateNumCandidates)', () => {
  it.each([
    [50, {}, 50],
    [500, {}, 100],
    [5000, {}, 500],
    [5000, { minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 10 }, 10],
  ])('%i nodes with %o: %i', (nodes, args, want) => expect(numCandidates(nodes, args)).toBe(want));
});

describe('PodDisruptionBudgets in preemption', () => {
  const pdb = (spec: PodDisruptionBudget['spec'], status?: PodDisruptionBudget['status']): PodDisruptionBudget => ({
    metadata: { name: 'db', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'db' } }, ...spec },
    ...(status && { status }),
  });
  const table: Array<[string, PodDisruptionBudget['spec'], number, number, number]> = [
    ['minAvailable as a number', { minAvailable: 2 }, 3, 3, 1],
    ['minAvailable as a percentage, rounded up', { minAvailable: '50%' }, 3, 3, 1],
    ['maxUnavailable as a number', { maxUnavailable: 1 }, 3, 3, 1],
    ['maxUnavailable counts the pods that should exist, not only the healthy ones', { maxUnavailable: 1 }, 3, 2, 0],
    ['maxUnavailable as a percentage, rounded up', { maxUnavailable: '10%' }, 10, 10, 1],
    ['never below zero', { minAvailable: 5 }, 3, 3, 0],
    ['nothing expected: nothing allowed', { maxUnavailable: 1 }, 0, 0, 0],
  ];
  it.each(table)('disruptions allowed: %s', (_name, spec, expected, healthy, want) => {
    expect(disruptionsAllowed(pdb(spec), expected, healthy)).toBe(want);
  });

  it('counts placed pods that are Ready (or report nothing) as healthy, and pods to place as expected', () => {
    const db = (name: string, ready?: boolean) => ({
      ...running(pod(name, { labels: { app: 'db' } }), 'h1'),
      ...(ready !== undefined && { status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } }),
    });
    const [b] = disruptionBudgets([pdb({ minAvailable: 2 })], [db('db-0', true), db('db-1'), db('db-2', false), running(pod('web'), 'h1')], [pod('db-3', { labels: { app: 'db' } })]);
    expect(b.allowed).toBe(0);
    const [given] = disruptionBudgets([pdb({ minAvailable: 2 }, { disruptionsAllowed: 4, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 })], [], []);
    expect(given.allowed).toBe(4);
  });

  it('splits victims, most important first, into those a budget protects and the others', () => {
    const budgets = disruptionBudgets([pdb({}, { disruptionsAllowed: 1, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, disruptedPods: { 'db-9': '2026-01-01T00:00:00Z' } })], [], []);
    const pods = [victim('db-0', 10, 0, { app: 'db' }), victim('db-9', 5, 0, { app: 'db' }), victim('web', 5), victim('db-1', 1, 0, { app: 'db' })];
    const [violating, nonViolating] = filterPodsWithPDBViolation(pods, budgets);
    // db-0 spends the one disruption; db-9 is already being disrupted; db-1 would break the budget.
    expect(violating.map((p) => p.key)).toEqual(['default/db-1']);
    expect(nonViolating.map((p) => p.key)).toEqual(['default/db-0', 'default/db-9', 'default/web']);
  });
});

describe('preemption keeps topology spread counts right', () => {
  it('frees a domain by evicting matching pods of lower priority, and counts them gone afterwards', () => {
    const zone = (z: string) => ({ labels: { 'topology.kubernetes.io/zone': z } });
    const nodes = [node('h1', zone('a')), node('h2', zone('b')), node('h3', zone('b'))];
    const spread = { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' as const, labelSelector: { matchLabels: { app: 'web' } } }] };
    const web = (name: string, priority: number, cpu: string) => pod(name, { labels: { app: 'web' }, requests: { cpu }, spec: { priority, ...spread } });
    // Zone a holds one low web pod and room; zone b is full (h2 by a low filler, h3 by a high one) and has one web.
    const assigned = [
      running(web('web-low', 5, '100m'), 'h1'),
      running(web('web-b', 100, '100m'), 'h3'),
      running(pod('filler', { requests: { cpu: '4' }, spec: { priority: 1 } }), 'h2'),
      running(pod('big', { requests: { cpu: '3900m' }, spec: { priority: 100 } }), 'h3'),
    ];
    // web-1 fits in zone a (counts a: 2, b: 1). web-2 does not: a would be 3 against b's 1, and b is full. Evicting
    // web-low (priority 5) would do on h1, evicting filler (priority 1) on h2: the less important victim goes.
    const out = schedule({ pods: [web('web-1', 100, '100m'), web('web-2', 100, '100m')], nodes, assigned });
    expect(out.bindings.slice(0, 2)).toEqual([
      { pod: 'default/web-1', node: 'h1' },
      { pod: 'default/web-2', node: 'h2' },
    ]);
    expect(out.preemptions).toEqual([{ pod: 'default/web-2', node: 'h2', victims: ['default/filler'] }]);
  });
});
