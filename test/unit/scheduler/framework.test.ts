import { describe, expect, it } from 'vitest';
import { numFeasibleNodesToFind } from '../../../src/scheduler/framework';
import { DEFAULT_PLUGINS, resolvePlugins } from '../../../src/scheduler/registry';
import { MinDomainCounter, TopologyDomains } from '../../../src/scheduler/topology';
import { node } from './fixtures';

describe('how many feasible nodes to find before scoring', () => {
  it.each([
    [50, 0, 50],
    [100, 0, 100],
    [1000, 0, 420],
    [3000, 0, 780],
    [5000, 0, 500],
    [10000, 0, 500],
    [200, 0, 100],
    [5000, 100, 5000],
    [5000, 1, 100],
    [5000, 30, 1500],
  ])('%i nodes at %i%% (0 = adaptive): %i', (nodes, pct, want) => {
    expect(numFeasibleNodesToFind(nodes, pct)).toBe(want);
  });
});

describe('the plugin registry', () => {
  it('enables kube-scheduler’s default profile with its weights', () => {
    expect(resolvePlugins()).toEqual(DEFAULT_PLUGINS);
    expect(Object.fromEntries(resolvePlugins().filter((p) => p.weight).map((p) => [p.name, p.weight]))).toEqual({
      TaintToleration: 3,
      NodeAffinity: 2,
      NodeResourcesFit: 1,
      PodTopologySpread: 2,
      InterPodAffinity: 2,
      NodeResourcesBalancedAllocation: 1,
      ImageLocality: 1,
    });
  });

  it('disables plugins, or all of them with "*", and enables or reweighs others', () => {
    expect(resolvePlugins({ plugins: { disabled: ['ImageLocality'] } }).map((p) => p.name)).not.toContain('ImageLocality');
    expect(resolvePlugins({ plugins: { disabled: ['*'], enabled: [{ name: 'NodeResourcesFit' }] } })).toEqual([{ name: 'NodeResourcesFit', weight: 1 }]);
    expect(resolvePlugins({ plugins: { enabled: [{ name: 'ImageLocality', weight: 5 }] } }).find((p) => p.name === 'ImageLocality')?.weight).toBe(5);
  });

  it('rejects a plugin it does not know, with a stable code', () => {
    expect(() => resolvePlugins({ plugins: { enabled: [{ name: 'Bogus' as never }] } })).toThrow(expect.objectContaining({ code: 'SchedulerConfigError' }));
  });
});

describe('per-domain counts', () => {
  it('keep the minimum over eligible domains as pods are added', () => {
    const nodes = ['a', 'a', 'b', 'c'].map((z, i) => node(`h${i}`, { labels: { zone: z } }));
    const d = new TopologyDomains('zone', nodes);
    // h3 (zone c) is not eligible: its domain does not count for the minimum.
    const c = new MinDomainCounter(d, Uint8Array.from([1, 1, 1, 0]));
    expect([c.eligibleDomains, c.min]).toEqual([2, 0]);
    c.add(0);
    expect(c.min).toBe(0);
    c.add(3);
    expect([c.at(3), c.min]).toEqual([0, 0]);
    c.add(2);
    expect([c.at(0), c.at(1), c.at(2), c.min]).toEqual([1, 1, 1, 1]);
    c.add(1);
    c.add(2);
    expect(c.min).toBe(2);
  });
});
