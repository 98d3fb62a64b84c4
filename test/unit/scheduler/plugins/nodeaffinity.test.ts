import type { NodeSelectorRequirement, PodSpec } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { ERR_REASON_CONFLICT, ERR_REASON_POD, requiredNodeNames } from '../../../../src/scheduler/plugins/nodeaffinity';
import { Code } from '../../../../src/scheduler/status';
import { filter, node, pod, scores } from '../fixtures';

const labels = { zone: 'a', disk: 'ssd', cores: '16' };
const n1 = node('h1', { labels });
const required = (...matchExpressions: NodeSelectorRequirement[]): Partial<PodSpec> => ({
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } },
});

describe('NodeAffinity filter', () => {
  it.each([
    ['a pod without selector or affinity fits', {}, Code.Success],
    ['a nodeSelector the node’s labels satisfy fits', { nodeSelector: { zone: 'a', disk: 'ssd' } }, Code.Success],
    ['a nodeSelector with one label wrong does not fit', { nodeSelector: { zone: 'a', disk: 'hdd' } }, Code.UnschedulableAndUnresolvable],
    ['required affinity the node satisfies fits', required({ key: 'zone', operator: 'In', values: ['a'] }), Code.Success],
    ['requirements in one term are ANDed', required({ key: 'zone', operator: 'In', values: ['a'] }, { key: 'disk', operator: 'In', values: ['hdd'] }), Code.UnschedulableAndUnresolvable],
    [
      'terms are ORed',
      {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }, { matchExpressions: [{ key: 'disk', operator: 'Exists' }] }],
            },
          },
        },
      },
      Code.Success,
    ],
    [
      'an empty term matches nothing',
      { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{}] } } } },
      Code.UnschedulableAndUnresolvable,
    ],
    ['nodeSelector and required affinity must both hold', { nodeSelector: { zone: 'b' }, ...required({ key: 'disk', operator: 'Exists' }) }, Code.UnschedulableAndUnresolvable],
    [
      'matchFields metadata.name In picks the node by name',
      { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['h1'] }] }] } } } },
      Code.Success,
    ],
    [
      'matchFields metadata.name NotIn excludes the node',
      { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['h1'] }] }] } } } },
      Code.UnschedulableAndUnresolvable,
    ],
    [
      'matchFields on another field matches nothing',
      { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.uid', operator: 'In', values: ['x'] }] }] } } } },
      Code.UnschedulableAndUnresolvable,
    ],
  ] as [string, Partial<PodSpec>, Code][])('%s', (_name, spec, code) => {
    const out = filter('NodeAffinity', pod('web', { spec }), 'h1', [n1, node('h2')]);
    expect(out.code).toBe(code);
    if (code !== Code.Success) expect(out.reasons).toEqual([ERR_REASON_POD]);
  });

  it('terms pinned by matchFields to names that do not intersect conflict in PreFilter', () => {
    const spec: Partial<PodSpec> = {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchFields: [
                  { key: 'metadata.name', operator: 'In', values: ['h1'] },
                  { key: 'metadata.name', operator: 'In', values: ['h2'] },
                ],
              },
            ],
          },
        },
      },
    };
    expect(filter('NodeAffinity', pod('web', { spec }), 'h1', [n1, node('h2')])).toEqual({
      code: Code.UnschedulableAndUnresolvable,
      reasons: [ERR_REASON_CONFLICT],
    });
  });

  it.each([
    ['one term pinning names', [[['h1', 'h2']]], ['h1', 'h2']],
    ['requirements in a term intersect', [[['h1', 'h2'], ['h2', 'h3']]], ['h2']],
    ['terms unite', [[['h1']], [['h3']]], ['h1', 'h3']],
  ])('PreFilter narrows to node names: %s', (_name, terms, want) => {
    const spec: PodSpec = {
      containers: [],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: terms.map((reqs) => ({ matchFields: reqs.map((values) => ({ key: 'metadata.name', operator: 'In', values })) })),
          },
        },
      },
    };
    expect([...requiredNodeNames(spec)!].sort()).toEqual(want);
  });

  it('a term without matchFields leaves every node possible', () => {
    expect(requiredNodeNames(pod('x', { spec: required({ key: 'zone', operator: 'Exists' }) }).spec!)).toBeUndefined();
  });
});

describe('NodeAffinity score', () => {
  const preferred: Partial<PodSpec> = {
    affinity: {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 80, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
          { weight: 20, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
        ],
      },
    },
  };

  it('sums the weights of matched preferred terms and normalizes the best to 100', () => {
    const nodes = [node('h1', { labels: { zone: 'a', disk: 'ssd' } }), node('h2', { labels: { zone: 'a' } }), node('h3', { labels: { disk: 'ssd' } }), node('h4')];
    expect(scores('NodeAffinity', pod('web', { spec: preferred }), nodes)).toEqual({ h1: 100, h2: 80, h3: 20, h4: 0 });
  });

  it('is skipped for a pod without preferred terms', () => {
    expect(scores('NodeAffinity', pod('web'), [node('h1')])).toBeNull();
  });
});
