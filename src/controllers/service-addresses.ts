// ClusterIPs and NodePorts, as Kubernetes' API server gives them when a Service is created or updated
// (pkg/registry/core/service/storage/alloc.go over ipallocator and portallocator), but pure and deterministic: what
// each Service holds comes in as `previous` (the controller's store) and goes out as `allocations`; new addresses
// are found by probing from a hash of namespace/name, so the same repository gives the same addresses.
import type { Service, ServicePort } from 'kubernetes-types/core/v1';
import { formatIPv4, parseIPv4 } from '../common';
import type { KubeObject } from '../manifest';
import { fnv1a32 } from './hash';
import { Claims, type ServiceAllocation } from './service-claims';
import { nextFree, parseNodePortRange, parseServiceCIDR, type NodePortRange, type ServiceIPRange } from './service-ranges';

export type { ServiceAllocation };

/** By "namespace/name": what each Service holds. JSON, kept in the controller's store between passes. */
export type ServiceAllocations = Record<string, ServiceAllocation>;

/** cluster.yaml spec.network. */
export interface ServiceNetwork {
  serviceCIDR: string;
  nodePortRange: string;
}

export interface ServiceAddressFailure {
  /** "namespace/name" of the Service. */
  key: string;
  reason: string;
  message: string;
}

export interface ServiceAddresses {
  /** The same object as `previous` when nothing changed (store it only when it is not). */
  allocations: ServiceAllocations;
  /** The Services, in input order, with clusterIP(s), ipFamilies, ipFamilyPolicy and nodePorts filled. */
  services: Service[];
  /**
   * Services whose request cannot be met, as an update the API server rejects: a new Service is left out of
   * `services`; one that held addresses keeps them (the old object stays, in Kubernetes' words).
   */
  failures: ServiceAddressFailure[];
}

export const REASON_CLUSTER_IP_ALREADY_ALLOCATED = 'ClusterIPAlreadyAllocated';
export const REASON_CLUSTER_IP_OUT_OF_RANGE = 'ClusterIPOutOfRange';
export const REASON_CLUSTER_IP_IMMUTABLE = 'ClusterIPImmutable';
export const REASON_CLUSTER_IP_RANGE_FULL = 'ClusterIPRangeFull';
export const REASON_SERVICE_CIDR_UNSUPPORTED = 'ServiceCIDRUnsupported';
export const REASON_PORT_ALREADY_ALLOCATED = 'PortAlreadyAllocated';
export const REASON_PORT_OUT_OF_RANGE = 'PortOutOfRange';
export const REASON_PORT_RANGE_FULL = 'PortRangeFull';

/**
 * Every Service's addresses for this pass. What a Service holds it keeps (Kubernetes' patchAllocatedValues: an empty
 * spec.clusterIP or nodePort means "what I have"); explicit requests come next, first by namespace/name; then new
 * addresses, dynamic ones preferring the upper part of each range. A Service gone from git releases everything.
 */
export function allocateServiceAddresses(services: readonly Service[], previous: ServiceAllocations, network: ServiceNetwork): ServiceAddresses {
  const { allocations, byIndex, failures } = allocate(services, previous, network);
  return { allocations, services: byIndex.filter((s): s is Service => s !== undefined), failures };
}

/** The same over a pass's objects: Services get their addresses, a new Service that failed is left out. */
export function assignServiceAddresses(objects: readonly KubeObject[], previous: ServiceAllocations, network: ServiceNetwork): ServiceAddresses & { objects: KubeObject[] } {
  const services = objects.filter((o) => o.kind === 'Service') as unknown as Service[];
  const { allocations, byIndex, failures } = allocate(services, previous, network);
  const out: KubeObject[] = [];
  let next = 0;
  for (const o of objects) {
    if (o.kind !== 'Service') {
      out.push(o);
      continue;
    }
    const filled = byIndex[next++];
    if (filled) out.push(filled as unknown as KubeObject);
  }
  return { allocations, services: byIndex.filter((s): s is Service => s !== undefined), failures, objects: out };
}

