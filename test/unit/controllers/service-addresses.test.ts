import type { Service, ServicePort, ServiceSpec } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import {
  allocateServiceAddresses,
  assignServiceAddresses,
  REASON_CLUSTER_IP_ALREADY_ALLOCATED,
  REASON_CLUSTER_IP_IMMUTABLE,
  REASON_CLUSTER_IP_OUT_OF_RANGE,
  REASON_CLUSTER_IP_RANGE_FULL,
  REASON_PORT_ALREADY_ALLOCATED,
  REASON_PORT_OUT_OF_RANGE,
  REASON_PORT_RANGE_FULL,
  REASON_SERVICE_CIDR_UNSUPPORTED,
  type ServiceAllocations,
  type ServiceNetwork,
} from '../../../src/controllers';
import type { KubeObject } from '../../../src/manifest';

const network: ServiceNetwork = { serviceCIDR: '10.96.0.0/16', nodePortRange: '30000-32767' };
const http: ServicePort = { name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 };

function svc(name: string, spec: ServiceSpec = {}, namespace = 'default'): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { type: 'ClusterIP', selector: { app: name }, ports: [http], ...spec } };
}
const nodePort = (name: string, ports: ServicePort[] = [http], extra: ServiceSpec = {}) => svc(name, { type: 'NodePort', ports, ...extra });

/** Runs passes in turn, each from the previous one's allocations, as the controller does. */
function passes(...steps: Array<{ services: Service[]; network?: ServiceNetwork }>) {
  let previous: ServiceAllocations = {};
  return steps.map(({ services, network: net = network }) => {
    const result = allocateServiceAddresses(services, previous, net);
    previous = result.allocations;
    return result;
  });
}
const ipOf = (services: Service[], name: string) => services.find((s) => s.metadata?.name === name)?.spec?.clusterIP;
const nodePortsOf = (services: Service[], name: string) => services.find((s) => s.metadata?.name === name)?.spec?.ports?.map((p) => p.nodePort);

