import type { Container, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { qosClass } from '../../../../src/agent/pods/status';

type R = Container['resources'];
const pod = (containers: R[], init: R[] = []): Pod => ({
  spec: {
    containers: containers.map((resources, i) => ({ name: `c${i}`, resources })),
    initContainers: init.map((resources, i) => ({ name: `i${i}`, resources })),
  },
});

describe('QoS class, as Kubernetes computes it', () => {
  it.each<[string, Pod, string]>([
    ['nothing requested or limited is BestEffort', pod([undefined, {}]), 'BestEffort'],
    ['zero amounts count as nothing', pod([{ requests: { cpu: '0', memory: '0' } }]), 'BestEffort'],
    ['resources other than cpu and memory do not count', pod([{ limits: { 'ephemeral-storage': '1Gi' } }]), 'BestEffort'],
    ['cpu and memory limits equal to requests is Guaranteed', pod([{ requests: { cpu: '500m', memory: '128Mi' }, limits: { cpu: '0.5', memory: '134217728' } }]), 'Guaranteed'],
    ['limits alone imply equal requests: Guaranteed', pod([{ limits: { cpu: '1', memory: '1Gi' } }]), 'Guaranteed'],
    ['requests below limits is Burstable', pod([{ requests: { cpu: '250m', memory: '128Mi' }, limits: { cpu: '500m', memory: '128Mi' } }]), 'Burstable'],
    ['a memory limit without a cpu limit is Burstable', pod([{ limits: { memory: '1Gi' } }]), 'Burstable'],
    ['requests alone are Burstable', pod([{ requests: { cpu: '100m' } }]), 'Burstable'],
    ['one container without limits makes the pod Burstable', pod([{ limits: { cpu: '1', memory: '1Gi' } }, {}]), 'Burstable'],
    ['init containers count', pod([{ limits: { cpu: '1', memory: '1Gi' } }], [{ requests: { cpu: '100m' } }]), 'Burstable'],
    ['Guaranteed init and app containers are Guaranteed', pod([{ limits: { cpu: '1', memory: '1Gi' } }], [{ limits: { cpu: '2', memory: '64Mi' } }]), 'Guaranteed'],
    ['quantities compare exactly, without rounding', pod([{ requests: { cpu: '1500u', memory: '1Gi' }, limits: { cpu: '2m', memory: '1Gi' } }]), 'Burstable'],
  ])('%s', (_name, p, want) => {
    expect(qosClass(p)).toBe(want);
  });
});