function allocate(services: readonly Service[], previous: ServiceAllocations, network: ServiceNetwork): Allocated {
  const first = allocateOnce(services, previous, network);
  if (first.failures.length === 0 || !first.released) return first;
  // Something was released this pass (a Service turned ClusterIP or ExternalName, a port removed) and something
  // failed, maybe for what was just freed, which Kubernetes would grant once the other update is committed. Decide
  // again with the Services that held addresses holding what they now have, and the new ones asking afresh.
  const settled: ServiceAllocations = {};
  for (const key of Object.keys(first.allocations)) if (previous[key]) settled[key] = first.allocations[key];
  return allocateOnce(services, settled, network);
}

interface Allocated {
  allocations: ServiceAllocations;
  /** By position in the input: the filled Service, or undefined when left out. */
  byIndex: Array<Service | undefined>;
  failures: ServiceAddressFailure[];
  released: boolean;
}

function allocateOnce(services: readonly Service[], previous: ServiceAllocations, network: ServiceNetwork): Allocated {
  const ipRange = parseServiceCIDR(network.serviceCIDR);
  const portRange = parseNodePortRange(network.nodePortRange);
  const entries = services.map((service, index) => ({ service, index, key: keyOf(service), prev: undefined as ServiceAllocation | undefined }));
  if (!entries.every((e, i) => i === 0 || compareEntries(entries[i - 1], e) < 0)) entries.sort(compareEntries);

  const claims = new Claims();
  // Everything a Service still in git holds stays held while the pass decides: if its update fails it keeps it all.
  for (const e of entries) claims.hold(e.key, (e.prev = previous[e.key]));

  const out: Array<Service | undefined> = new Array(services.length);
  const granted: Array<ServiceAllocation | undefined> = new Array(entries.length);
  const failures: ServiceAddressFailure[] = [];
  let changed = false;
  let kept = 0;
  for (let i = 0; i < entries.length; i++) {
    const { service, index, key, prev } = entries[i];
    let allocation = prev;
    let failed = false;
    // Nearly every Service of nearly every pass asks for nothing it does not hold: no garbage, no search.
    if (!prev || !keepsAsIs(service, key, prev, claims)) {
      const decided = decide(service, { key, prev, claims }, ipRange, portRange);
      if ('failure' in decided) {
        failed = true;
        const outcome = prev ? 'the Service keeps its current addresses' : 'the Service is not created';
        failures.push({ key, ...decided.failure, message: `${decided.failure.message}; ${outcome} until then` });
      } else if (decided.allocation ? !prev || !sameAllocation(prev, decided.allocation) : prev !== undefined) {
        allocation = decided.allocation;
        changed = true;
      }
    }
    if (allocation && allocation === prev) kept++;
    granted[i] = allocation;
    if (!failed || prev) out[index] = withAddresses(service, allocation);
  }
  // Every Service kept what it had: changed only if some Service was deleted.
  if (!changed) changed = kept !== sizeOf(previous);
  let allocations = previous;
  if (changed) {
    allocations = {};
    for (let i = 0; i < entries.length; i++) if (granted[i]) allocations[entries[i].key] = granted[i]!;
  }
  return { allocations, byIndex: out, failures, released: claims.released };
}

/** Keys in a record, counted once per record object (counting 5,000 keys every pass shows in a profile). */
const sizes = new WeakMap<ServiceAllocations, number>();
function sizeOf(record: ServiceAllocations): number {
  let size = sizes.get(record);
  if (size === undefined) sizes.set(record, (size = Object.keys(record).length));
  return size;
}