describe('allocateServiceAddresses gives each Service a ClusterIP', () => {
  it('as Kubernetes defaults a single-stack IPv4 Service, in the upper part of the range', () => {
    const [{ services, allocations, failures }] = passes({ services: [svc('web')] });
    expect(failures).toEqual([]);
    const spec = services[0].spec!;
    expect(spec).toMatchObject({ clusterIPs: [spec.clusterIP], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
    // The static band of a /16 is its first 256 addresses (ServiceIPStaticSubrange).
    const [, , third] = spec.clusterIP!.split('.').map(Number);
    expect(third).toBeGreaterThanOrEqual(1);
    expect(allocations).toEqual({ 'default/web': { clusterIP: spec.clusterIP, nodePorts: {} } });
  });

  it('the same repository gives the same addresses, in any order', () => {
    const services = ['a', 'b', 'c', 'd'].map((n) => svc(n));
    const once = allocateServiceAddresses(services, {}, network).allocations;
    expect(allocateServiceAddresses([...services].reverse(), {}, network).allocations).toEqual(once);
    expect(new Set(Object.values(once).map((a) => a.clusterIP)).size).toBe(4);
  });

  it('keeps what it has across passes, and returns the very same record when nothing changed', () => {
    const first = allocateServiceAddresses([svc('web'), nodePort('api')], {}, network);
    const again = allocateServiceAddresses([svc('web'), nodePort('api')], first.allocations, network);
    expect(again.allocations).toBe(first.allocations);
    expect(again.services).toEqual(first.services);
    // A restart reads the record back from JSON: still nothing to change.
    const reread = JSON.parse(JSON.stringify(first.allocations));
    expect(allocateServiceAddresses([svc('web'), nodePort('api')], reread, network).allocations).toBe(reread);
  });

  it('keeps a held address even when a new Service hashes onto it', () => {
    const held: ServiceAllocations = { 'default/zzz': { clusterIP: '10.96.0.50', nodePorts: {} } };
    const { services } = allocateServiceAddresses([svc('zzz'), svc('aaa')], held, network);
    expect(ipOf(services, 'zzz')).toBe('10.96.0.50');
    expect(ipOf(services, 'aaa')).not.toBe('10.96.0.50');
  });

  it.each<[string, ServiceSpec, Partial<ServiceSpec>]>([
    ['headless with a selector', { clusterIP: 'None' }, { clusterIP: 'None', clusterIPs: ['None'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' }],
    // initIPFamilyFields: selectorless headless Services default to RequireDualStack, even on a single-stack cluster.
    ['headless without a selector', { clusterIP: 'None', selector: undefined }, { clusterIP: 'None', clusterIPs: ['None'], ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'RequireDualStack' }],
  ])('%s: no address', (_, spec, expected) => {
    const [{ services, allocations }] = passes({ services: [svc('db', spec)] });
    expect(services[0].spec).toMatchObject(expected);
    expect(allocations['default/db']).toEqual({ clusterIP: 'None', nodePorts: {} });
  });

  it('ExternalName: nothing at all, and turning into one releases the address', () => {
    const external = svc('web', { type: 'ExternalName', externalName: 'db.example.com', ports: [], selector: undefined });
    const [first, second] = passes({ services: [svc('web')] }, { services: [external] });
    expect(first.allocations['default/web'].clusterIP).toBeDefined();
    expect(second.allocations).toEqual({});
    expect(second.services[0]).toBe(external);
  });

  it('a headless Service cannot become NodePort: it keeps being headless until deleted and added again', () => {
    const [, second] = passes({ services: [svc('db', { clusterIP: 'None' })] }, { services: [nodePort('db')] });
    expect(second.failures).toEqual([{ key: 'default/db', reason: REASON_CLUSTER_IP_IMMUTABLE, message: expect.stringContaining('headless (clusterIP None), which type NodePort may not be') }]);
    expect(second.services[0].spec).toMatchObject({ type: 'NodePort', clusterIP: 'None' });
  });

  it('an ExternalName Service turned ClusterIP gets an address as a new one does', () => {
    const external = svc('web', { type: 'ExternalName', externalName: 'db.example.com', ports: [], selector: undefined });
    const [, second] = passes({ services: [external] }, { services: [svc('web')] });
    expect(second.failures).toEqual([]);
    expect(second.allocations['default/web'].clusterIP).toBe(allocateServiceAddresses([svc('web')], {}, network).allocations['default/web'].clusterIP);
  });

  it('a headless Service whose clusterIP: None is taken out of git stays headless (patchAllocatedValues)', () => {
    const [, second] = passes({ services: [svc('db', { clusterIP: 'None' })] }, { services: [svc('db')] });
    expect(second.failures).toEqual([]);
    expect(second.services[0].spec?.clusterIP).toBe('None');
  });
});

describe('allocateServiceAddresses honours spec.clusterIP', () => {
  it.each<[string, string, string | undefined, string?]>([
    ['inside the range', '10.96.0.10', undefined],
    ['outside the range', '10.97.0.10', REASON_CLUSTER_IP_OUT_OF_RANGE, 'spec.clusterIP: 10.97.0.10 is not in the service range 10.96.0.0/16'],
    ['the network address', '10.96.0.0', REASON_CLUSTER_IP_OUT_OF_RANGE, 'is the network address of 10.96.0.0/16'],
    ['the broadcast address', '10.96.255.255', REASON_CLUSTER_IP_OUT_OF_RANGE, 'is the broadcast address'],
    ['the first address, the kubernetes Service\'s', '10.96.0.1', REASON_CLUSTER_IP_OUT_OF_RANGE, 'reserved for the Service default/kubernetes'],
    ['an IPv6 address', 'fd00::10', REASON_CLUSTER_IP_OUT_OF_RANGE, 'is not in the service range'],
  ])('%s', (_, clusterIP, reason, message) => {
    const [{ services, failures }] = passes({ services: [svc('web', { clusterIP })] });
    if (!reason) {
      expect(failures).toEqual([]);
      return expect(services[0].spec).toMatchObject({ clusterIP, clusterIPs: [clusterIP] });
    }
    expect(services).toEqual([]);
    expect(failures).toEqual([{ key: 'default/web', reason, message: expect.stringContaining(message!) }]);
    expect(failures[0].message).toMatch(/the Service is not created until then$/);
  });

  it('two Services asking for one address: the first by namespace/name has it', () => {
    const [{ services, failures }] = passes({ services: [svc('web', { clusterIP: '10.96.0.10' }, 'prod'), svc('api', { clusterIP: '10.96.0.10' }, 'dev')] });
    expect(services.map((s) => s.metadata?.namespace)).toEqual(['dev']);
    expect(failures).toEqual([{ key: 'prod/web', reason: REASON_CLUSTER_IP_ALREADY_ALLOCATED, message: expect.stringContaining('10.96.0.10 is already allocated to Service dev/api') }]);
  });

  it('an address held wins over a new request for it, whatever the names', () => {
    const [, second] = passes({ services: [svc('zzz', { clusterIP: '10.96.0.10' })] }, { services: [svc('aaa', { clusterIP: '10.96.0.10' }), svc('zzz')] });
    expect(second.failures.map((f) => [f.key, f.reason])).toEqual([['default/aaa', REASON_CLUSTER_IP_ALREADY_ALLOCATED]]);
    expect(ipOf(second.services, 'zzz')).toBe('10.96.0.10');
  });

  it('an address released by a deleted Service is free in the same pass', () => {
    const [, second] = passes({ services: [svc('old', { clusterIP: '10.96.0.10' })] }, { services: [svc('new', { clusterIP: '10.96.0.10' })] });
    expect(second.failures).toEqual([]);
    expect(second.allocations).toEqual({ 'default/new': { clusterIP: '10.96.0.10', nodePorts: {} } });
  });

  it('an address released by a Service turned ExternalName is free in the same pass, whatever the order', () => {
    const external = svc('zzz', { type: 'ExternalName', externalName: 'db.example.com', ports: [], selector: undefined });
    const [, second] = passes({ services: [svc('zzz', { clusterIP: '10.96.0.10' })] }, { services: [svc('aaa', { clusterIP: '10.96.0.10' }), external] });
    expect(second.failures).toEqual([]);
    expect(ipOf(second.services, 'aaa')).toBe('10.96.0.10');
  });

  it.each<[string, ServiceSpec]>([
    ['another address', { clusterIP: '10.96.0.20' }],
    ['None', { clusterIP: 'None' }],
  ])('changing it once set to %s is refused: the Service keeps its address and the rest of git', (_, spec) => {
    const [, second] = passes({ services: [svc('web', { clusterIP: '10.96.0.10' })] }, { services: [svc('web', { ...spec, ports: [{ ...http, port: 81 }] })] });
    expect(second.failures).toEqual([{ key: 'default/web', reason: REASON_CLUSTER_IP_IMMUTABLE, message: expect.stringContaining('spec.clusterIP: may not change once set: the Service has 10.96.0.10') }]);
    expect(second.failures[0].message).toMatch(/keeps its current addresses until then$/);
    expect(second.services[0].spec).toMatchObject({ clusterIP: '10.96.0.10', ports: [{ port: 81 }] });
    expect(second.allocations['default/web'].clusterIP).toBe('10.96.0.10');
  });

  it('an address held outside a narrowed range is kept (Kubernetes keeps it too)', () => {
    const [, second] = passes({ services: [svc('web', { clusterIP: '10.96.200.10' })] }, { services: [svc('web')], network: { ...network, serviceCIDR: '10.96.0.0/24' } });
    expect(second.failures).toEqual([]);
    expect(ipOf(second.services, 'web')).toBe('10.96.200.10');
  });

  it('a /30 has one address to give (the first is reserved): the next Service fails clearly', () => {
    const tiny = { ...network, serviceCIDR: '10.96.0.0/30' };
    const [{ services, failures }] = passes({ services: [svc('a'), svc('b'), svc('c', { clusterIP: 'None' })], network: tiny });
    expect(services.map((s) => [s.metadata?.name, s.spec?.clusterIP])).toEqual([['a', '10.96.0.2'], ['c', 'None']]);
    expect(failures).toEqual([{ key: 'default/b', reason: REASON_CLUSTER_IP_RANGE_FULL, message: expect.stringContaining('no free address left in 10.96.0.0/30 (cluster.yaml spec.network.serviceCIDR)') }]);
  });

  it('refuses an IPv6 service range, saying Berth is IPv4 only', () => {
    const [{ services, failures }] = passes({ services: [svc('web'), svc('db', { clusterIP: 'None' })], network: { ...network, serviceCIDR: 'fd00::/108' } });
    expect(services.map((s) => s.metadata?.name)).toEqual(['db']);
    expect(failures).toEqual([{ key: 'default/web', reason: REASON_SERVICE_CIDR_UNSUPPORTED, message: expect.stringContaining('is IPv6: Berth allocates IPv4 Service addresses only') }]);
  });
});

describe('allocateServiceAddresses gives NodePort and LoadBalancer Services a node port per port', () => {
  const dns: ServicePort[] = [
    { name: 'dns', port: 53, protocol: 'UDP' },
    { name: 'dns-tcp', port: 53, protocol: 'TCP' },
    { name: 'metrics', port: 9153, protocol: 'TCP' },
  ];

  it.each<[string, Service, (ports: Array<number | undefined>) => void]>([
    ['NodePort: one each, in the upper part of the range', nodePort('web', [http, { name: 'https', port: 443, protocol: 'TCP' }]), (p) => p.forEach((n) => expect(n).toBeGreaterThanOrEqual(30086))],
    ['LoadBalancer: one each', svc('web', { type: 'LoadBalancer' }), (p) => expect(p).toHaveLength(1)],
    ['ClusterIP: none', svc('web'), (p) => expect(p).toEqual([undefined])],
    // initNodePorts: ports of one number (TCP and UDP 53) share a node port.
    ['ports of one number share it', nodePort('dns', dns), ([udp, tcp, metrics]) => expect([udp === tcp, tcp === metrics]).toEqual([true, false])],
    ['an explicit one is honoured', nodePort('web', [{ ...http, nodePort: 30080 }]), (p) => expect(p).toEqual([30080])],
  ])('%s', (_, service, check) => {
    const [{ services, failures }] = passes({ services: [service] });
    expect(failures).toEqual([]);
    check(services[0].spec!.ports!.map((p) => p.nodePort));
  });

  it.each<[string, number, string, string]>([
    ['out of the range', 8080, REASON_PORT_OUT_OF_RANGE, 'spec.ports[0].nodePort: 8080 is not in the node port range 30000-32767'],
    ['taken by another Service', 30080, REASON_PORT_ALREADY_ALLOCATED, 'spec.ports[0].nodePort: 30080 is already allocated to Service default/api'],
  ])('an explicit one %s fails', (_, port, reason, message) => {
    const [{ services, failures }] = passes({ services: [nodePort('api', [{ ...http, nodePort: 30080 }]), nodePort('web', [{ ...http, nodePort: port }])] });
    expect(services.map((s) => s.metadata?.name)).toEqual(['api']);
    expect(failures).toEqual([{ key: 'default/web', reason, message: expect.stringContaining(message) }]);
  });

  it('a failing port gives back the address the Service was to get', () => {
    // api holds an address from before the range was narrowed to a /30, whose one address b takes, then gives back.
    const held: ServiceAllocations = { 'default/api': { clusterIP: '10.96.5.5', nodePorts: { '80/TCP': 30080 } } };
    const tiny = { ...network, serviceCIDR: '10.96.0.0/30' };
    const { services, failures } = allocateServiceAddresses([nodePort('api'), nodePort('b', [{ ...http, nodePort: 30080 }]), svc('c')], held, tiny);
    expect(failures.map((f) => [f.key, f.reason])).toEqual([['default/b', REASON_PORT_ALREADY_ALLOCATED]]);
    expect(ipOf(services, 'c')).toBe('10.96.0.2');
  });

  it('keeps them across passes; changing type to ClusterIP releases them, and deleting releases everything', () => {
    const [first, second, third, fourth] = passes(
      { services: [nodePort('web', [http, { name: 'https', port: 443, protocol: 'TCP' }])] },
      { services: [nodePort('web', [http, { name: 'https', port: 443, protocol: 'TCP' }])] },
      { services: [svc('web')] },
      { services: [] },
    );
    expect(second.allocations).toBe(first.allocations);
    expect(Object.keys(first.allocations['default/web'].nodePorts)).toEqual(['80/TCP', '443/TCP']);
    expect(third.allocations['default/web']).toEqual({ clusterIP: first.allocations['default/web'].clusterIP, nodePorts: {} });
    expect(third.services[0].spec?.ports?.[0].nodePort).toBeUndefined();
    expect(fourth.allocations).toEqual({});
  });

  it('a Service may move its own node port to another of its ports', () => {
    const [first, second] = passes({ services: [nodePort('web', [{ ...http, nodePort: 30080 }])] }, { services: [nodePort('web', [http, { name: 'alt', port: 8080, protocol: 'TCP', nodePort: 30080 }])] });
    expect(first.failures).toEqual([]);
    expect(second.failures).toEqual([]);
    const [moved, kept] = nodePortsOf(second.services, 'web')!;
    expect(kept).toBe(30080);
    expect(moved).not.toBe(30080);
  });

  it('a failed update keeps the old node ports', () => {
    const [first, , third] = passes(
      { services: [nodePort('web'), nodePort('api', [{ ...http, nodePort: 30080 }])] },
      { services: [nodePort('web'), nodePort('api', [{ ...http, nodePort: 30080 }])] },
      { services: [nodePort('web', [{ ...http, nodePort: 30080 }]), nodePort('api', [{ ...http, nodePort: 30080 }])] },
    );
    expect(third.failures.map((f) => [f.key, f.reason])).toEqual([['default/web', REASON_PORT_ALREADY_ALLOCATED]]);
    expect(third.allocations['default/web']).toEqual(first.allocations['default/web']);
    expect(nodePortsOf(third.services, 'web')).toEqual(nodePortsOf(first.services, 'web'));
  });

  it('a range of 3 ports serves 3, and the fourth fails clearly', () => {
    const small = { ...network, nodePortRange: '30000-30002' };
    const [{ services, failures }] = passes({ services: [nodePort('a', [http, { name: 'b', port: 81, protocol: 'TCP' }]), nodePort('b'), nodePort('c')], network: small });
    expect(services.flatMap((s) => s.spec!.ports!.map((p) => p.nodePort)).sort()).toEqual([30000, 30001, 30002]);
    expect(failures).toEqual([{ key: 'default/c', reason: REASON_PORT_RANGE_FULL, message: expect.stringContaining('spec.ports[0].nodePort: no free port left in 30000-30002') }]);
  });
});

describe('assignServiceAddresses', () => {
  it('fills the Services among other objects, in place, and leaves out a new one that failed', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' } } as KubeObject;
    const objects = [cm, svc('a', { clusterIP: '10.96.0.10' }), svc('b', { clusterIP: '10.96.0.10' }), svc('c')] as unknown as KubeObject[];
    const result = assignServiceAddresses(objects, {}, network);
    expect(result.objects.map((o) => o.metadata.name)).toEqual(['c', 'a', 'c']);
    expect(result.objects[0]).toBe(cm);
    expect((result.objects[2] as unknown as Service).spec?.clusterIP).toMatch(/^10\.96\./);
  });

  it('5,000 Services with nothing to change: the same record back and the same filled objects, nothing copied', () => {
    const services = Array.from({ length: 5000 }, (_, i) => (i % 5 === 0 ? nodePort(`s${i}`) : svc(`s${i}`)));
    const objects = services as unknown as KubeObject[];
    const first = assignServiceAddresses(objects, {}, network);
    const again = assignServiceAddresses(objects, first.allocations, network);
    expect(again.allocations).toBe(first.allocations);
    expect(again.failures).toEqual([]);
    expect(again.objects.every((o, i) => o === first.objects[i])).toBe(true);
  });
});
