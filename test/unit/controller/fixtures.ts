import type { Node, Pod, PodSpec } from 'kubernetes-types/core/v1';
import type { HostFacts } from '../../../src/agent';

export const t0 = new Date('2026-03-01T10:00:00.000Z');
export const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

export function pod(name: string, { node, namespace = 'default', spec = {}, uid }: { node?: string; namespace?: string; spec?: Partial<PodSpec>; uid?: string } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, ...(uid ? { uid } : {}) },
    spec: { containers: [{ name: 'app', image: 'web:1' }], ...spec, ...(node ? { nodeName: node } : {}) },
  };
}

export function declaredNode(name: string): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } }, spec: {} };
}

export function hostFacts(overrides: Partial<HostFacts> = {}): HostFacts {
  return {
    hostName: 'h1',
    agentVersion: '0.1.0',
    runtime: { ready: true },
    kernel: '6.1.0',
    operatingSystem: 'linux',
    architecture: 'amd64',
    cpu: { count: 2 },
    memory: { totalBytes: 4 * 2 ** 30, freeBytes: 2 * 2 ** 30 },
    disk: { path: '/var/lib/berth', totalBytes: 2 ** 34, freeBytes: 2 ** 33 },
    docker: { version: '20.10.24' },
    capacity: { cpu: '2', memory: '4Gi', pods: '110' },
    allocatable: { cpu: '2', memory: '4Gi', pods: '110' },
    images: [],
    ...overrides,
  };
}