/** The Service holds exactly what its spec asks for, and gives nothing back: decide() would return `prev`. */
function keepsAsIs(service: Service, key: string, prev: ServiceAllocation, claims: Claims): boolean {
  const spec = service.spec ?? {};
  const type = spec.type ?? 'ClusterIP';
  const held = prev.clusterIP;
  if (type === 'ExternalName' || held === undefined) return false;
  if (spec.clusterIP && spec.clusterIP !== held) return false;
  if (held !== 'None' && claims.ipOwner(held) !== key) return false;
  const nodePorts = prev.nodePorts ?? {};
  if (type !== 'NodePort' && type !== 'LoadBalancer') {
    for (const _ in nodePorts) return false;
    return true;
  }
  const ports = spec.ports ?? [];
  let count = 0;
  for (const _ in nodePorts) count++;
  if (count !== ports.length) return false;
  for (const p of ports) {
    const n = nodePorts[portKey(p)];
    if (n === undefined || (p.nodePort && p.nodePort !== n) || claims.portOwner(n) !== key) return false;
    // A number written on one port and held by another: decide() sorts that out.
    if (!p.nodePort && ports.some((q) => q !== p && q.nodePort === n && q.port !== p.port)) return false;
  }
  return true;
}

type Decided = { allocation?: ServiceAllocation } | { failure: { reason: string; message: string } };

/** One Service: its clusterIP, then its nodePorts; on failure, what it claimed is given back. */
/** A Service deciding its allocations: its key, what it held after the last pass, and every Service's claims. */
interface Holder {
  key: string;
  prev: ServiceAllocation | undefined;
  claims: Claims;
}

function decide(service: Service, holder: Holder, ipRange: ServiceIPRange | { error: string }, portRange: NodePortRange | { error: string }): Decided {
  const { key, prev, claims } = holder;
  const spec = service.spec ?? {};
  const type = spec.type ?? 'ClusterIP';
  if (type === 'ExternalName') {
    claims.releaseAll(key, prev);
    return {};
  }
  const mark = claims.mark();
  const ip = decideClusterIP(spec.clusterIP || undefined, type, holder, ipRange);
  if (typeof ip !== 'string') return { failure: ip };
  const nodePorts: Record<string, number> = {};
  if (type === 'NodePort' || type === 'LoadBalancer') {
    const failure = decideNodePorts(spec.ports ?? [], holder, portRange, nodePorts);
    if (failure) {
      claims.rollback(mark);
      return { failure };
    }
  }
  // Granted: what the Service held and no longer uses is free for the others.
  if (prev?.clusterIP && prev.clusterIP !== ip) claims.releaseIP(key, prev.clusterIP);
  const used = new Set(Object.values(nodePorts));
  for (const n of Object.values(prev?.nodePorts ?? {})) if (!used.has(n)) claims.releasePort(key, n);
  return { allocation: { clusterIP: ip, nodePorts } };
}

