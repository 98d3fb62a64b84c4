import type { Node, Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { describe, expect, it } from 'vitest';
import { schedule, type SchedulerConfig } from '../../../../src/scheduler';
import { PodGroups } from '../../../../src/scheduler/podinfo';
import { spreadConstraints, type SpreadConstraint } from '../../../../src/scheduler/plugins/podtopologyspread/constraints';
import { defaultConstraints, type PodTopologySpreadArgs } from '../../../../src/scheduler/plugins/podtopologyspread/defaults';
import { ERR_REASON_CONSTRAINTS_NOT_MATCH as SKEW } from '../../../../src/scheduler/plugins/podtopologyspread';
import { controllerRef, filter, node, pod, replicaSet, running, scores, type PodOptions } from '../fixtures';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
const RS = controllerRef('ReplicaSet', 'web-1');

/** A Node as the inventory makes it when the host declares no capacity (cluster-repo-template/hosts.yaml). */
const bare = (name: string, zone?: string): Node => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { [HOST]: name, ...(zone && { [ZONE]: zone }) } },
  spec: {},
});
const template = () => [bare('h1', 'a'), bare('h2', 'b'), bare('h3', 'c')];
const soft = (topologyKey: string, maxSkew: number): TopologySpreadConstraint => ({ maxSkew, topologyKey, whenUnsatisfiable: 'ScheduleAnyway' });
const hard = (topologyKey: string, maxSkew: number): TopologySpreadConstraint => ({ maxSkew, topologyKey, whenUnsatisfiable: 'DoNotSchedule' });
const own: TopologySpreadConstraint = { ...soft(ZONE, 1), labelSelector: { matchLabels: { app: 'web' } } };
const LIST_NONE: PodTopologySpreadArgs = { defaultingType: 'List' };
const LIST_HARD: PodTopologySpreadArgs = { defaultingType: 'List', defaultConstraints: [hard(HOST, 1)] };

const summary = (c: SpreadConstraint) =>
  `${c.topologyKey} maxSkew ${c.maxSkew} ${c.siblingsOf ? `siblings of ${c.siblingsOf}` : 'own selector'}`;
const constraintsOf = (p: Pod, args?: PodTopologySpreadArgs) => {
  const group = new PodGroups().info(p).group;
  const d = defaultConstraints(args);
  return {
    soft: spreadConstraints(group, 'ScheduleAnyway', d).map(summary),
    hard: spreadConstraints(group, 'DoNotSchedule', d).map(summary),
  };
};
const ownedBy = (...ownerReferences: OwnerReference[]) => ({ ownerReferences });
const SYSTEM = [`${HOST} maxSkew 3 siblings of uid:uid-web-1`, `${ZONE} maxSkew 5 siblings of uid:uid-web-1`];

