import { describe, expect, it } from 'vitest';
import { balancedCpuMemory, balancedResourceScore } from '../../../../../src/scheduler/plugins/noderesources/balancedallocation';
import { node, pod, running, scores } from '../../fixtures';

describe('BalancedAllocation', () => {
  it.each([
    ['equal fractions score 100', [2000, 4], [4000, 8], 100],
    ['two fractions: 1 − |a − b| / 2', [1000, 6], [4000, 8], Math.trunc((1 - Math.abs(0.25 - 0.75) / 2) * 100)],
    ['fractions are capped at 1', [8000, 0], [4000, 8], 50],
    ['a resource the node lacks is left out', [1000, 5], [4000, 0], 100],
    [
      'three resources use the standard deviation',
      [1, 2, 3],
      [4, 4, 4],
      Math.trunc((1 - Math.sqrt(((0.25 - 0.5) ** 2 + 0 + (0.75 - 0.5) ** 2) / 3)) * 100),
    ],
  ])('%s', (_name, requested, allocatable, want) => {
    expect(balancedResourceScore(requested, allocatable)).toBe(want);
  });

  it('the cpu-and-memory shortcut agrees with the general formula', () => {
    for (const [rc, ac, rm, am] of [[1000, 4000, 3, 8], [0, 4000, 0, 8], [7000, 4000, 1, 8], [5, 0, 5, 8]]) {
      expect(balancedCpuMemory(rc, ac, rm, am)).toBe(balancedResourceScore([rc, rm], [ac, am]));
    }
  });

  it('counts what pods really request, without the non-zero defaults', () => {
    // h1 (4 cpu, 8Gi) runs 2 cpu and nothing of memory: placing 0 cpu / 4Gi makes it 0.5 / 0.5.
    const out = scores('NodeResourcesBalancedAllocation', pod('p', { requests: { memory: '4Gi' } }), [node('h1'), node('h2')], [
      running(pod('x', { requests: { cpu: '2' } }), 'h1'),
    ]);
    expect(out).toEqual({ h1: 100, h2: 75 });
  });
});