function decideClusterIP(asked: string | undefined, type: string, { key, prev, claims }: Holder, range: ServiceIPRange | { error: string }): string | { reason: string; message: string } {
  const held = prev?.clusterIP;
  if (held !== undefined && (held === 'None' || claims.ipOwner(held) === key)) {
    const headlessNodePort = held === 'None' && (type === 'NodePort' || type === 'LoadBalancer');
    if ((asked === undefined && !headlessNodePort) || asked === held) return held;
    // ValidateServiceUpdate: "may not change once set". Even headless ↔ an address; yet an empty clusterIP keeps
    // "None" (patchAllocatedValues), so taking `clusterIP: None` out of git leaves the Service headless, as kubectl
    // apply does.
    const has = headlessNodePort ? `is headless (clusterIP None), which type ${type} may not be; keep type ClusterIP` : `has ${held}; set it back to ${held} (or leave it empty)`;
    return { reason: REASON_CLUSTER_IP_IMMUTABLE, message: `spec.clusterIP: may not change once set: the Service ${has}, or delete the Service in one commit and add it again in the next` };
  }
  if (asked === 'None') return 'None';
  if ('error' in range) return { reason: REASON_SERVICE_CIDR_UNSUPPORTED, message: `spec.clusterIP: ${range.error}` };
  const hint = `or leave spec.clusterIP empty for Berth to choose one`;
  if (asked !== undefined) {
    const n = parseIPv4(asked);
    const where = `the service range ${range.cidr} (cluster.yaml spec.network.serviceCIDR)`;
    const outOfRange = (why: string) => ({ reason: REASON_CLUSTER_IP_OUT_OF_RANGE, message: `spec.clusterIP: ${asked} ${why}; use another address in ${range.cidr} ${hint}` });
    if (n === undefined || n < range.network || n >= range.network + range.cidrSize) return outOfRange(`is not in ${where}`);
    if (n === range.network) return outOfRange(`is the network address of ${range.cidr}`);
    if (n === range.network + range.cidrSize - 1) return outOfRange(`is the broadcast address of ${range.cidr}`);
    // The first address is the kubernetes Service's (default/kubernetes), as every Kubernetes cluster has it.
    if (n === range.network + 1) return outOfRange(`is reserved for the Service default/kubernetes (the first address of ${range.cidr})`);
    const owner = claims.ipOwner(asked);
    if (owner !== undefined && owner !== key) {
      return { reason: REASON_CLUSTER_IP_ALREADY_ALLOCATED, message: `spec.clusterIP: ${asked} is already allocated to Service ${owner}; use another address in ${range.cidr} ${hint}` };
    }
    claims.claimIP(key, asked);
    return asked;
  }
  const slot = claims.ipFull ? -1 : nextFree(range, fnv1a32(key), (i) => i === 0 || claims.ipOwner(formatIPv4(range.network + 1 + i)) !== undefined);
  if (slot < 0) {
    claims.ipFull = true;
    return { reason: REASON_CLUSTER_IP_RANGE_FULL, message: `spec.clusterIP: no free address left in ${range.cidr} (cluster.yaml spec.network.serviceCIDR); delete Services you no longer need, or widen the range` };
  }
  const ip = formatIPv4(range.network + 1 + slot);
  claims.claimIP(key, ip);
  return ip;
}

/**
 * Explicit nodePorts first (one this Service holds, on any of its ports, is its to move), then those it holds by
 * port and protocol, then new ones. Ports of one number share a node port (TCP and UDP 53), as initNodePorts does.
 */
function decideNodePorts(ports: readonly ServicePort[], { key, prev, claims }: Holder, range: NodePortRange | { error: string }, out: Record<string, number>): { reason: string; message: string } | undefined {
  const byPort = new Map<number, number>();
  const explicit = new Set<number>();
  const give = (p: ServicePort, n: number) => {
    out[portKey(p)] = n;
    if (!byPort.has(p.port)) byPort.set(p.port, n);
  };
  const hint = 'or leave nodePort empty for Berth to choose one';
  for (let i = 0; i < ports.length; i++) {
    const n = ports[i].nodePort;
    if (!n) continue;
    explicit.add(n);
    const owner = claims.portOwner(n);
    if (owner === key) {
      give(ports[i], n);
      continue;
    }
    if ('error' in range) return { reason: REASON_PORT_OUT_OF_RANGE, message: `spec.ports[${i}].nodePort: ${range.error}` };
    if (owner !== undefined) return { reason: REASON_PORT_ALREADY_ALLOCATED, message: `spec.ports[${i}].nodePort: ${n} is already allocated to Service ${owner}; use another port in ${range.text} ${hint}` };
    if (n < range.min || n > range.max) return { reason: REASON_PORT_OUT_OF_RANGE, message: `spec.ports[${i}].nodePort: ${n} is not in the node port range ${range.text} (cluster.yaml spec.network.nodePortRange); use a port in it ${hint}` };
    claims.claimPort(key, n);
    give(ports[i], n);
  }
  const fresh: number[] = [];
  for (let i = 0; i < ports.length; i++) {
    if (ports[i].nodePort) continue;
    const held = prev?.nodePorts[portKey(ports[i])];
    // A number now written on another of its ports is not patched back here (patchAllocatedValues).
    if (held !== undefined && !explicit.has(held) && claims.portOwner(held) === key) give(ports[i], held);
    else fresh.push(i);
  }
  for (const i of fresh) {
    const p = ports[i];
    const shared = byPort.get(p.port);
    if (shared !== undefined) {
      give(p, shared);
      continue;
    }
    if ('error' in range) return { reason: REASON_PORT_OUT_OF_RANGE, message: `spec.ports[${i}].nodePort: ${range.error}` };
    const slot = claims.portFull ? -1 : nextFree(range, fnv1a32(portKey(p), fnv1a32(key)), (s) => claims.portOwner(range.min + s) !== undefined);
    if (slot < 0) {
      claims.portFull = true;
      return { reason: REASON_PORT_RANGE_FULL, message: `spec.ports[${i}].nodePort: no free port left in ${range.text} (cluster.yaml spec.network.nodePortRange); delete NodePort Services you no longer need, or widen the range` };
    }
    claims.claimPort(key, range.min + slot);
    give(p, range.min + slot);
  }
  return undefined;
}

