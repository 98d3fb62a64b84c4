import { describe, expect, it } from 'vitest';
import { ERR_REASON_UNSCHEDULABLE } from '../../../../src/scheduler/plugins/nodeunschedulable';
import { Code } from '../../../../src/scheduler/status';
import { filter, node, pod } from '../fixtures';

const cordoned = node('h1', { spec: { unschedulable: true } });

describe('NodeUnschedulable', () => {
  it.each([
    ['a pod fits a node that is not cordoned', pod('web'), node('h1'), Code.Success],
    ['a pod does not fit a cordoned node', pod('web'), cordoned, Code.UnschedulableAndUnresolvable],
    [
      'a pod tolerating node.kubernetes.io/unschedulable:NoSchedule fits a cordoned node',
      pod('ds', { spec: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] } }),
      cordoned,
      Code.Success,
    ],
    [
      'a pod tolerating everything (operator Exists, no key) fits a cordoned node',
      pod('ds', { spec: { tolerations: [{ operator: 'Exists' }] } }),
      cordoned,
      Code.Success,
    ],
    [
      'a toleration for another effect does not help',
      pod('ds', { spec: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoExecute' }] } }),
      cordoned,
      Code.UnschedulableAndUnresolvable,
    ],
  ])('%s', (_name, p, n, code) => {
    const out = filter('NodeUnschedulable', p, n.metadata!.name!, [n, node('h2', { spec: { unschedulable: true } })]);
    expect(out.code).toBe(code);
    if (code !== Code.Success) expect(out.reasons).toEqual([ERR_REASON_UNSCHEDULABLE]);
  });
});
