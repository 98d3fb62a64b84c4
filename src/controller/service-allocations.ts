import { assignServiceAddresses, type ServiceAddresses, type ServiceAllocations, type ServiceNetwork } from '../controllers';
import type { KubeObject } from '../manifest';
import type { Decision } from './events';
import type { StoreRecords } from './store';

/** One key for every Service: a pass reads it once and writes it only when an address was given or released. */
export const SERVICE_ALLOCATIONS_KEY = 'services/allocations';

const NONE: ServiceAllocations = Object.freeze({}) as ServiceAllocations;

/**
 * The Services' ClusterIPs and NodePorts, kept in the Store so that a Service keeps its addresses across passes and
 * controller restarts, as the API server keeps them in etcd. The loop commits the Store before applying, so an
 * address is durable before any host serves it.
 */
export class ServiceAllocator {
  constructor(private readonly store: StoreRecords) {}

  /** What every Service holds, as last recorded. */
  previous(): ServiceAllocations {
    return this.store.get<ServiceAllocations>(SERVICE_ALLOCATIONS_KEY) ?? NONE;
  }

  /**
   * Once per pass, on the expansion's objects: the objects with the Services' addresses filled (a new Service whose
   * request cannot be met is left out, with a Warning decision saying what to change in git).
   */
  allocate(objects: readonly KubeObject[], network: ServiceNetwork, decisions: Decision[]): KubeObject[] {
    const assigned = assignServiceAddresses(objects, this.previous(), network);
    this.record(assigned, decisions);
    return assigned.objects;
  }

  /** Stores a result of allocateServiceAddresses computed elsewhere (e.g. inside the pure pass) and reports its failures. */
  record(assigned: Pick<ServiceAddresses, 'allocations' | 'failures'>, decisions: Decision[]): void {
    if (assigned.allocations !== this.previous()) this.store.put(SERVICE_ALLOCATIONS_KEY, assigned.allocations);
    for (const { key, reason, message } of assigned.failures) {
      const slash = key.indexOf('/');
      decisions.push({ object: { kind: 'Service', namespace: key.slice(0, slash), name: key.slice(slash + 1) }, reason, message, type: 'Warning' });
    }
  }
}
