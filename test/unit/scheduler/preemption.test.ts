import type { Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import { describe, expect, it } from 'vitest';
import { schedule, type ScheduleInput } from '../../../src/scheduler';
import { node, pod, running, type PodOptions } from './fixtures';

const HOST = 'kubernetes.io/hostname';
const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
const NO_VICTIMS = 'No preemption victims found for incoming pod';

const classes: PriorityClass[] = [
  ['critical', 1000],
  ['high', 100],
  ['mid', 50],
  ['low', 10],
].map(([name, value]) => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: name as string }, value: value as number }));

/** A pod of a class that requests `cpu`. */
const p = (name: string, priorityClassName: string, cpu: string, o: PodOptions = {}): Pod =>
  pod(name, { requests: { cpu }, ...o, spec: { priorityClassName, ...o.spec } });

const run = (input: Partial<ScheduleInput>) => schedule({ pods: [], nodes: [], assigned: [], priorityClasses: classes, ...input });

describe('preemption (DefaultPreemption)', () => {
  it('evicts lower-priority pods from a full host, binds the preemptor there and places the victim again', () => {
    const out = run({
      pods: [p('web', 'high', '3')],
      nodes: [node('h1'), node('h2', { cpu: '2' })],
      assigned: [running(p('batch', 'low', '3'), 'h1'), running(p('side', 'low', '1'), 'h2')],
    });
    expect(out.preemptions).toEqual([{ pod: 'default/web', node: 'h1', victims: ['default/batch'] }]);
    expect(out.bindings[0]).toEqual({ pod: 'default/web', node: 'h1' });
    // The victim fits nowhere now (h2 has 1 cpu left), and cannot preempt its equals.
    expect(out.unschedulable).toEqual([
      {
        pod: 'default/batch',
        message: `0/2 hosts are available: 2 Insufficient cpu. preemption: 0/2 hosts are available: 2 ${NO_VICTIMS}.`,
        reasons: { 'Insufficient cpu': 2 },
      },
    ]);
  });

  it('evicts no more than needed: pods are reprieved most important first', () => {
    const assigned = [running(p('a', 'low', '1'), 'h1'), running(p('b', 'mid', '1'), 'h1'), running(p('c', 'low', '2'), 'h1')];
    const out = run({ pods: [p('web', 'high', '2')], nodes: [node('h1')], assigned });
    // Taking off a, b and c frees 4; putting b back (mid, the most important) leaves 3, then a leaves 2: c must go.
    expect(out.preemptions).toEqual([{ pod: 'default/web', node: 'h1', victims: ['default/c'] }]);
  });

  it('never preempts pods of equal or higher priority', () => {
    const out = run({ pods: [p('web', 'mid', '2')], nodes: [node('h1')], assigned: [running(p('x', 'mid', '2'), 'h1'), running(p('y', 'high', '2'), 'h1')] });
    expect(out.preemptions).toEqual([]);
    expect(out.unschedulable[0].message).toBe(`0/1 hosts are available: 1 Insufficient cpu. preemption: 0/1 hosts are available: 1 ${NO_VICTIMS}.`);
  });

  it('honors preemptionPolicy Never with Kubernetes’ message', () => {
    const never: PriorityClass = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'polite' }, value: 500, preemptionPolicy: 'Never' };
    const out = run({ pods: [p('web', 'polite', '3')], nodes: [node('h1')], assigned: [running(p('x', 'low', '3'), 'h1')], priorityClasses: [...classes, never] });
    expect(out.preemptions).toEqual([]);
    expect(out.unschedulable[0].message).toBe('0/1 hosts are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
  });

  it('does not try hosts where evicting cannot help (taints, labels, cordons) and says so', () => {
    const nodes = [node('h1', { spec: { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] } }), node('h2'), node('h3', { spec: { unschedulable: true } })];
    const assigned = [running(p('x', 'low', '3'), 'h1'), running(p('y', 'high', '3'), 'h2'), running(p('z', 'low', '3'), 'h3')];
    const out = run({ pods: [p('web', 'mid', '3')], nodes, assigned });
    expect(out.preemptions).toEqual([]);
    expect(out.unschedulable[0].message).toBe(
      '0/3 hosts are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {k: v}, 1 node(s) were unschedulable. ' +
        `preemption: 0/3 hosts are available: 1 ${NO_VICTIMS}, 2 ${NOT_HELPFUL}.`,
    );
  });

  it('names what still blocks a host after every lower-priority pod is gone', () => {
    const antiAffinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } }, topologyKey: HOST }] } };
    const assigned = [running(p('db-0', 'critical', '100m', { labels: { app: 'db' } }), 'h1'), running(p('x', 'low', '3'), 'h1')];
    const out = run({ pods: [p('web', 'high', '3', { spec: { affinity: antiAffinity } })], nodes: [node('h1')], assigned });
    // Filters stop at a node's first rejection, so the cycle saw the cpu; without x, the anti-affinity remains.
    expect(out.unschedulable[0].message).toBe(
      "0/1 hosts are available: 1 Insufficient cpu. preemption: 0/1 hosts are available: 1 node(s) didn't match pod anti-affinity rules.",
    );
  });

  it('evicts a lower-priority pod that the preemptor’s anti-affinity rejects', () => {
    const antiAffinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { role: 'noisy' } }, topologyKey: HOST }] } };
    const assigned = [running(p('noisy', 'low', '100m', { labels: { role: 'noisy' } }), 'h1')];
    const out = run({ pods: [p('web', 'high', '100m', { spec: { affinity: antiAffinity } })], nodes: [node('h1')], assigned });
    expect(out.preemptions).toEqual([{ pod: 'default/web', node: 'h1', victims: ['default/noisy'] }]);
    // The victim, placed again, now meets web's anti-affinity the other way round.
    expect(out.unschedulable.map((u) => u.pod)).toEqual(['default/noisy']);
    expect(out.unschedulable[0].message).toContain("1 node(s) didn't satisfy existing pods anti-affinity rules");
  });

  it('chooses the host with the least important victims, then the fewest', () => {
    const nodes = [node('h1'), node('h2'), node('h3')];
    const assigned = [
      running(p('m', 'mid', '4'), 'h1'), // one victim of priority 50
      running(p('l1', 'low', '2'), 'h2'), // two victims of priority 10
      running(p('l2', 'low', '2'), 'h2'),
      running(p('l3', 'low', '4'), 'h3'), // one victim of priority 10: the best
    ];
    const out = run({ pods: [p('web', 'high', '4')], nodes, assigned });
    expect(out.preemptions).toEqual([{ pod: 'default/web', node: 'h3', victims: ['default/l3'] }]);
  });

  it('moves the victim to another host when one has room, in the same pass', () => {
    const out = run({
      pods: [p('web', 'high', '3')],
      nodes: [node('h1'), node('h2', { cpu: '2' })],
      assigned: [running(p('batch', 'low', '2'), 'h1'), running(p('other', 'high', '1'), 'h1')],
      config: { percentageOfNodesToScore: 100 },
    });
    expect(out.preemptions).toEqual([{ pod: 'default/web', node: 'h1', victims: ['default/batch'] }]);
    expect(out.bindings).toEqual([
      { pod: 'default/web', node: 'h1' },
      { pod: 'default/batch', node: 'h2' },
    ]);
  });

  it('leaves everything as it was when preemption finds nothing, so later pods schedule as before', () => {
    const assigned = [running(p('x', 'low', '3'), 'h1')];
    const pods = [p('huge', 'high', '8'), p('small', 'low', '1')];
    const out = run({ pods, nodes: [node('h1')], assigned });
    expect(out.bindings).toEqual([{ pod: 'default/small', node: 'h1' }]);
    expect(out.preemptions).toEqual([]);
  });

  it('adds no preemption message when DefaultPreemption is disabled', () => {
    const out = run({ pods: [p('web', 'high', '3')], nodes: [node('h1')], assigned: [running(p('x', 'low', '3'), 'h1')], config: { plugins: { disabled: ['DefaultPreemption'] } } });
    expect(out.preemptions).toEqual([]);
    expect(out.unschedulable[0].message).toBe('0/1 hosts are available: 1 Insufficient cpu.');
  });
});

