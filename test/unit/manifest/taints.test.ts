import type { Node, Taint, Toleration } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import {
  findMatchingUntoleratedTaint,
  isDoNotScheduleTaint,
  nodeTaints,
  toleratesTaint,
  tolerationsTolerateTaint,
  TAINT_NODE_UNSCHEDULABLE,
} from '../../../src/manifest';

const dedicated: Taint = { key: 'dedicated', value: 'db', effect: 'NoSchedule' };
const maintenance: Taint = { key: 'maintenance', effect: 'NoExecute' };
const spot: Taint = { key: 'spot', value: 'yes', effect: 'PreferNoSchedule' };

describe('a toleration against a taint', () => {
  it.each<[string, Toleration, boolean]>([
    ['Equal with the same key, value and effect', { key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }, true],
    ['Equal is the default operator', { key: 'dedicated', value: 'db' }, true],
    ['an empty operator means Equal', { key: 'dedicated', operator: '', value: 'db' }, true],
    ['Equal with another value', { key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }, false],
    ['Equal with no value against a valued taint', { key: 'dedicated', operator: 'Equal' }, false],
    ['Exists with the same key, any value', { key: 'dedicated', operator: 'Exists' }, true],
    ['Exists with the same effect', { key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }, true],
    ['Exists with another effect', { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, false],
    ['Exists with no key tolerates everything', { operator: 'Exists' }, true],
    ['Exists with no key but an effect tolerates only that effect', { operator: 'Exists', effect: 'NoExecute' }, false],
    ['another key', { key: 'gpu', operator: 'Exists' }, false],
    ['an operator Kubernetes does not know tolerates nothing', { key: 'dedicated', operator: 'Gt', value: 'db' }, false],
  ])('%s → %s', (_name, toleration, want) => {
    expect(toleratesTaint(toleration, dedicated)).toBe(want);
  });

  it.each<[string, Taint, boolean]>([
    ['a taint without value is tolerated by Equal without value', { key: 'k', effect: 'NoSchedule' }, true],
    ['a taint with an empty value is tolerated by Equal without value', { key: 'k', value: '', effect: 'NoSchedule' }, true],
    ['a taint with a value is not', { key: 'k', value: 'v', effect: 'NoSchedule' }, false],
  ])('%s', (_name, taint, want) => {
    expect(toleratesTaint({ key: 'k' }, taint)).toBe(want);
  });
});

describe('tolerations against taints', () => {
  it.each<[string, Toleration[] | undefined, boolean]>([
    ['no tolerations', undefined, false],
    ['an empty list', [], false],
    ['one of several tolerates', [{ key: 'gpu', operator: 'Exists' }, { key: 'dedicated', operator: 'Exists' }], true],
  ])('%s → %s', (_name, tolerations, want) => {
    expect(tolerationsTolerateTaint(tolerations, dedicated)).toBe(want);
  });

  it.each<[string, Taint, boolean]>([
    ['NoSchedule keeps pods off', dedicated, true],
    ['NoExecute keeps pods off', maintenance, true],
    ['PreferNoSchedule only scores', spot, false],
  ])('%s', (_name, taint, want) => {
    expect(isDoNotScheduleTaint(taint)).toBe(want);
  });

  it.each<[string, Taint[], Toleration[] | undefined, Taint | undefined]>([
    ['no taints', [], undefined, undefined],
    ['PreferNoSchedule is ignored when deciding where a pod may run', [spot], [], undefined],
    ['the first untolerated taint, in the node’s order', [dedicated, maintenance], [{ key: 'dedicated', operator: 'Exists' }], maintenance],
    ['the first of several untolerated taints', [maintenance, dedicated], [], maintenance],
    ['every taint tolerated', [dedicated, maintenance], [{ operator: 'Exists' }], undefined],
  ])('the untolerated taint: %s', (_name, taints, tolerations, want) => {
    expect(findMatchingUntoleratedTaint(taints, tolerations)).toBe(want);
  });

  it('takes another filter, e.g. PreferNoSchedule only', () => {
    expect(findMatchingUntoleratedTaint([dedicated, spot], [], (t) => t.effect === 'PreferNoSchedule')).toBe(spot);
  });
});

describe('the taints of a node', () => {
  const cordon = { key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' };
  const node = (spec: Node['spec']): Node => ({ metadata: { name: 'h1' }, spec });
  it.each<[string, Node['spec'], Taint[]]>([
    ['no taints', undefined, []],
    ['the taints of its spec', { taints: [dedicated] }, [dedicated]],
    ['a cordoned node gets node.kubernetes.io/unschedulable:NoSchedule', { unschedulable: true, taints: [dedicated] }, [dedicated, cordon]],
    ['a cordoned node that has the taint already gets it once', { unschedulable: true, taints: [cordon] }, [cordon]],
  ])('%s', (_name, spec, want) => {
    expect(nodeTaints(node(spec))).toEqual(want);
  });
});
