import { describe, expect, it } from 'vitest';
import type { Affinity, NodeSelectorTerm, Taint, Toleration } from 'kubernetes-types/core/v1';
import {
  findUntoleratedTaint,
  nodeMatchesNodeSelector,
  nodeMatchesRequiredAffinity,
  nodeTaints,
  toleratesTaint,
  toleratesTaints,
} from '../../../src/controllers';
import { node } from './fixtures';

const h1 = node('h1', { labels: { zone: 'a', disk: 'ssd', cores: '8' } });
const required = (...nodeSelectorTerms: NodeSelectorTerm[]): Affinity => ({
  nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } },
});

describe('nodeMatchesNodeSelector', () => {
  it.each([
    ['no selector', undefined, true],
    ['an empty selector', {}, true],
    ['a matching pair', { zone: 'a' }, true],
    ['all pairs matching', { zone: 'a', disk: 'ssd' }, true],
    ['one pair not matching', { zone: 'a', disk: 'hdd' }, false],
    ['a label the node lacks', { gpu: 'true' }, false],
  ])('%s → %s', (_, selector, expected) => {
    expect(nodeMatchesNodeSelector(h1, selector)).toBe(expected);
  });
});

describe('nodeMatchesRequiredAffinity', () => {
  it.each<[string, Affinity | undefined, boolean]>([
    ['no affinity', undefined, true],
    ['only preferred affinity', { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } }, true],
    ['In, value present', required({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }), true],
    ['In, value absent', required({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }), false],
    ['In, label missing', required({ matchExpressions: [{ key: 'rack', operator: 'In', values: ['1'] }] }), false],
    ['NotIn, value listed', required({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }), false],
    ['NotIn, value not listed', required({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['b'] }] }), true],
    ['NotIn, label missing', required({ matchExpressions: [{ key: 'rack', operator: 'NotIn', values: ['1'] }] }), true],
    ['Exists, label present', required({ matchExpressions: [{ key: 'disk', operator: 'Exists' }] }), true],
    ['Exists, label missing', required({ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }), false],
    ['DoesNotExist, label missing', required({ matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] }), true],
    ['DoesNotExist, label present', required({ matchExpressions: [{ key: 'disk', operator: 'DoesNotExist' }] }), false],
    ['Gt, greater', required({ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['4'] }] }), true],
    ['Gt, equal', required({ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }] }), false],
    ['Lt, smaller', required({ matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['16'] }] }), true],
    ['Lt, label not an integer', required({ matchExpressions: [{ key: 'zone', operator: 'Lt', values: ['16'] }] }), false],
    ['Gt, two values', required({ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['1', '2'] }] }), false],
    ['Gt, label missing', required({ matchExpressions: [{ key: 'ram', operator: 'Gt', values: ['1'] }] }), false],
    ['matchFields metadata.name In', required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['h1'] }] }), true],
    ['matchFields metadata.name In, other node', required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['h2'] }] }), false],
    ['matchFields metadata.name NotIn', required({ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['h2'] }] }), true],
    ['matchFields on another field', required({ matchFields: [{ key: 'spec.unschedulable', operator: 'In', values: ['h1'] }] }), false],
    [
      'expressions and fields are ANDed',
      required({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }], matchFields: [{ key: 'metadata.name', operator: 'In', values: ['h2'] }] }),
      false,
    ],
    [
      'terms are ORed',
      required({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }, { matchExpressions: [{ key: 'disk', operator: 'Exists' }] }),
      true,
    ],
    ['an empty term matches nothing', required({}), false],
    ['no terms match nothing', required(), false],
  ])('%s → %s', (_, affinity, expected) => {
    expect(nodeMatchesRequiredAffinity(h1, affinity)).toBe(expected);
  });
});

describe('taints and tolerations', () => {
  const dedicated: Taint = { key: 'dedicated', value: 'db', effect: 'NoSchedule' };

  it.each<[string, Toleration, boolean]>([
    ['Equal with the same key, value and effect', { key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }, true],
    ['Equal by default', { key: 'dedicated', value: 'db' }, true],
    ['Equal with another value', { key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }, false],
    ['Exists with the same key', { key: 'dedicated', operator: 'Exists' }, true],
    ['Exists with another effect', { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, false],
    ['Exists with no key (tolerates everything)', { operator: 'Exists' }, true],
    ['another key', { key: 'gpu', operator: 'Exists' }, false],
    ['an unknown operator', { key: 'dedicated', operator: 'Gt', value: 'db' }, false],
  ])('%s → %s', (_, toleration, expected) => {
    expect(toleratesTaint(toleration, dedicated)).toBe(expected);
  });

  it('ignores PreferNoSchedule taints when deciding where a pod may run', () => {
    expect(toleratesTaints([{ key: 'spot', effect: 'PreferNoSchedule' }], [])).toBe(true);
  });

  it('names the first taint that is not tolerated', () => {
    const noExecute: Taint = { key: 'maintenance', effect: 'NoExecute' };
    expect(findUntoleratedTaint([dedicated, noExecute], [{ key: 'dedicated', operator: 'Exists' }])).toEqual(noExecute);
  });

  it('gives a cordoned node the node.kubernetes.io/unschedulable:NoSchedule taint', () => {
    expect(nodeTaints(node('h1', { unschedulable: true }))).toEqual([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);
    expect(nodeTaints(node('h1'))).toEqual([]);
  });
});
