// NodeResourcesBalancedAllocation: prefer the node whose resources would be used most evenly with the pod on it
// (cpu and memory fractions close together), scored as (1 − standard deviation of the fractions) × 100.
import { MAX_NODE_SCORE, type Plugin, type PluginFactory } from '../../framework';
import { DEFAULT_RESOURCES, finite, ResourceAllocation, type ResourceSpec } from './resourceallocation';

export const NAME = 'NodeResourcesBalancedAllocation';

export interface BalancedAllocationArgs {
  resources?: ResourceSpec[];
}

export function balancedResourceScore(requested: ArrayLike<number>, allocatable: ArrayLike<number>): number {
  // Allocation-free: this runs once per pod per node.
  let n = 0;
  let total = 0;
  let f0 = 0;
  let f1 = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const f = Math.min(requested[i] / allocatable[i], 1);
    if (n === 0) f0 = f;
    else if (n === 1) f1 = f;
    total += f;
    n++;
  }
  let std = 0;
  // Two resources (the usual case): the standard deviation is half their difference.
  if (n === 2) std = Math.abs((f0 - f1) / 2);
  else if (n > 2) {
    const mean = total / n;
    let sum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const f = Math.min(requested[i] / allocatable[i], 1);
      sum += (f - mean) * (f - mean);
    }
    std = Math.sqrt(sum / n);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/** balancedResourceScore for cpu and memory alone, without arrays. */
export function balancedCpuMemory(reqCPU: number, allocCPU: number, reqMem: number, allocMem: number): number {
  if (allocCPU === 0 || allocMem === 0) return MAX_NODE_SCORE;
  const std = Math.abs((Math.min(reqCPU / allocCPU, 1) - Math.min(reqMem / allocMem, 1)) / 2);
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

export const balancedAllocation: PluginFactory = (args, { snapshot }): Plugin => {
  const t = snapshot.totals;
  const r = new ResourceAllocation((args as BalancedAllocationArgs | undefined)?.resources ?? DEFAULT_RESOURCES, true);
  return {
    name: NAME,
    score: (_state, pod, nodes, scores) => {
      if (r.cpuAndMemory) {
        const p = pod.group.requests;
        for (let i = 0; i < nodes.length; i++) {
          const n = nodes[i].index;
          scores[i] = balancedCpuMemory(
            t.requestedMilliCPU[n] + p.milliCPU,
            finite(t.allocatableMilliCPU[n]),
            t.requestedMemory[n] + p.memory,
            finite(t.allocatableMemory[n]),
          );
        }
        return;
      }
      for (let i = 0; i < nodes.length; i++) {
        r.fill(pod.group, nodes[i]);
        scores[i] = balancedResourceScore(r.requested, r.allocatable);
      }
    },
  };
};
