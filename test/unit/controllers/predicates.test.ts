// The DaemonSet controller's adapters from v1 Nodes to the rules of src/manifest (nodeselector, taints), whose own
// tables are in test/unit/manifest.
import { describe, expect, it } from 'vitest';
import type { Affinity, NodeSelectorTerm, Taint } from 'kubernetes-types/core/v1';
import {
  findUntoleratedTaint,
  labelRequirementMatches,
  nodeMatchesNodeSelector,
  nodeMatchesRequiredAffinity,
  nodeMatchesSelectorTerm,
  nodeTaints,
  toleratesTaint,
  toleratesTaints,
  TAINT_NODE_UNSCHEDULABLE,
} from '../../../src/controllers';
import { node } from './fixtures';

const h1 = node('h1', { labels: { zone: 'a', disk: 'ssd' } });
const required = (...nodeSelectorTerms: NodeSelectorTerm[]): Affinity => ({
  nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } },
});

describe('node selection of a v1 Node', () => {
  it.each([
    ['no selector', undefined, true],
    ['a pair among the node’s labels', { zone: 'a' }, true],
    ['a pair the node lacks', { zone: 'b' }, false],
  ])('spec.nodeSelector, %s → %s', (_, selector, expected) => {
    expect(nodeMatchesNodeSelector(h1, selector)).toBe(expected);
  });

  it('a node without labels matches only an empty selector', () => {
    expect(nodeMatchesNodeSelector(node('h2'), {})).toBe(true);
    expect(nodeMatchesNodeSelector(node('h2'), { zone: 'a' })).toBe(false);
  });

  it.each<[string, Affinity | undefined, boolean]>([
    ['no affinity', undefined, true],
    ['only preferred affinity', { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } }, true],
    ['a term on the node’s labels', required({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }), true],
    ['a term on the node’s name', required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['h1'] }] }), true],
    ['a term on another name', required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['h2'] }] }), false],
    ['no terms', required(), false],
  ])('required affinity, %s → %s', (_, affinity, expected) => {
    expect(nodeMatchesRequiredAffinity(h1, affinity)).toBe(expected);
  });

  it('matches one term and one requirement as the manifest rules do', () => {
    expect(nodeMatchesSelectorTerm(h1, { matchExpressions: [{ key: 'disk', operator: 'Exists' }] })).toBe(true);
    expect(labelRequirementMatches({ key: 'zone', operator: 'NotIn', values: ['a'] }, { zone: 'a' })).toBe(false);
  });
});

describe('taints of a v1 Node', () => {
  const dedicated: Taint = { key: 'dedicated', value: 'db', effect: 'NoSchedule' };

  it('ignores PreferNoSchedule taints when deciding where a pod may run', () => {
    expect(toleratesTaints([{ key: 'spot', effect: 'PreferNoSchedule' }], [])).toBe(true);
    expect(toleratesTaints([dedicated], [])).toBe(false);
    expect(toleratesTaint({ key: 'dedicated', operator: 'Exists' }, dedicated)).toBe(true);
  });

  it('names the first taint that is not tolerated', () => {
    const noExecute: Taint = { key: 'maintenance', effect: 'NoExecute' };
    expect(findUntoleratedTaint([dedicated, noExecute], [{ key: 'dedicated', operator: 'Exists' }])).toEqual(noExecute);
  });

  it('gives a cordoned node the node.kubernetes.io/unschedulable:NoSchedule taint', () => {
    expect(nodeTaints(node('h1', { unschedulable: true }))).toEqual([{ key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' }]);
    expect(nodeTaints(node('h1'))).toEqual([]);
  });
});
