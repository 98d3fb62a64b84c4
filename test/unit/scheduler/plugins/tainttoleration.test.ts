import type { Taint, Toleration } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { countIntolerableTaintsPreferNoSchedule } from '../../../../src/scheduler/plugins/tainttoleration';
import { Code } from '../../../../src/scheduler/status';
import { filter, node, pod, scores } from '../fixtures';

const gpu: Taint = { key: 'gpu', value: 'true', effect: 'NoSchedule' };
const tainted = (...taints: Taint[]) => node('h1', { spec: { taints } });
const tolerating = (...tolerations: Toleration[]) => pod('web', { spec: { tolerations } });

describe('TaintToleration filter', () => {
  it.each([
    ['a pod fits a node without taints', pod('web'), node('h1'), Code.Success, undefined],
    ['a NoSchedule taint keeps an intolerant pod off', pod('web'), tainted(gpu), Code.UnschedulableAndUnresolvable, 'node(s) had untolerated taint {gpu: true}'],
    [
      'a NoExecute taint keeps an intolerant pod off',
      pod('web'),
      tainted({ key: 'maint', effect: 'NoExecute' }),
      Code.UnschedulableAndUnresolvable,
      'node(s) had untolerated taint {maint: }',
    ],
    ['a PreferNoSchedule taint does not filter', pod('web'), tainted({ key: 'spot', value: 'yes', effect: 'PreferNoSchedule' }), Code.Success, undefined],
    ['an Equal toleration with the same value tolerates', tolerating({ key: 'gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' }), tainted(gpu), Code.Success, undefined],
    ['an empty operator means Equal', tolerating({ key: 'gpu', value: 'true' }), tainted(gpu), Code.Success, undefined],
    [
      'an Equal toleration with another value does not tolerate',
      tolerating({ key: 'gpu', value: 'false', effect: 'NoSchedule' }),
      tainted(gpu),
      Code.UnschedulableAndUnresolvable,
      'node(s) had untolerated taint {gpu: true}',
    ],
    ['Exists tolerates any value of the key', tolerating({ key: 'gpu', operator: 'Exists' }), tainted(gpu), Code.Success, undefined],
    ['Exists with no key tolerates every taint', tolerating({ operator: 'Exists' }), tainted(gpu, { key: 'x', effect: 'NoExecute' }), Code.Success, undefined],
    [
      'a toleration for another effect does not tolerate',
      tolerating({ key: 'gpu', operator: 'Exists', effect: 'NoExecute' }),
      tainted(gpu),
      Code.UnschedulableAndUnresolvable,
      'node(s) had untolerated taint {gpu: true}',
    ],
    [
      'the reason names the first untolerated taint in the node’s order',
      tolerating({ key: 'gpu', operator: 'Exists' }),
      tainted(gpu, { key: 'zone', value: 'b', effect: 'NoSchedule' }, { key: 'z', value: 'c', effect: 'NoSchedule' }),
      Code.UnschedulableAndUnresolvable,
      'node(s) had untolerated taint {zone: b}',
    ],
  ])('%s', (_name, p, n, code, reason) => {
    const out = filter('TaintToleration', p, 'h1', [n]);
    expect(out.code).toBe(code);
    if (reason) expect(out.reasons).toEqual([reason]);
  });
});

describe('TaintToleration score', () => {
  const spot: Taint = { key: 'spot', value: 'yes', effect: 'PreferNoSchedule' };

  it.each([
    ['untolerated PreferNoSchedule taints count', [spot, { key: 'b', effect: 'PreferNoSchedule' }], [], 2],
    ['a NoSchedule taint does not count', [gpu], [], 0],
    ['a toleration with effect PreferNoSchedule tolerates', [spot], [{ key: 'spot', operator: 'Exists', effect: 'PreferNoSchedule' }], 0],
    ['a toleration with no effect tolerates', [spot], [{ key: 'spot', operator: 'Exists' }], 0],
    ['a toleration for NoSchedule does not', [spot], [{ key: 'spot', operator: 'Exists', effect: 'NoSchedule' }], 1],
  ] as [string, Taint[], Toleration[], number][])('%s', (_name, taints, tolerations, n) => {
    expect(countIntolerableTaintsPreferNoSchedule(taints, tolerations)).toBe(n);
  });

  it('fewer untolerated PreferNoSchedule taints score higher, normalized to 0–100', () => {
    const nodes = [node('h1'), node('h2', { spec: { taints: [spot] } }), node('h3', { spec: { taints: [spot, { key: 'b', effect: 'PreferNoSchedule' }] } })];
    expect(scores('TaintToleration', pod('web'), nodes)).toEqual({ h1: 100, h2: 50, h3: 0 });
  });
});
