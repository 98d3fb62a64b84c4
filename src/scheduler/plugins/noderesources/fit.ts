// NodeResourcesFit: a pod fits where allocatable minus what the node's pods request covers its requests (cpu,
// memory, ephemeral storage) and the pod count stays within allocatable pods. Scores with a strategy
// (LeastAllocated by default).
import type { Plugin, PluginFactory } from '../../framework';
import type { Resources } from '../../resources';
import type { NodeInfo } from '../../snapshot';
import type { NodeTotals } from '../../totals';
import { unschedulable, type Status } from '../../status';
import { leastAllocatedCpuMemory, leastAllocatedScore } from './leastallocated';
import { DEFAULT_RESOURCES, podSlots, ResourceAllocation, type ResourceName, type ResourceSpec } from './resourceallocation';

export const NAME = 'NodeResourcesFit';
export const ERR_REASON_TOO_MANY_PODS = 'Too many pods';
export const ERR_REASON_INSUFFICIENT_CPU = 'Insufficient cpu';
export const ERR_REASON_INSUFFICIENT_MEMORY = 'Insufficient memory';
export const ERR_REASON_INSUFFICIENT_EPHEMERAL_STORAGE = 'Insufficient ephemeral-storage';

export interface NodeResourcesFitArgs {
  scoringStrategy?: { type?: 'LeastAllocated'; resources?: ResourceSpec[] };
}

export interface InsufficientResource {
  resourceName: ResourceName | 'pods';
  reason: string;
  requested: number;
  used: number;
  capacity: number;
}

const PODS = 1;
const CPU = 2;
const MEMORY = 4;
const EPHEMERAL = 8;

/** Bit set of what does not fit on node `i`, in Kubernetes' order: pods, cpu, memory, ephemeral-storage. */
function insufficientMask(req: Resources, t: NodeTotals, i: number): number {
  let mask = 0;
  if (t.numPods[i] + 1 > t.allowedPodNumber[i]) mask |= PODS;
  // A pod that requests nothing only needs a pod slot.
  if (req.milliCPU === 0 && req.memory === 0 && req.ephemeralStorage === 0) return mask;
  if (req.milliCPU > 0 && req.milliCPU > t.allocatableMilliCPU[i] - t.requestedMilliCPU[i]) mask |= CPU;
  if (req.memory > 0 && req.memory > t.allocatableMemory[i] - t.requestedMemory[i]) mask |= MEMORY;
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > t.allocatableEphemeralStorage[i] - t.requestedEphemeralStorage[i]) {
    mask |= EPHEMERAL;
  }
  return mask;
}

/** Everything that keeps the pod's requests off the node; empty when it fits. */
export function fitsRequest(req: Resources, node: NodeInfo): InsufficientResource[] {
  const mask = insufficientMask(req, node.totals, node.index);
  const out: InsufficientResource[] = [];
  const add = (resourceName: InsufficientResource['resourceName'], reason: string, requested: number, used: number, capacity: number) =>
    out.push({ resourceName, reason, requested, used, capacity });
  if (mask & PODS) add('pods', ERR_REASON_TOO_MANY_PODS, 1, node.numPods, node.allowedPodNumber);
  if (mask & CPU) add('cpu', ERR_REASON_INSUFFICIENT_CPU, req.milliCPU, node.requestedMilliCPU, node.allocatableMilliCPU);
  if (mask & MEMORY) add('memory', ERR_REASON_INSUFFICIENT_MEMORY, req.memory, node.requestedMemory, node.allocatableMemory);
  if (mask & EPHEMERAL) {
    const eph = node.requestedEphemeralStorage;
    add('ephemeral-storage', ERR_REASON_INSUFFICIENT_EPHEMERAL_STORAGE, req.ephemeralStorage, eph, node.allocatableEphemeralStorage);
  }
  return out;
}

// One status per combination of failing resources, built once: the filter allocates nothing.
const REASONS = [
  ERR_REASON_TOO_MANY_PODS,
  ERR_REASON_INSUFFICIENT_CPU,
  ERR_REASON_INSUFFICIENT_MEMORY,
  ERR_REASON_INSUFFICIENT_EPHEMERAL_STORAGE,
];
const STATUSES: Status[] = Array.from({ length: 16 }, (_, mask) =>
  unschedulable(...REASONS.filter((_, i) => mask & (1 << i))),
);

export const nodeResourcesFit: PluginFactory = (args, { snapshot }): Plugin => {
  const t = snapshot.totals;
  const resources = (args as NodeResourcesFitArgs | undefined)?.scoringStrategy?.resources ?? DEFAULT_RESOURCES;
  const r = new ResourceAllocation(resources, false);
  return {
    name: NAME,
    filter: (_state, pod, nodes, statuses) => {
      const req = pod.group.requests;
      let rejected = 0;
      for (let i = 0; i < nodes.length; i++) {
        const mask = insufficientMask(req, t, nodes[i].index);
        if (mask !== 0) {
          statuses[i] = STATUSES[mask];
          rejected++;
        }
      }
      return rejected;
    },
    score: (_state, pod, nodes, scores) => {
      if (r.cpuAndMemory) {
        const p = pod.group.nonZeroRequests;
        for (let i = 0; i < nodes.length; i++) {
          const n = nodes[i].index;
          let reqCPU = t.nonZeroMilliCPU[n] + p.milliCPU;
          let allocCPU = t.allocatableMilliCPU[n];
          let reqMem = t.nonZeroMemory[n] + p.memory;
          let allocMem = t.allocatableMemory[n];
          if (allocCPU === Infinity || allocMem === Infinity) {
            const slots = podSlots(t, n);
            if (allocCPU === Infinity) [reqCPU, allocCPU] = [slots.requested, slots.capacity];
            if (allocMem === Infinity) [reqMem, allocMem] = [slots.requested, slots.capacity];
          }
          scores[i] = leastAllocatedCpuMemory(reqCPU, allocCPU, reqMem, allocMem, r.weights);
        }
        return;
      }
      for (let i = 0; i < nodes.length; i++) {
        r.fill(pod.group, nodes[i]);
        scores[i] = leastAllocatedScore(r.requested, r.allocatable, r.weights);
      }
    },
  };
};
