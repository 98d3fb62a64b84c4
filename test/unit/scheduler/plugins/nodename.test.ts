import { describe, expect, it } from 'vitest';
import { ERR_REASON } from '../../../../src/scheduler/plugins/nodename';
import { Code } from '../../../../src/scheduler/status';
import { filter, node, pod } from '../fixtures';

const nodes = [node('h1'), node('h2')];

describe('NodeName', () => {
  it.each([
    ['a pod without spec.nodeName fits any node', pod('web'), 'h1', Code.Success],
    ['a pod naming the node fits it', pod('web', { nodeName: 'h1' }), 'h1', Code.Success],
    ['a pod naming another node does not fit', pod('web', { nodeName: 'h2' }), 'h1', Code.UnschedulableAndUnresolvable],
  ])('%s', (_name, p, on, code) => {
    const out = filter('NodeName', p, on, nodes);
    expect(out.code).toBe(code);
    if (code !== Code.Success) expect(out.reasons).toEqual([ERR_REASON]);
  });
});
