import type { ContainerPort, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { ERR_REASON } from '../../../../src/scheduler/plugins/nodeports';
import { Code } from '../../../../src/scheduler/status';
import { filter, node, pod, running } from '../fixtures';

const withPorts = (name: string, ...ports: ContainerPort[]): Pod => {
  const p = pod(name);
  p.spec!.containers[0].ports = ports;
  return p;
};
const nodes = [node('h1')];

describe('NodePorts', () => {
  it.each([
    ['a pod without host ports fits anywhere', pod('a'), [withPorts('x', { containerPort: 80, hostPort: 80 })], Code.Success],
    ['a free host port fits', withPorts('a', { containerPort: 80, hostPort: 8080 }), [withPorts('x', { containerPort: 80, hostPort: 80 })], Code.Success],
    [
      'the same host port and protocol conflicts',
      withPorts('a', { containerPort: 80, hostPort: 80 }),
      [withPorts('x', { containerPort: 8080, hostPort: 80 })],
      Code.Unschedulable,
    ],
    [
      'the same port with another protocol does not conflict',
      withPorts('a', { containerPort: 53, hostPort: 53, protocol: 'UDP' }),
      [withPorts('x', { containerPort: 53, hostPort: 53 })],
      Code.Success,
    ],
    [
      'different host IPs do not conflict',
      withPorts('a', { containerPort: 80, hostPort: 80, hostIP: '127.0.0.1' }),
      [withPorts('x', { containerPort: 80, hostPort: 80, hostIP: '127.0.0.2' })],
      Code.Success,
    ],
    [
      '0.0.0.0 conflicts with any IP on the same port',
      withPorts('a', { containerPort: 80, hostPort: 80 }),
      [withPorts('x', { containerPort: 80, hostPort: 80, hostIP: '127.0.0.2' })],
      Code.Unschedulable,
    ],
    [
      'a specific IP conflicts with 0.0.0.0 on the same port',
      withPorts('a', { containerPort: 80, hostPort: 80, hostIP: '127.0.0.1' }),
      [withPorts('x', { containerPort: 80, hostPort: 80 })],
      Code.Unschedulable,
    ],
    ['a container port without hostPort takes nothing', withPorts('a', { containerPort: 80, hostPort: 80 }), [withPorts('x', { containerPort: 80 })], Code.Success],
  ])('%s', (_name, p, onNode, code) => {
    const out = filter('NodePorts', p, 'h1', nodes, onNode.map((q) => running(q, 'h1')));
    expect(out.code).toBe(code);
    if (code !== Code.Success) expect(out.reasons).toEqual([ERR_REASON]);
  });
});
