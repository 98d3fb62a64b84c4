import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { reconcileService, serviceEndpoints } from '../../../src/controllers';
import { pod, service } from './fixtures';

const ready = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };
const notReady = { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] };
const running = (name: string, labels: Record<string, string>, status: Pod['status'] = ready, extra: Partial<Pod> = {}): Pod =>
  pod(name, labels, { status: { podIP: '10.0.0.1', hostIP: '192.168.1.1', ...status }, ...extra });

describe('reconcileService', () => {
  it('is the Service itself: it has no children', () => {
    const svc = service('web', { app: 'web' }, [{ port: 80, targetPort: 8080, protocol: 'TCP' }]);
    expect(reconcileService(svc)).toBe(svc);
  });
});

describe('serviceEndpoints', () => {
  const web = service('web', { app: 'web' }, [
    { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
    { name: 'metrics', port: 9090, targetPort: 9100, protocol: 'TCP' },
  ]);

  it('lists the ready pods it selects, sorted by name, with their ports', () => {
    const endpoints = serviceEndpoints(web, [running('web-b', { app: 'web' }), running('web-a', { app: 'web', tier: 'front' }), running('api-a', { app: 'api' })]);
    expect(endpoints.map((e) => e.pod)).toEqual(['web-a', 'web-b']);
    expect(endpoints[0]).toEqual({
      namespace: 'default',
      pod: 'web-a',
      podIP: '10.0.0.1',
      hostIP: '192.168.1.1',
      ready: true,
      ports: [
        { name: 'http', port: 8080, protocol: 'TCP' },
        { name: 'metrics', port: 9100, protocol: 'TCP' },
      ],
    });
  });

  it.each<[string, Pod]>([
    ['not ready', running('web-a', { app: 'web' }, notReady)],
    ['without status', pod('web-a', { app: 'web' })],
    ['succeeded', running('web-a', { app: 'web' }, { ...ready, phase: 'Succeeded' })],
    ['terminating', running('web-a', { app: 'web' }, ready, { metadata: { name: 'web-a', namespace: 'default', labels: { app: 'web' }, deletionTimestamp: '2024-01-01T00:00:00Z' } })],
    ['in another namespace', running('web-a', { app: 'web' }, ready, { metadata: { name: 'web-a', namespace: 'staging', labels: { app: 'web' } } })],
  ])('leaves out a pod that is %s', (_, p) => {
    expect(serviceEndpoints(web, [p])).toEqual([]);
  });

  it('includes not-ready pods when publishNotReadyAddresses is set, marked not ready', () => {
    const publish = { ...web, spec: { ...web.spec, publishNotReadyAddresses: true } };
    expect(serviceEndpoints(publish, [running('web-a', { app: 'web' }, notReady)]).map((e) => e.ready)).toEqual([false]);
  });

  it('leaves out a named port the pod does not have, and a pod that serves none of the ports', () => {
    const named = service('web', { app: 'web' }, [{ name: 'grpc', port: 81, targetPort: 'grpc', protocol: 'TCP' }]);
    expect(serviceEndpoints(named, [running('web-a', { app: 'web' })])).toEqual([]);
    const udp = service('dns', { app: 'web' }, [{ name: 'http', port: 80, targetPort: 'http', protocol: 'UDP' }]);
    expect(serviceEndpoints(udp, [running('web-a', { app: 'web' })])).toEqual([]);
  });

  it('has no endpoints without a selector (they are managed by hand in Kubernetes)', () => {
    expect(serviceEndpoints(service('external', undefined, [{ port: 80, targetPort: 80 }]), [running('web-a', { app: 'web' })])).toEqual([]);
  });
});
