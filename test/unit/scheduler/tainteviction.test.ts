import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { taintEvictions, withDefaultTolerations } from '../../../src/scheduler';
import { node, pod, running } from './fixtures';

const NOW = new Date('2026-05-01T12:00:00Z');
const ago = (s: number) => new Date(NOW.getTime() - s * 1000).toISOString();
const unreachable = (addedSecondsAgo: number): Taint => ({ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: ago(addedSecondsAgo) });
const tainted = (name: string, ...taints: Taint[]): Node => node(name, { spec: { taints } });
const on = (host: string, name: string, tolerations?: Toleration[]): Pod => running(pod(name, { spec: { tolerations } }), host);

describe('the DefaultTolerationSeconds admission', () => {
  const table: Array<[string, Toleration[] | undefined, Toleration[]]> = [
    [
      'adds 300 s for not-ready and unreachable to a pod without tolerations',
      undefined,
      [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    ],
    [
      'keeps a pod’s own toleration of one of them (any operator) and adds the other',
      [{ key: 'node.kubernetes.io/unreachable', operator: 'Equal', value: 'x', effect: 'NoExecute', tolerationSeconds: 10 }],
      [
        { key: 'node.kubernetes.io/unreachable', operator: 'Equal', value: 'x', effect: 'NoExecute', tolerationSeconds: 10 },
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    ],
    ['adds nothing to a pod that tolerates everything', [{ operator: 'Exists' }], [{ operator: 'Exists' }]],
    [
      'counts a toleration with no effect as NoExecute',
      [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }],
      [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists' },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    ],
  ];
  it.each(table)('%s', (_name, tolerations, want) => expect(withDefaultTolerations(tolerations)).toEqual(want));
});

describe('taint-based eviction', () => {
  const forever: Toleration[] = [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }];
  const for60: Toleration[] = [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }];
  const table: Array<[string, Node[], Pod[], string[], Array<[string, number]>]> = [
    ['leaves pods on untainted hosts alone', [node('h1')], [on('h1', 'a')], [], []],
    ['keeps a pod through the default 300 s', [tainted('h1', unreachable(100))], [on('h1', 'a')], [], [['default/a', 200]]],
    ['evicts it once the 300 s have passed', [tainted('h1', unreachable(300))], [on('h1', 'a')], ['default/a'], []],
    ['follows the pod’s own tolerationSeconds', [tainted('h1', unreachable(30))], [on('h1', 'a', for60)], [], [['default/a', 30]]],
    ['keeps a pod that tolerates the taint for ever', [tainted('h1', unreachable(10_000))], [on('h1', 'a', forever)], [], []],
    ['evicts at once for a taint the pod does not tolerate', [tainted('h1', { key: 'gpu', value: 'broken', effect: 'NoExecute' })], [on('h1', 'a')], ['default/a'], []],
    ['evicts at once for tolerationSeconds 0 or less', [tainted('h1', unreachable(0))], [on('h1', 'a', [{ ...for60[0], tolerationSeconds: 0 }])], ['default/a'], []],
    ['ignores NoSchedule and PreferNoSchedule taints', [tainted('h1', { key: 'x', effect: 'NoSchedule' }, { key: 'y', effect: 'PreferNoSchedule' })], [on('h1', 'a')], [], []],
    ['ignores pods that have finished', [tainted('h1', { key: 'x', effect: 'NoExecute' })], [{ ...on('h1', 'a'), status: { phase: 'Succeeded' } }], [], []],
    [
      'goes by the taint that runs out first',
      [tainted('h1', unreachable(100), { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: ago(250) })],
      [on('h1', 'a')],
      [],
      [['default/a', 50]],
    ],
    ['counts a taint without timeAdded from now', [tainted('h1', { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' })], [on('h1', 'a')], [], [['default/a', 300]]],
  ];
  it.each(table)('%s', (_name, nodes, pods, evicted, scheduled) => {
    const out = taintEvictions({ nodes, pods, now: NOW });
    expect(out.evict.map((e) => e.pod)).toEqual(evicted);
    expect(out.scheduled.map((s) => [s.pod, (s.at.getTime() - NOW.getTime()) / 1000])).toEqual(scheduled);
  });

  it('takes shorter defaults from the controller, and says when to look again', () => {
    const nodes = [tainted('h1', unreachable(45)), tainted('h2', unreachable(10))];
    const out = taintEvictions({ nodes, pods: [on('h1', 'a'), on('h2', 'b'), on('h2', 'c', for60)], now: NOW, defaultTolerationSeconds: { unreachable: 40 } });
    expect(out.evict).toEqual([
      { pod: 'default/a', node: 'h1', taint: unreachable(45), message: 'toleration of taint node.kubernetes.io/unreachable:NoExecute ran out' },
    ]);
    expect(out.scheduled.map((s) => s.pod)).toEqual(['default/b', 'default/c']);
    expect(out.next).toEqual(new Date(NOW.getTime() + 30_000));
  });
});
