import type { Affinity, Pod, PodAffinityTerm } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import {
  ERR_REASON_AFFINITY_RULES_NOT_MATCH as AFFINITY,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH as ANTI,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH as EXISTING,
} from '../../../../src/scheduler/plugins/interpodaffinity';
import { Code } from '../../../../src/scheduler/status';
import { filter, node, pod, running, scores } from '../fixtures';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
// h1 and h2 in zone a, h3 in zone b, h4 without a zone.
const nodes = [node('h1', { labels: { [ZONE]: 'a' } }), node('h2', { labels: { [ZONE]: 'a' } }), node('h3', { labels: { [ZONE]: 'b' } }), node('h4')];

const term = (app: string, topologyKey: string, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({
  labelSelector: { matchLabels: { app } },
  topologyKey,
  ...extra,
});
const withAffinity = (name: string, app: string, affinity: Affinity, namespace?: string): Pod =>
  pod(name, { labels: { app }, namespace, spec: { affinity } });
const anti = (...t: PodAffinityTerm[]): Affinity => ({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: t } });
const affinity = (...t: PodAffinityTerm[]): Affinity => ({ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: t } });
const web = (on: string, namespace?: string) => running(pod(`web-${on}`, { labels: { app: 'web' }, namespace }), on);
const db = (on: string) => running(pod(`db-${on}`, { labels: { app: 'db' } }), on);

describe('InterPodAffinity filter', () => {
  it.each([
    ['anti-affinity by host keeps the pod off a host with a matching pod', withAffinity('w', 'web', anti(term('web', HOST))), [web('h1')], 'h1', ANTI],
    ['anti-affinity by host allows another host', withAffinity('w', 'web', anti(term('web', HOST))), [web('h1')], 'h2', null],
    ['anti-affinity by zone keeps the pod out of the whole zone', withAffinity('w', 'web', anti(term('web', ZONE))), [web('h1')], 'h2', ANTI],
    ['anti-affinity by zone allows another zone', withAffinity('w', 'web', anti(term('web', ZONE))), [web('h1')], 'h3', null],
    ['anti-affinity allows a node without the topology key', withAffinity('w', 'web', anti(term('web', ZONE))), [web('h1')], 'h4', null],
    ['anti-affinity only sees pods in the pod’s namespace', withAffinity('w', 'web', anti(term('web', HOST))), [web('h1', 'other')], 'h1', null],
    [
      'anti-affinity sees the namespaces it names',
      withAffinity('w', 'web', anti(term('web', HOST, { namespaces: ['other'] }))),
      [web('h1', 'other')],
      'h1',
      ANTI,
    ],
    [
      'an empty namespaceSelector selects every namespace',
      withAffinity('w', 'web', anti(term('web', HOST, { namespaceSelector: {} }))),
      [web('h1', 'other')],
      'h1',
      ANTI,
    ],
    [
      'a namespaceSelector on kubernetes.io/metadata.name selects that namespace',
      withAffinity('w', 'web', anti(term('web', HOST, { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'other' } } }))),
      [web('h1', 'other')],
      'h1',
      ANTI,
    ],
    ['affinity by zone draws the pod to the zone of a matching pod', withAffinity('w', 'web', affinity(term('db', ZONE))), [db('h3')], 'h3', null],
    ['affinity by zone rejects other zones', withAffinity('w', 'web', affinity(term('db', ZONE))), [db('h3')], 'h1', AFFINITY],
    ['affinity rejects a node without the topology key', withAffinity('w', 'web', affinity(term('db', ZONE))), [db('h3')], 'h4', AFFINITY],
    [
      'the first of a group with affinity to itself may go anywhere with the key',
      withAffinity('w', 'web', affinity(term('web', ZONE))),
      [],
      'h1',
      null,
    ],
    ['affinity to pods that do not exist rejects', withAffinity('w', 'web', affinity(term('db', ZONE))), [], 'h1', AFFINITY],
    [
      'a placed pod’s anti-affinity keeps matching pods off its host',
      pod('w', { labels: { app: 'web' } }),
      [running(withAffinity('d', 'db', anti(term('web', HOST))), 'h1')],
      'h1',
      EXISTING,
    ],
    [
      'a placed pod’s anti-affinity does not reach other hosts',
      pod('w', { labels: { app: 'web' } }),
      [running(withAffinity('d', 'db', anti(term('web', HOST))), 'h1')],
      'h2',
      null,
    ],
    [
      'matchLabelKeys narrows the selector to the pod’s own value',
      pod('w', { labels: { app: 'web', version: '2' }, spec: { affinity: anti(term('web', HOST, { matchLabelKeys: ['version'] })) } }),
      [running(pod('old', { labels: { app: 'web', version: '1' } }), 'h1')],
      'h1',
      null,
    ],
  ] as [string, Pod, Pod[], string, string | null][])('%s', (_name, p, assigned, on, reason) => {
    const out = filter('InterPodAffinity', p, on, nodes, assigned);
    expect(out.reasons).toEqual(reason ? [reason] : []);
    if (reason === AFFINITY) expect(out.code).toBe(Code.UnschedulableAndUnresolvable);
    if (reason === ANTI || reason === EXISTING) expect(out.code).toBe(Code.Unschedulable);
  });
});

describe('InterPodAffinity score', () => {
  const preferred = (weight: number, t: PodAffinityTerm): Affinity => ({
    podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight, podAffinityTerm: t }] },
  });

  it('preferred affinity raises the nodes in the zone of matching pods', () => {
    const p = withAffinity('w', 'web', preferred(10, term('db', ZONE)));
    expect(scores('InterPodAffinity', p, nodes, [db('h3')])).toEqual({ h1: 0, h2: 0, h3: 100, h4: 0 });
  });

  it('preferred anti-affinity lowers nodes by the number of matching pods there', () => {
    const p = withAffinity('w', 'web', { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: term('web', HOST) }] } });
    expect(scores('InterPodAffinity', p, nodes, [web('h1'), web('h1'), web('h2')])).toEqual({ h1: 0, h2: 50, h3: 100, h4: 100 });
  });

  it('a placed pod’s preferred affinity for the incoming pod draws it near', () => {
    const placed = running(withAffinity('d', 'db', preferred(10, term('web', ZONE))), 'h3');
    expect(scores('InterPodAffinity', pod('w', { labels: { app: 'web' } }), nodes, [placed])).toEqual({ h1: 0, h2: 0, h3: 100, h4: 0 });
  });

  it('a placed pod’s required affinity for the incoming pod counts with hardPodAffinityWeight', () => {
    const placed = running(withAffinity('d', 'db', affinity(term('web', ZONE))), 'h1');
    expect(scores('InterPodAffinity', pod('w', { labels: { app: 'web' } }), nodes, [placed])).toEqual({ h1: 100, h2: 100, h3: 0, h4: 0 });
    expect(scores('InterPodAffinity', pod('w', { labels: { app: 'web' } }), nodes, [placed], { hardPodAffinityWeight: 0 })).toBeNull();
  });

  it('is skipped when no term involves the pod', () => {
    expect(scores('InterPodAffinity', pod('w'), nodes, [db('h1')])).toBeNull();
  });
});