/** The last filled copy of each Service object, by the allocation it was filled from: a pass with nothing new copies none. */
const filled = new WeakMap<Service, { allocation: ServiceAllocation; service: Service }>();

/** The Service as the API server stores it: Kubernetes' single-stack IPv4 defaults, the node ports filled. */
function withAddresses(service: Service, allocation: ServiceAllocation | undefined): Service {
  if (!allocation) return service;
  const memo = filled.get(service);
  // By value: after the store writes a record, the next pass reads back a copy of the same allocations.
  if (memo && (memo.allocation === allocation || sameAllocation(memo.allocation, allocation))) return memo.service;
  const out = fill(service, allocation);
  filled.set(service, { allocation, service: out });
  return out;
}

function fill(service: Service, allocation: ServiceAllocation): Service {
  const spec = service.spec ?? {};
  const type = spec.type ?? 'ClusterIP';
  if (type === 'ExternalName' || !allocation.clusterIP) return service;
  const ip = allocation.clusterIP;
  // initIPFamilyFields: a headless Service without a selector defaults to RequireDualStack and both families, even
  // on a single-stack cluster (its endpoints may be of either family).
  const dual = ip === 'None' && Object.keys(spec.selector ?? {}).length === 0;
  const wantsNodePorts = type === 'NodePort' || type === 'LoadBalancer';
  const ports = wantsNodePorts && spec.ports ? spec.ports.map((p) => withNodePort(p, allocation.nodePorts[portKey(p)])) : spec.ports;
  return {
    ...service,
    spec: { ...spec, clusterIP: ip, clusterIPs: [ip], ipFamilies: dual ? ['IPv4', 'IPv6'] : ['IPv4'], ipFamilyPolicy: dual ? 'RequireDualStack' : 'SingleStack', ...(ports ? { ports } : {}) },
  };
}

function withNodePort(port: ServicePort, nodePort: number | undefined): ServicePort {
  return nodePort === undefined || port.nodePort === nodePort ? port : { ...port, nodePort };
}

function sameAllocation(a: ServiceAllocation, b: ServiceAllocation): boolean {
  if (a.clusterIP !== b.clusterIP) return false;
  const ka = Object.keys(a.nodePorts ?? {});
  if (ka.length !== Object.keys(b.nodePorts).length) return false;
  return ka.every((k) => a.nodePorts[k] === b.nodePorts[k]);
}

export function serviceKey(service: Service): string {
  return `${service.metadata?.namespace ?? 'default'}/${service.metadata?.name}`;
}

/** serviceKey, once per Service object: the same string each pass is a cheap property lookup in the record. */
const keys = new WeakMap<Service, string>();
function keyOf(service: Service): string {
  let key = keys.get(service);
  if (key === undefined) keys.set(service, (key = serviceKey(service)));
  return key;
}

function portKey(port: ServicePort): string {
  return `${port.port}/${port.protocol ?? 'TCP'}`;
}

/** "First by namespace/name": namespace, then name. */
function compareEntries(a: { service: Service }, b: { service: Service }): number {
  const na = a.service.metadata?.namespace ?? 'default';
  const nb = b.service.metadata?.namespace ?? 'default';
  if (na !== nb) return na < nb ? -1 : 1;
  const ma = a.service.metadata?.name ?? '';
  const mb = b.service.metadata?.name ?? '';
  return ma < mb ? -1 : ma > mb ? 1 : 0;
}
