import type { PodSpec } from 'kubernetes-types/core/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import { describe, expect, it } from 'vitest';
import { PriorityClasses, schedule, SYSTEM_CLUSTER_CRITICAL } from '../../../src/scheduler';
import { SchedulingQueue } from '../../../src/scheduler/queue';
import { Snapshot } from '../../../src/scheduler/snapshot';
import { node, pod } from './fixtures';

const pc = (name: string, value: number, extra: Partial<PriorityClass> = {}): PriorityClass => ({
  apiVersion: 'scheduling.k8s.io/v1',
  kind: 'PriorityClass',
  metadata: { name },
  value,
  ...extra,
});

const classes = [pc('high', 1000), pc('never', 500, { preemptionPolicy: 'Never' }), pc('low', -10)];
const withDefault = [...classes, pc('default-a', 7, { globalDefault: true }), pc('default-b', 3, { globalDefault: true })];

describe('resolving a pod’s priority as the Priority admission does', () => {
  const table: Array<[string, Partial<PodSpec>, PriorityClass[], number, string]> = [
    ['a named class gives its value and policy', { priorityClassName: 'high' }, classes, 1000, 'PreemptLowerPriority'],
    ['a class with preemptionPolicy Never makes the pod non-preempting', { priorityClassName: 'never' }, classes, 500, 'Never'],
    ['negative values are allowed', { priorityClassName: 'low' }, classes, -10, 'PreemptLowerPriority'],
    ['no class and no global default: 0', {}, classes, 0, 'PreemptLowerPriority'],
    ['no class: the global default, the lowest when several claim it', {}, withDefault, 3, 'PreemptLowerPriority'],
    ['the system classes exist without being written', { priorityClassName: 'system-cluster-critical' }, [], SYSTEM_CLUSTER_CRITICAL, 'PreemptLowerPriority'],
    ['spec.priority, already resolved, wins', { priority: 42, priorityClassName: 'high' }, classes, 42, 'PreemptLowerPriority'],
    ['spec.preemptionPolicy wins over the class', { priorityClassName: 'high', preemptionPolicy: 'Never' }, classes, 1000, 'Never'],
    ['a class that does not exist counts as none', { priorityClassName: 'nope' }, withDefault, 3, 'PreemptLowerPriority'],
  ];
  it.each(table)('%s', (_name, spec, list, priority, preemptionPolicy) => {
    expect(new PriorityClasses(list).resolve({ containers: [], ...spec })).toEqual({ priority, preemptionPolicy });
  });
});

describe('the scheduling queue', () => {
  it('gives higher priority first and keeps input order among equals, with late arrivals at the end of their level', () => {
    const snapshot = new Snapshot([node('h1')], [], classes);
    const info = (name: string, priorityClassName?: string) => snapshot.groups.info(pod(name, { spec: { priorityClassName } }));
    const q = new SchedulingQueue([info('a'), info('b', 'low'), info('c', 'high'), info('d'), info('e', 'high')]);
    const order: string[] = [q.pop()!.key, q.pop()!.key];
    q.add(info('late-zero'));
    q.add(info('late-high', 'high'));
    for (let p = q.pop(); p; p = q.pop()) order.push(p.key);
    expect(order.map((k) => k.slice('default/'.length))).toEqual(['c', 'e', 'late-high', 'a', 'd', 'late-zero', 'b']);
  });
});

describe('schedule in priority order', () => {
  it('places the higher-priority pod first when only one fits, whatever the input order', () => {
    const pods = [pod('batch', { requests: { cpu: '3' }, spec: { priorityClassName: 'low' } }), pod('web', { requests: { cpu: '3' }, spec: { priorityClassName: 'high' } })];
    const out = schedule({ pods, nodes: [node('h1')], assigned: [], priorityClasses: classes });
    expect(out.bindings).toEqual([{ pod: 'default/web', node: 'h1' }]);
    expect(out.unschedulable.map((u) => u.pod)).toEqual(['default/batch']);
  });

  it('groups pods apart by class, so identical specs of different priority are scheduled apart', () => {
    const spec = (priorityClassName: string) => ({ requests: { cpu: '3' }, labels: { app: 'x' }, spec: { priorityClassName } });
    const out = schedule({ pods: [pod('a', spec('low')), pod('b', spec('high'))], nodes: [node('h1')], assigned: [], priorityClasses: classes });
    expect(out.bindings.map((b) => b.pod)).toEqual(['default/b']);
  });
});
