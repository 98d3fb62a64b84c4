import type { NodeSelectorRequirement, NodeSelectorTerm, PodSpec } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import {
  nodeFieldRequirementMatches,
  nodeLabelsMatch,
  nodeSelectorMatches,
  nodeSelectorRequirementMatches,
  nodeSelectorTermMatches,
  requiredNodeAffinityMatches,
  type NodeFields,
} from '../../../src/manifest';

const labels = { zone: 'a', disk: 'ssd', cores: '16', big: '9007199254740993' };
const h1: NodeFields = { name: 'h1', labels };
const zoneIn = (...values: string[]): NodeSelectorRequirement => ({ key: 'zone', operator: 'In', values });
const nameIs = (operator: string, ...values: string[]): NodeSelectorRequirement => ({ key: 'metadata.name', operator, values });

describe('a node selector requirement against node labels', () => {
  it.each<[string, NodeSelectorRequirement, boolean]>([
    ['In matches a listed value', zoneIn('a', 'b'), true],
    ['In does not match an unlisted value', zoneIn('b'), false],
    ['In does not match a missing label', { key: 'rack', operator: 'In', values: ['1'] }, false],
    ['NotIn matches an unlisted value', { key: 'zone', operator: 'NotIn', values: ['b'] }, true],
    ['NotIn matches a missing label', { key: 'rack', operator: 'NotIn', values: ['1'] }, true],
    ['NotIn does not match a listed value', { key: 'zone', operator: 'NotIn', values: ['a'] }, false],
    ['Exists matches a present label', { key: 'disk', operator: 'Exists' }, true],
    ['Exists does not match a missing label', { key: 'rack', operator: 'Exists' }, false],
    ['DoesNotExist matches a missing label', { key: 'rack', operator: 'DoesNotExist' }, true],
    ['DoesNotExist does not match a present label', { key: 'disk', operator: 'DoesNotExist' }, false],
    ['Gt compares integers', { key: 'cores', operator: 'Gt', values: ['8'] }, true],
    ['Gt is strict', { key: 'cores', operator: 'Gt', values: ['16'] }, false],
    ['Lt compares integers, not strings', { key: 'cores', operator: 'Lt', values: ['100'] }, true],
    ['Lt takes a signed value', { key: 'cores', operator: 'Lt', values: ['+17'] }, true],
    ['Gt is exact beyond 2^53', { key: 'big', operator: 'Gt', values: ['9007199254740992'] }, true],
    ['Gt does not match a value beyond int64', { key: 'cores', operator: 'Gt', values: ['9223372036854775808'] }, false],
    ['Lt does not match a value beyond int64', { key: 'cores', operator: 'Lt', values: ['9223372036854775808'] }, false],
    ['Gt needs an integer label value', { key: 'zone', operator: 'Gt', values: ['1'] }, false],
    ['Gt needs an integer value', { key: 'cores', operator: 'Gt', values: ['1.5'] }, false],
    ['Gt needs exactly one value', { key: 'cores', operator: 'Gt', values: ['1', '2'] }, false],
    ['Gt does not match a missing label', { key: 'rack', operator: 'Gt', values: ['1'] }, false],
    ['an unknown operator matches nothing', { key: 'zone', operator: 'Like', values: ['a'] }, false],
    ['a label inherited from Object.prototype is not a label', { key: 'constructor', operator: 'Exists' }, false],
  ])('%s', (_name, r, want) => {
    expect(nodeSelectorRequirementMatches(r, labels)).toBe(want);
  });
});

describe('a matchFields requirement against the node name', () => {
  it.each<[string, NodeSelectorRequirement, boolean]>([
    ['metadata.name In the node name matches', nameIs('In', 'h1'), true],
    ['metadata.name In another name does not', nameIs('In', 'h2'), false],
    ['metadata.name NotIn another name matches', nameIs('NotIn', 'h2'), true],
    ['metadata.name NotIn the node name does not', nameIs('NotIn', 'h1'), false],
    ['more than one value matches nothing, as in Kubernetes', nameIs('In', 'h1', 'h2'), false],
    ['another operator matches nothing', nameIs('Exists'), false],
    ['another field matches nothing', { key: 'spec.unschedulable', operator: 'In', values: ['h1'] }, false],
  ])('%s', (_name, r, want) => {
    expect(nodeFieldRequirementMatches(r, 'h1')).toBe(want);
  });
});

describe('node selector terms', () => {
  it.each<[string, NodeSelectorTerm, boolean]>([
    ['one requirement that holds', { matchExpressions: [zoneIn('a')] }, true],
    ['requirements are ANDed', { matchExpressions: [zoneIn('a'), { key: 'disk', operator: 'In', values: ['hdd'] }] }, false],
    ['expressions and fields are ANDed', { matchExpressions: [zoneIn('a')], matchFields: [nameIs('In', 'h2')] }, false],
    ['expressions and fields that both hold', { matchExpressions: [zoneIn('a')], matchFields: [nameIs('In', 'h1')] }, true],
    ['an empty term matches nothing', {}, false],
    ['a term of empty lists matches nothing', { matchExpressions: [], matchFields: [] }, false],
  ])('%s', (_name, term, want) => {
    expect(nodeSelectorTermMatches(term, h1)).toBe(want);
  });

  it.each<[string, NodeSelectorTerm[], boolean]>([
    ['terms are ORed', [{ matchExpressions: [zoneIn('b')] }, { matchExpressions: [{ key: 'disk', operator: 'Exists' }] }], true],
    ['no term that holds', [{ matchExpressions: [zoneIn('b')] }, {}], false],
    ['no terms match nothing', [], false],
  ])('a node selector: %s', (_name, nodeSelectorTerms, want) => {
    expect(nodeSelectorMatches({ nodeSelectorTerms }, h1)).toBe(want);
  });
});

describe('spec.nodeSelector', () => {
  it.each<[string, Record<string, string> | undefined, boolean]>([
    ['no selector', undefined, true],
    ['an empty selector', {}, true],
    ['a matching pair', { zone: 'a' }, true],
    ['all pairs matching', { zone: 'a', disk: 'ssd' }, true],
    ['one pair not matching', { zone: 'a', disk: 'hdd' }, false],
    ['a label the node lacks', { gpu: 'true' }, false],
  ])('%s → %s', (_name, selector, want) => {
    expect(nodeLabelsMatch(selector, labels)).toBe(want);
  });
});

describe('required node affinity of a pod', () => {
  const required = (...matchExpressions: NodeSelectorRequirement[]): Partial<PodSpec> => ({
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } },
  });
  it.each<[string, Partial<PodSpec>, boolean]>([
    ['no selector and no affinity match every node', {}, true],
    ['only preferred affinity matches every node', { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } } }, true],
    ['required affinity that holds', required(zoneIn('a')), true],
    ['required affinity that does not hold', required(zoneIn('b')), false],
    ['nodeSelector and required affinity must both hold', { nodeSelector: { zone: 'b' }, ...required({ key: 'disk', operator: 'Exists' }) }, false],
    ['nodeSelector and required affinity that both hold', { nodeSelector: { zone: 'a' }, ...required({ key: 'disk', operator: 'Exists' }) }, true],
  ])('%s', (_name, spec, want) => {
    expect(requiredNodeAffinityMatches(spec, h1)).toBe(want);
  });
});
