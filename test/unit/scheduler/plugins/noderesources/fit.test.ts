import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { Code } from '../../../../../src/scheduler/status';
import { filter, node, pod, running } from '../../fixtures';

// h1: 2 cpu, 4Gi, 3 pods, 10Gi ephemeral storage; already running 1 cpu and 1Gi.
const h1 = node('h1', { cpu: '2', memory: '4Gi', pods: '3', ephemeral: '10Gi' });
const base = running(pod('base', { requests: { cpu: '1', memory: '1Gi' } }), 'h1');

describe('NodeResourcesFit filter', () => {
  it.each([
    ['a pod within what is left fits', pod('p', { requests: { cpu: '1', memory: '3Gi' } }), [base], []],
    ['one millicore too many does not fit', pod('p', { requests: { cpu: '1001m' } }), [base], ['Insufficient cpu']],
    ['too much memory does not fit', pod('p', { requests: { memory: '3073Mi' } }), [base], ['Insufficient memory']],
    ['every short resource is a reason', pod('p', { requests: { cpu: '2', memory: '4Gi' } }), [base], ['Insufficient cpu', 'Insufficient memory']],
    ['too much ephemeral storage does not fit', pod('p', { requests: { 'ephemeral-storage': '11Gi' } }), [base], ['Insufficient ephemeral-storage']],
    ['limits without requests count as requests', pod('p', { limits: { cpu: '1500m' } }), [base], ['Insufficient cpu']],
    [
      'the pod count is limited by allocatable pods',
      pod('p'),
      [base, running(pod('b'), 'h1'), running(pod('c'), 'h1')],
      ['Too many pods'],
    ],
    [
      'a full node reports the pod count before resources',
      pod('p', { requests: { cpu: '2' } }),
      [base, running(pod('b'), 'h1'), running(pod('c'), 'h1')],
      ['Too many pods', 'Insufficient cpu'],
    ],
    ['a pod requesting nothing only needs a pod slot', pod('p'), [running(pod('big', { requests: { cpu: '2', memory: '4Gi' } }), 'h1')], []],
  ] as [string, Pod, Pod[], string[]][])('%s', (_name, p, assigned, reasons) => {
    const out = filter('NodeResourcesFit', p, 'h1', [h1], assigned);
    expect(out.code).toBe(reasons.length ? Code.Unschedulable : Code.Success);
    expect(out.reasons).toEqual(reasons);
  });

  it('a resource the node does not declare (not reported yet) limits nothing', () => {
    const unknown = node('h1');
    delete unknown.status!.allocatable!.cpu;
    delete unknown.status!.capacity!.cpu;
    expect(filter('NodeResourcesFit', pod('p', { requests: { cpu: '64' } }), 'h1', [unknown]).code).toBe(Code.Success);
  });
});
