// Shared by the resource scoring strategies, after kube-scheduler's resourceAllocationScorer: for each scored
// resource, the node's allocatable and what it would have requested with the pod on it.
import type { PodGroup } from '../../podinfo';
import type { Resources } from '../../resources';
import type { NodeInfo } from '../../snapshot';
import type { NodeTotals } from '../../totals';

export type ResourceName = 'cpu' | 'memory' | 'ephemeral-storage';

export interface ResourceSpec {
  name: ResourceName;
  weight: number;
}

export const DEFAULT_RESOURCES: readonly ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

/** A resource the node does not declare (Infinity) is left out of scoring, as allocatable 0 is. */
export function finite(allocatable: number): number {
  return allocatable === Infinity ? 0 : allocatable;
}

/** Pods a node takes when it declares no number (kubelet's --max-pods default). */
export const DEFAULT_ALLOWED_PODS = 110;

/**
 * Berth: LeastAllocated scores a resource the node does not declare yet (a host that has not reported its capacity)
 * by the node's pods instead: the share of its pod slots used with the pod on it. Hosts of unknown capacity are so
 * balanced by pod count (left out of scoring, every such host would tie and the first by name take every pod).
 */
export function podSlots(t: NodeTotals, i: number): { requested: number; capacity: number } {
  const allowed = t.allowedPodNumber[i];
  return { requested: t.numPods[i] + 1, capacity: allowed === Infinity ? DEFAULT_ALLOWED_PODS : allowed };
}

function pick(r: Resources, name: ResourceName): number {
  return name === 'cpu' ? r.milliCPU : name === 'memory' ? r.memory : r.ephemeralStorage;
}

/**
 * Scores one pod against nodes: fills allocatable and requested for each resource. `useRequested` false
 * (LeastAllocated) counts cpu and memory with kube-scheduler's non-zero defaults, so pods without requests still
 * spread; true (BalancedAllocation) counts what pods really request. Ephemeral storage is always counted as
 * requested. A resource the node does not declare gets allocatable 0, which the scorers skip, except cpu and memory
 * for LeastAllocated (see podSlots).
 */
export class ResourceAllocation {
  readonly allocatable: Float64Array;
  readonly requested: Float64Array;
  readonly weights: Float64Array;
  private readonly names: ResourceName[];

  constructor(
    resources: readonly ResourceSpec[],
    private readonly useRequested: boolean,
  ) {
    this.names = resources.map((r) => r.name);
    this.weights = Float64Array.from(resources.map((r) => r.weight));
    this.allocatable = new Float64Array(resources.length);
    this.requested = new Float64Array(resources.length);
    this.cpuAndMemory = this.names.length === 2 && this.names[0] === 'cpu' && this.names[1] === 'memory';
  }

  /** Just cpu and memory (the default): plugins then take a loop without arrays or lookups by name. */
  readonly cpuAndMemory: boolean;

  fill(pod: PodGroup, node: NodeInfo): void {
    const fromPod = this.useRequested ? pod.requests : pod.nonZeroRequests;
    for (let i = 0; i < this.names.length; i++) {
      const name = this.names[i];
      const alloc = pick(node.allocatable, name);
      if (alloc === Infinity && !this.useRequested && name !== 'ephemeral-storage') {
        const slots = podSlots(node.totals, node.index);
        this.allocatable[i] = slots.capacity;
        this.requested[i] = slots.requested;
        continue;
      }
      this.allocatable[i] = finite(alloc);
      const onNode = !this.useRequested && name !== 'ephemeral-storage' ? node.nonZeroRequested : node.requested;
      this.requested[i] = pick(onNode, name) + pick(fromPod, name);
    }
  }
}