describe('preemption and PodDisruptionBudgets', () => {
  const pdb = (name: string, app: string, spec: PodDisruptionBudget['spec'], status?: PodDisruptionBudget['status']): PodDisruptionBudget => ({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: 'default' },
    spec: { selector: { matchLabels: { app } }, ...spec },
    ...(status && { status }),
  });
  const two = () => [node('h1'), node('h2')];
  const assigned = () => [running(p('db-0', 'low', '4', { labels: { app: 'db' } }), 'h1'), running(p('cache-0', 'mid', '4', { labels: { app: 'cache' } }), 'h2')];

  it('prefers a host whose victims no budget protects, even of higher priority', () => {
    const out = run({ pods: [p('web', 'high', '4')], nodes: two(), assigned: assigned(), podDisruptionBudgets: [pdb('db', 'db', { minAvailable: 1 })] });
    expect(out.preemptions).toEqual([
      { pod: 'default/web', node: 'h2', victims: ['default/cache-0'] },
      // Placed again, the victim may preempt in turn: only db-0 is left below it, so its budget gives way.
      { pod: 'default/cache-0', node: 'h1', victims: ['default/db-0'] },
    ]);
    expect(out.unschedulable.map((u) => u.pod)).toEqual(['default/db-0']);
  });

  it('breaks a budget as a last resort, when every choice would', () => {
    const budgets = [pdb('db', 'db', { minAvailable: 1 }), pdb('cache', 'cache', { maxUnavailable: 0 })];
    const out = run({ pods: [p('web', 'high', '4')], nodes: two(), assigned: assigned(), podDisruptionBudgets: budgets });
    // Both break one budget: then the least important victim decides.
    expect(out.preemptions).toEqual([{ pod: 'default/web', node: 'h1', victims: ['default/db-0'] }]);
  });

  it('takes status.disruptionsAllowed as given, and spends it across the pass', () => {
    const nodes = [node('h1'), node('h2'), node('h3')];
    const dbs = ['h1', 'h2', 'h3'].map((h, i) => running(p(`db-${i}`, 'low', '4', { labels: { app: 'db' } }), h));
    const budget = pdb('db', 'db', { minAvailable: 0 }, { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 });
    const out = run({ pods: [p('a', 'high', '4'), p('b', 'high', '4')], nodes, assigned: dbs, podDisruptionBudgets: [budget] });
    // Both preempt (as a last resort the second time), one db pod each.
    expect(out.preemptions.map((x) => x.victims)).toEqual([['default/db-0'], ['default/db-1']]);
  });
});
