import type { Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { ERR_REASON_CONSTRAINTS_NOT_MATCH as SKEW, ERR_REASON_NODE_LABEL_NOT_MATCH as LABEL } from '../../../../src/scheduler/plugins/podtopologyspread';
import { CycleState } from '../../../../src/scheduler/framework';
import { Code, type Status } from '../../../../src/scheduler/status';
import { filter, node, pod, running, scores, setup } from '../fixtures';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
// h1 and h2 in zone a, h3 in zone b, h4 without a zone.
const nodes = [node('h1', { labels: { [ZONE]: 'a' } }), node('h2', { labels: { [ZONE]: 'a' } }), node('h3', { labels: { [ZONE]: 'b' } }), node('h4')];

const constraint = (topologyKey: string, extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({
  maxSkew: 1,
  topologyKey,
  whenUnsatisfiable: 'DoNotSchedule',
  labelSelector: { matchLabels: { app: 'web' } },
  ...extra,
});
const spread = (c: TopologySpreadConstraint, extra: Partial<Pod['spec']> = {}): Pod =>
  pod('w', { labels: { app: 'web' }, spec: { topologySpreadConstraints: [c], ...extra } });
const web = (on: string, namespace?: string) => running(pod(`web-${on}`, { labels: { app: 'web' }, namespace }), on);

describe('PodTopologySpread filter', () => {
  it.each([
    ['a zone at the minimum takes the pod', spread(constraint(ZONE)), [web('h1')], 'h3', null],
    ['a zone one ahead of the minimum does not (skew 2 > 1)', spread(constraint(ZONE)), [web('h1')], 'h2', SKEW],
    ['maxSkew 2 allows it', spread(constraint(ZONE, { maxSkew: 2 })), [web('h1')], 'h2', null],
    ['a node without the topology key is rejected as unresolvable', spread(constraint(ZONE)), [], 'h4', LABEL],
    ['pods in other namespaces do not count', spread(constraint(ZONE)), [web('h1', 'other')], 'h2', null],
    [
      'a pod its own selector does not match adds nothing to its domain',
      spread(constraint(ZONE, { labelSelector: { matchLabels: { app: 'db' } } })),
      [running(pod('db', { labels: { app: 'db' } }), 'h1')],
      'h2',
      null,
    ],
    [
      'with fewer domains than minDomains the global minimum is 0',
      spread(constraint(ZONE, { minDomains: 3 })),
      [web('h1'), web('h3')],
      'h2',
      SKEW,
    ],
    [
      'Honor: domains the pod’s nodeSelector excludes do not set the minimum',
      spread(constraint(ZONE), { nodeSelector: { [ZONE]: 'a' } }),
      [web('h1')],
      'h2',
      null,
    ],
    [
      'Ignore: they do',
      spread(constraint(ZONE, { nodeAffinityPolicy: 'Ignore' }), { nodeSelector: { [ZONE]: 'a' } }),
      [web('h1')],
      'h2',
      SKEW,
    ],
    [
      'nodeTaintsPolicy Honor leaves out nodes whose taints the pod does not tolerate',
      spread(constraint(ZONE, { nodeTaintsPolicy: 'Honor' })),
      [web('h1')],
      'h2',
      null,
    ],
    [
      'matchLabelKeys counts only pods with the pod’s own value',
      pod('w', { labels: { app: 'web', v: '2' }, spec: { topologySpreadConstraints: [constraint(ZONE, { matchLabelKeys: ['v'] })] } }),
      [web('h1'), web('h2')],
      'h1',
      null,
    ],
    ['spreading by host', spread(constraint(HOST)), [web('h1')], 'h1', SKEW],
  ] as [string, Pod, Pod[], string, string | null][])('%s', (name, p, assigned, on, reason) => {
    let ns = nodes;
    // For the taints case, zone b's only node is tainted.
    if (name.startsWith('nodeTaintsPolicy')) ns = [nodes[0], nodes[1], node('h3', { labels: { [ZONE]: 'b' }, spec: { taints: [{ key: 'x', effect: 'NoSchedule' }] } })];
    const out = filter('PodTopologySpread', p, on, ns, assigned);
    expect(out.reasons).toEqual(reason ? [reason] : []);
    if (reason === LABEL) expect(out.code).toBe(Code.UnschedulableAndUnresolvable);
    if (reason === SKEW) expect(out.code).toBe(Code.Unschedulable);
  });

  it('pods that differ only in nodeTaintsPolicy count over different nodes in one pass', () => {
    const ns = [nodes[0], nodes[1], node('h3', { labels: { [ZONE]: 'b' }, spec: { taints: [{ key: 'x', effect: 'NoSchedule' }] } })];
    const { plugin, info, node: at } = setup('PodTopologySpread', ns, [web('h1')]);
    const outcome = (p: Pod) => {
      const state = new CycleState();
      plugin.preFilter!(state, info(p));
      const out: (Status | null)[] = [null];
      plugin.filter!(state, info(p), [at('h2')], out);
      return out[0]?.reasons ?? [];
    };
    expect(outcome(spread(constraint(ZONE, { nodeTaintsPolicy: 'Ignore' })))).toEqual([SKEW]);
    expect(outcome(spread(constraint(ZONE, { nodeTaintsPolicy: 'Honor' })))).toEqual([]);
  });

  it('ScheduleAnyway constraints do not filter', () => {
    expect(filter('PodTopologySpread', spread(constraint(ZONE, { whenUnsatisfiable: 'ScheduleAnyway' })), 'h2', nodes, [web('h1'), web('h2')]).code).toBe(Code.Success);
  });
});

describe('PodTopologySpread score', () => {
  it('fewer matching pods on the host scores higher (ln(n + 2) weights, min–max reversed)', () => {
    const p = spread(constraint(HOST, { whenUnsatisfiable: 'ScheduleAnyway' }));
    const three = nodes.slice(0, 3);
    // weight ln(3 + 2); raw: h1 round(2w) = 3, h2 round(w) = 2, h3 0; normalized 100 × (max + min − s) / max.
    expect(scores('PodTopologySpread', p, three, [web('h1'), web('h1'), web('h2')])).toEqual({ h1: 0, h2: 33, h3: 100 });
  });

  it('nodes without the topology key score 0', () => {
    const p = spread(constraint(ZONE, { whenUnsatisfiable: 'ScheduleAnyway' }));
    expect(scores('PodTopologySpread', p, nodes, [web('h1')])).toEqual({ h1: 0, h2: 0, h3: 100, h4: 0 });
  });

  it('is skipped for a pod without ScheduleAnyway constraints', () => {
    expect(scores('PodTopologySpread', spread(constraint(ZONE)), nodes)).toBeNull();
  });
});
