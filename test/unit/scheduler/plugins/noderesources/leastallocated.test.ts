import { describe, expect, it } from 'vitest';
import { leastAllocatedCpuMemory, leastAllocatedScore, leastRequestedScore } from '../../../../../src/scheduler/plugins/noderesources/leastallocated';
import { node, pod, running, scores } from '../../fixtures';

describe('LeastAllocated', () => {
  it.each([
    ['an empty node scores 100', 0, 4000, 100],
    ['a quarter used scores 75', 1000, 4000, 75],
    ['integer division rounds down', 1000, 3000, 66],
    ['full scores 0', 4000, 4000, 0],
    ['over capacity scores 0', 5000, 4000, 0],
    ['no capacity scores 0', 10, 0, 0],
  ])('%s', (_name, requested, capacity, want) => {
    expect(leastRequestedScore(requested, capacity)).toBe(want);
  });

  it('is the weighted mean over resources, skipping those the node does not have', () => {
    expect(leastAllocatedScore([1000, 1], [4000, 4], [1, 1])).toBe(Math.trunc((75 + 75) / 2));
    expect(leastAllocatedScore([1000, 3], [4000, 4], [3, 1])).toBe(Math.trunc((75 * 3 + 25) / 4));
    expect(leastAllocatedScore([1000, 3], [4000, 0], [1, 1])).toBe(75);
    expect(leastAllocatedCpuMemory(1000, 4000, 3, 4)).toBe(leastAllocatedScore([1000, 3], [4000, 4], [1, 1]));
  });

  it('scores nodes through NodeResourcesFit, counting 100m/200Mi for pods that request nothing', () => {
    // h1: 4 cpu, 8Gi, running a pod without requests (counted as 100m, 200Mi); h2 empty.
    const nodes = [node('h1'), node('h2')];
    const out = scores('NodeResourcesFit', pod('p', { requests: { cpu: '1', memory: '2Gi' } }), nodes, [running(pod('x'), 'h1')]);
    const cpu1 = Math.trunc(((4000 - 1100) * 100) / 4000);
    const mem1 = Math.trunc(((8 * 1024 - 2048 - 200) * 100) / (8 * 1024));
    expect(out).toEqual({ h1: Math.trunc((cpu1 + mem1) / 2), h2: Math.trunc((75 + 75) / 2) });
  });
});