describe('default topology spread constraints', () => {
  it.each([
    ['a ReplicaSet’s pod without constraints gets the system defaults', pod('w', ownedBy(RS)), undefined, SYSTEM, []],
    [
      'so does a pod with an empty list of constraints',
      pod('w', { ...ownedBy(RS), spec: { topologySpreadConstraints: [] } }),
      undefined,
      SYSTEM,
      [],
    ],
    [
      'a Job’s pod gets them, its siblings being the Job’s pods',
      pod('j', ownedBy(controllerRef('Job', 'nightly'))),
      undefined,
      [`${HOST} maxSkew 3 siblings of uid:uid-nightly`, `${ZONE} maxSkew 5 siblings of uid:uid-nightly`],
      [],
    ],
    [
      'an ownerReference without uid names the siblings by kind and name',
      pod('w', ownedBy(controllerRef('ReplicaSet', 'web-1', ''))),
      undefined,
      [`${HOST} maxSkew 3 siblings of ref:ReplicaSet/web-1`, `${ZONE} maxSkew 5 siblings of ref:ReplicaSet/web-1`],
      [],
    ],
    [
      'a pod with its own constraints keeps only them',
      pod('w', { ...ownedBy(RS), spec: { topologySpreadConstraints: [own] } }),
      undefined,
      [`${ZONE} maxSkew 1 own selector`],
      [],
    ],
    ['a pod without an ownerReference gets none', pod('w'), undefined, [], []],
    ['a pod whose ownerReferences name no controller gets none', pod('w', ownedBy({ ...RS, controller: false })), undefined, [], []],
    ['defaultingType List without defaultConstraints gives none', pod('w', ownedBy(RS)), LIST_NONE, [], []],
    [
      'defaultingType List gives its defaultConstraints, DoNotSchedule ones too',
      pod('w', ownedBy(RS)),
      LIST_HARD,
      [],
      [`${HOST} maxSkew 1 siblings of uid:uid-web-1`],
    ],
  ] as [string, Pod, PodTopologySpreadArgs | undefined, string[], string[]][])('%s', (_name, p, args, softOnes, hardOnes) => {
    expect(constraintsOf(p, args)).toEqual({ soft: softOnes, hard: hardOnes });
  });

  it.each([
    ['System with defaultConstraints', { defaultingType: 'System', defaultConstraints: [hard(HOST, 1)] }, 'defaultingType: Invalid value: "System"'],
    ['defaultConstraints without defaultingType (System is the default)', { defaultConstraints: [hard(HOST, 1)] }, 'defaultingType: Invalid value'],
    ['an unknown defaultingType', { defaultingType: 'Some' }, 'defaultingType: Unsupported value: "Some"'],
    ['a default constraint with a labelSelector', { defaultingType: 'List', defaultConstraints: [own] }, 'defaultConstraints[0].labelSelector: Forbidden'],
    ['a default constraint with maxSkew 0', { defaultingType: 'List', defaultConstraints: [soft(HOST, 0)] }, 'defaultConstraints[0].maxSkew: Invalid value: 0'],
    ['two default constraints on one key and action', { defaultingType: 'List', defaultConstraints: [hard(HOST, 1), hard(HOST, 2)] }, '[1]: Duplicate value'],
  ] as [string, PodTopologySpreadArgs, string][])('rejects %s as a SchedulerConfigError', (_name, args, message) => {
    const error = expect.objectContaining({ code: 'SchedulerConfigError', message: expect.stringContaining(message) });
    expect(() => defaultConstraints(args)).toThrow(error);
  });

  it('rejects an invalid configuration when scheduling, before placing anything', () => {
    const config: SchedulerConfig = { pluginConfig: { PodTopologySpread: { defaultingType: 'List', defaultConstraints: [own] } } };
    expect(() => schedule({ pods: replicaSet('web', 1), nodes: template(), assigned: [], config })).toThrow(/labelSelector: Forbidden/);
  });
});

describe('default constraints count siblings', () => {
  const three = [node('h1'), node('h2'), node('h3')];
  const sibling = (on: string, o: PodOptions = {}) => running(pod(`web-${on}`, { labels: { app: 'web' }, ...ownedBy(RS), ...o }), on);
  const incoming = pod('web-new', { labels: { app: 'web' }, ...ownedBy(RS) });
  const NO_DIFFERENCE = { h1: 100, h2: 100, h3: 100 };

  it.each([
    ['siblings on a host make it score lower', [sibling('h1')], { h1: 50, h2: 100, h3: 100 }],
    ['pods of another controller do not count, even with the same labels', [sibling('h1', ownedBy(controllerRef('ReplicaSet', 'web-0')))], NO_DIFFERENCE],
    ['pods of the same controller in another namespace do not count', [sibling('h1', { namespace: 'other' })], NO_DIFFERENCE],
    ['pods without an owner do not count', [sibling('h1', { ownerReferences: undefined })], NO_DIFFERENCE],
  ] as [string, Pod[], Record<string, number>][])('%s', (_name, assigned, expected) => {
    // Hostname weight ln(3 + 2); a sibling's host: round(1.61 + 2) = 4, others 2 → 100 × (4 + 2 − s) / 4.
    expect(scores('PodTopologySpread', incoming, three, assigned)).toEqual(expected);
  });

  it('hosts without a zone label are still scored by host (only system defaults allow it)', () => {
    expect(scores('PodTopologySpread', incoming, three, [sibling('h1')])).toEqual({ h1: 50, h2: 100, h3: 100 });
    const list: PodTopologySpreadArgs = { defaultingType: 'List', defaultConstraints: [soft(HOST, 3), soft(ZONE, 5)] };
    expect(scores('PodTopologySpread', incoming, three, [sibling('h1')], list)).toEqual({ h1: 0, h2: 0, h3: 0 });
  });

  it('DoNotSchedule defaults (List) filter by siblings', () => {
    expect(filter('PodTopologySpread', incoming, 'h1', three, [sibling('h1')], LIST_HARD).reasons).toEqual([SKEW]);
    expect(filter('PodTopologySpread', incoming, 'h2', three, [sibling('h1')], LIST_HARD).reasons).toEqual([]);
  });
});

