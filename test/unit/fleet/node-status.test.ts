import { describe, expect, it } from 'vitest';
import type { Node, NodeCondition, Pod } from 'kubernetes-types/core/v1';
import { allocatedOn, hostNode, nodeStatusText, notReadyReasons } from '../../../src/fleet';
import type { HostFacts } from '../../../src/agent';

const declared: Node = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'h1', labels: { 'kubernetes.io/hostname': 'h1' } },
  spec: {},
  status: { addresses: [{ type: 'InternalIP', address: '10.77.0.11' }], capacity: { pods: '50' }, allocatable: { pods: '50' } },
};

const facts = {
  hostName: 'h1',
  kernel: '6.1.0',
  operatingSystem: 'linux',
  architecture: 'amd64',
  cpu: { count: 2 },
  memory: { totalBytes: 4 << 30, freeBytes: 1 << 30 },
  disk: { path: '/var/lib/berth', totalBytes: 10 << 30, freeBytes: 5 << 30 },
  docker: { version: '20.10.24' },
  capacity: { cpu: '2', memory: '4Gi', pods: '110' },
  allocatable: { cpu: '2', memory: '4Gi', pods: '110' },
  images: [{ names: ['busybox:latest'], sizeBytes: 1 }],
  agentVersion: '0.1.0',
  runtime: { ready: true },
} as HostFacts;

const ready: NodeCondition = { type: 'Ready', status: 'True', reason: 'AgentReady', lastHeartbeatTime: '2026-11-25T00:00:00Z', lastTransitionTime: '2026-11-25T00:00:00Z' };

describe('hostNode', () => {
  it('joins the declared Node with the report: capacity from the host, overridden by hosts.yaml; nodeInfo and images', () => {
    const node = hostNode(declared, { facts, agentVersion: '0.1.0', conditions: [ready] });
    expect(node.status?.capacity).toEqual({ cpu: '2', memory: '4Gi', pods: '50' });
    expect(node.status?.allocatable).toEqual({ cpu: '2', memory: '4Gi', pods: '50' });
    expect(node.status?.nodeInfo).toMatchObject({ kernelVersion: '6.1.0', containerRuntimeVersion: 'docker://20.10.24', kubeletVersion: 'berth/0.1.0', architecture: 'amd64' });
    expect(node.status?.images).toEqual(facts.images);
    expect(node.status?.conditions).toEqual([ready]);
    expect(node.status?.addresses).toEqual(declared.status?.addresses);
  });

  it('turns Ready False with the runtime\'s reason when the agent answers but its Docker Engine does not', () => {
    const down = { ...facts, runtime: { ready: false, reason: 'ContainerRuntimeDown', message: 'connect ENOENT /var/run/docker.sock', since: '2026-11-25T00:01:00Z' } } as HostFacts;
    const [c] = hostNode(declared, { facts: down, conditions: [ready] }).status!.conditions!;
    expect(c).toMatchObject({ type: 'Ready', status: 'False', reason: 'ContainerRuntimeDown', lastTransitionTime: '2026-11-25T00:01:00Z' });
    // What is wrong, then what to do.
    expect(c.message).toBe("connect ENOENT /var/run/docker.sock; start the host's Docker Engine (systemctl start docker); its pods start again when it answers");
  });

  it('says under a table why each host that is not Ready is not', () => {
    const down = { ...facts, runtime: { ready: false, reason: 'ContainerRuntimeDown', message: 'container runtime is down: connect ENOENT /var/run/docker.sock' } } as HostFacts;
    const silent = { ...ready, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Agent stopped answering.' };
    const nodes = [hostNode(declared, { facts: down, conditions: [ready] }), hostNode({ ...declared, metadata: { name: 'h2' } }, { conditions: [silent] }), hostNode({ ...declared, metadata: { name: 'h3' } }, { facts, conditions: [ready] })];
    expect(notReadyReasons(nodes)).toEqual([
      `${declared.metadata!.name}: ContainerRuntimeDown: container runtime is down: connect ENOENT /var/run/docker.sock; start the host's Docker Engine (systemctl start docker); its pods start again when it answers`,
      'h2: NodeStatusUnknown: Agent stopped answering.',
    ]);
  });

  it('adds DiskPressure True with the agent\'s reason while its state folder is full, and nothing when it is not', () => {
    const full = { reason: 'StateFolderFull', message: 'the agent\'s state folder /var/lib/berth is full', since: '2026-11-25T00:02:00Z' };
    const conditions = hostNode(declared, { facts: { ...facts, stateFolder: { full } }, conditions: [ready] }).status!.conditions!;
    expect(conditions).toEqual([ready, { type: 'DiskPressure', status: 'True', reason: 'StateFolderFull', message: full.message, lastTransitionTime: full.since }]);
    expect(hostNode(declared, { facts: { ...facts, stateFolder: { recoveries: [] } }, conditions: [ready] }).status!.conditions).toEqual([ready]);
  });

  it('keeps the declared capacity and no nodeInfo for a host never heard from', () => {
    const node = hostNode(declared, { conditions: [{ ...ready, status: 'Unknown', reason: 'NodeStatusNeverUpdated' }] });
    expect(node.status?.capacity).toEqual({ pods: '50' });
    expect(node.status?.nodeInfo).toBeUndefined();
  });
});

describe('nodeStatusText', () => {
  const withReady = (status: string, unschedulable = false): Node => ({ ...declared, spec: { unschedulable }, status: { conditions: [{ type: 'Ready', status }] } });
  it.each([
    ['True', false, 'Ready'],
    ['False', false, 'NotReady'],
    ['Unknown', false, 'NotReady'],
    ['True', true, 'Ready,SchedulingDisabled'],
    ['Unknown', true, 'NotReady,SchedulingDisabled'],
  ])('Ready=%s, unschedulable=%s reads %s, as kubectl get nodes shows it', (status, cordoned, text) => {
    expect(nodeStatusText(withReady(status, cordoned))).toBe(text);
  });
  it('reads Unknown without any Ready condition', () => {
    expect(nodeStatusText({ ...declared, status: {} })).toBe('Unknown');
  });
});

describe('allocatedOn', () => {
  const pod = (cpu: string, memory: string, phase = 'Running'): Pod => ({
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'c', image: 'i', resources: { requests: { cpu, memory } } }] },
    status: { phase },
  });
  it('sums the requests of pods that still hold resources, as kubectl describe node does', () => {
    expect(allocatedOn([pod('250m', '64Mi'), pod('1', '1Gi'), pod('2', '2Gi', 'Succeeded'), pod('2', '2Gi', 'Failed')])).toEqual({
      pods: 2,
      milliCPU: 1250,
      memory: (64 << 20) + (1 << 30),
    });
  });
});
