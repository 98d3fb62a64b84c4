import type { Service } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { REASON_CLUSTER_IP_ALREADY_ALLOCATED } from '../../../src/controllers';
import type { Decision } from '../../../src/controller/events';
import { SERVICE_ALLOCATIONS_KEY, ServiceAllocator } from '../../../src/controller/service-allocations';
import type { Store } from '../../../src/controller/store';
import type { KubeObject } from '../../../src/manifest';

/** The Store's contract in memory, counting writes. */
function memoryStore(): Store & { puts: number } {
  const data = new Map<string, unknown>();
  return {
    puts: 0,
    get: <T>(key: string) => data.get(key) as T | undefined,
    list: <T>(prefix: string) => [...data].filter(([k]) => k.startsWith(prefix)).sort() as Array<[string, T]>,
    put(key, value) {
      this.puts++;
      data.set(key, structuredClone(value));
    },
    delete: (key) => void data.delete(key),
    commit: async () => {},
    close: async () => {},
  };
}

const network = { serviceCIDR: '10.96.0.0/16', nodePortRange: '30000-32767' };
const svc = (name: string, spec: Service['spec'] = {}) =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { type: 'ClusterIP', selector: { app: name }, ports: [{ port: 80, protocol: 'TCP' }], ...spec } }) as unknown as KubeObject;
const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' } } as KubeObject;
const clusterIP = (o: KubeObject | undefined) => (o as unknown as Service | undefined)?.spec?.clusterIP;

describe('ServiceAllocator', () => {
  it('fills the Services among the objects and keeps their addresses in the Store, written only when they change', () => {
    const store = memoryStore();
    const decisions: Decision[] = [];
    const first = new ServiceAllocator(store).allocate([deployment, svc('web')], network, decisions);
    expect(first[0]).toBe(deployment);
    expect(clusterIP(first[1])).toMatch(/^10\.96\./);
    expect(store.get(SERVICE_ALLOCATIONS_KEY)).toEqual({ 'default/web': { clusterIP: clusterIP(first[1]), nodePorts: {} } });
    expect(store.puts).toBe(1);

    // A restarted controller reads the Store: same address, nothing written.
    const again = new ServiceAllocator(store).allocate([deployment, svc('web')], network, decisions);
    expect(clusterIP(again[1])).toBe(clusterIP(first[1]));
    expect(store.puts).toBe(1);
    expect(decisions).toEqual([]);
  });

  it('reports a Service it cannot serve as a Warning on that Service, and leaves a new one out', () => {
    const store = memoryStore();
    const decisions: Decision[] = [];
    const objects = new ServiceAllocator(store).allocate([svc('api', { clusterIP: '10.96.0.10' }), svc('web', { clusterIP: '10.96.0.10' })], network, decisions);
    expect(objects.map((o) => o.metadata.name)).toEqual(['api']);
    expect(decisions).toEqual([
      { object: { kind: 'Service', namespace: 'default', name: 'web' }, reason: REASON_CLUSTER_IP_ALREADY_ALLOCATED, type: 'Warning', message: expect.stringContaining('10.96.0.10 is already allocated to Service default/api') },
    ]);
  });

  it('releases the addresses of a Service gone from git', () => {
    const store = memoryStore();
    const allocator = new ServiceAllocator(store);
    allocator.allocate([svc('web')], network, []);
    allocator.allocate([deployment], network, []);
    expect(store.get(SERVICE_ALLOCATIONS_KEY)).toEqual({});
  });
});
