import type { Container, PodSpec } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST, podRequests } from '../../../src/scheduler/resources';

const c = (requests?: Record<string, string>, limits?: Record<string, string>, restartPolicy?: string): Container => ({
  name: 'c',
  image: 'x',
  resources: { ...(requests && { requests }), ...(limits && { limits }) },
  ...(restartPolicy && { restartPolicy }),
});

describe('what a pod requests', () => {
  it.each([
    ['containers add up', { containers: [c({ cpu: '250m', memory: '64Mi' }), c({ cpu: '1', memory: '1Gi' })] }, [1250, 1088 * 2 ** 20, 0]],
    ['a limit without a request requests the limit', { containers: [c(undefined, { cpu: '2', memory: '1Gi' })] }, [2000, 2 ** 30, 0]],
    ['a request wins over the limit', { containers: [c({ cpu: '100m' }, { cpu: '2' })] }, [100, 0, 0]],
    ['ephemeral storage counts', { containers: [c({ 'ephemeral-storage': '1Gi' })] }, [0, 0, 2 ** 30]],
    [
      'a larger init container sets the pod’s requests',
      { containers: [c({ cpu: '100m' })], initContainers: [c({ cpu: '2', memory: '10Mi' })] },
      [2000, 10 * 2 ** 20, 0],
    ],
    [
      'a sidecar (restartable init container) adds to the containers',
      { containers: [c({ cpu: '500m' })], initContainers: [c({ cpu: '100m' }, undefined, 'Always')] },
      [600, 0, 0],
    ],
    [
      'an init container after a sidecar runs beside it',
      { containers: [c({ cpu: '100m' })], initContainers: [c({ cpu: '200m' }, undefined, 'Always'), c({ cpu: '1' })] },
      [1200, 0, 0],
    ],
    ['overhead is added', { containers: [c({ cpu: '100m' })], overhead: { cpu: '50m', memory: '10Mi' } }, [150, 10 * 2 ** 20, 0]],
  ] as [string, PodSpec, number[]][])('%s', (_name, spec, [cpu, memory, eph]) => {
    expect(podRequests(spec)).toEqual({ milliCPU: cpu, memory, ephemeralStorage: eph });
  });

  it('counts 100m cpu and 200Mi memory for a container that requests none, for scoring', () => {
    expect(podRequests({ containers: [c(), c({ cpu: '1' })] }, true)).toEqual({
      milliCPU: DEFAULT_MILLI_CPU_REQUEST + 1000,
      memory: 2 * DEFAULT_MEMORY_REQUEST,
      ephemeralStorage: 0,
    });
  });
});