describe('scheduling with the system defaults', () => {
  const hosts = (input: { pods: Pod[]; nodes: Node[]; assigned?: Pod[]; config?: SchedulerConfig }) =>
    schedule({ assigned: [], ...input }).bindings.map((b) => b.node);
  const declared = () => [node('h1'), node('h2'), node('h3')];
  const twoZones = () => [bare('h1', 'a'), bare('h2', 'a'), bare('h3', 'b'), bare('h4', 'b')];
  const perHost = (nodes: string[]) => Object.fromEntries([...new Set(nodes)].sort().map((n) => [n, nodes.filter((m) => m === n).length]));

  it.each([
    ['3 replicas on the template’s 3 hosts (no capacity declared) land on 3 hosts', replicaSet('web', 3), template(), ['h1', 'h2', 'h3']],
    ['6 replicas there: 2 per host, in name order each round', replicaSet('web', 6), template(), ['h1', 'h2', 'h3', 'h1', 'h2', 'h3']],
    ['hosts with declared capacity too', replicaSet('web', 6, { requests: { cpu: '100m' } }), declared(), ['h1', 'h2', 'h3', 'h1', 'h2', 'h3']],
    ['hosts without zone labels too', replicaSet('web', 3), [bare('h1'), bare('h2'), bare('h3')], ['h1', 'h2', 'h3']],
    ['zones first: the second replica goes to the other zone, not to h2', replicaSet('web', 4), twoZones(), ['h1', 'h3', 'h2', 'h4']],
    ['pods without a controller get no constraint, but spread by pod count when nothing else scores hosts apart', [pod('a'), pod('b'), pod('c')], template(), ['h1', 'h2', 'h3']],
  ] as [string, Pod[], Node[], string[]][])('%s', (_name, pods, nodes, expected) => {
    expect(hosts({ pods, nodes })).toEqual(expected);
  });

  it('running siblings count: a new replica goes where none runs', () => {
    const [a, b, c] = replicaSet('web', 3);
    expect(hosts({ pods: [c], nodes: template(), assigned: [running(a, 'h1'), running(b, 'h2')] })).toEqual(['h3']);
  });

  it('a large ReplicaSet spreads evenly over many hosts, interleaved with another', () => {
    const many = Array.from({ length: 40 }, (_, i) => bare(`h${String(i).padStart(2, '0')}`, 'abc'[i % 3]));
    const pods = [...replicaSet('web', 40), ...replicaSet('api', 40), ...replicaSet('web', 80).slice(40)];
    const { bindings } = schedule({ pods, nodes: many, assigned: [] });
    const of = (app: string) => Object.values(perHost(bindings.filter((b) => b.pod.startsWith(`default/${app}-`)).map((b) => b.node)));
    expect(of('web')).toEqual(Array(40).fill(2));
    expect(of('api')).toEqual(Array(40).fill(1));
  });

  it('one ReplicaSet’s counts never leak into another’s scores (few pods over many hosts)', () => {
    // Every host holds one pod of z, so pod counts tie everywhere and only the spread scores tell hosts apart.
    const many = Array.from({ length: 100 }, (_, i) => bare(`h${String(i).padStart(2, '0')}`));
    const z = replicaSet('z', 100).map((p, i) => running(p, `h${String(i).padStart(2, '0')}`));
    const pods = [...replicaSet('a', 3), ...replicaSet('b', 3), ...replicaSet('a', 4).slice(3)];
    expect(hosts({ pods, nodes: many, assigned: z })).toEqual(['h00', 'h01', 'h02', 'h03', 'h04', 'h05', 'h06']);
  });

  it('two ReplicaSets spread independently', () => {
    const pods = [...replicaSet('web', 3), ...replicaSet('api', 3)];
    expect(perHost(hosts({ pods, nodes: template() }))).toEqual({ h1: 2, h2: 2, h3: 2 });
  });

  it('defaultingType List without constraints turns the defaults off: a running sibling no longer keeps a replica away', () => {
    const config: SchedulerConfig = { pluginConfig: { PodTopologySpread: LIST_NONE } };
    const [a, b] = replicaSet('web', 2);
    const assigned = [running(a, 'h1'), running(pod('x'), 'h2'), running(pod('y'), 'h3')];
    expect(hosts({ pods: [b], nodes: template(), assigned, config })).toEqual(['h1']);
    expect(hosts({ pods: [b], nodes: template(), assigned })).toEqual(['h2']);
  });

  it('is deterministic: the same input, or the nodes in another order, gives the same bindings; ties go by name', () => {
    const pods = [...replicaSet('web', 7), ...replicaSet('api', 5, { requests: { cpu: '200m' } })];
    const nodes = [bare('h4', 'b'), bare('h2', 'a'), bare('h3', 'b'), bare('h1', 'a')];
    const first = schedule({ pods, nodes, assigned: [] });
    expect(schedule({ pods, nodes, assigned: [] })).toEqual(first);
    expect(schedule({ pods, nodes: [...nodes].reverse(), assigned: [] })).toEqual(first);
    expect(first.bindings[0]).toEqual({ pod: 'default/web-0', node: 'h1' });
  });
});
