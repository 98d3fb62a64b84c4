// LeastAllocated, NodeResourcesFit's default scoring strategy: prefer the node with the most room left.
import { MAX_NODE_SCORE } from '../../framework';

/** (capacity − requested) × 100 / capacity, in integers; 0 when it would not fit or capacity is 0. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** The weighted mean of leastRequestedScore over resources the node has (allocatable > 0). */
export function leastAllocatedScore(requested: ArrayLike<number>, allocatable: ArrayLike<number>, weights: ArrayLike<number>): number {
  let nodeScore = 0;
  let weightSum = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    nodeScore += leastRequestedScore(requested[i], allocatable[i]) * weights[i];
    weightSum += weights[i];
  }
  return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
}

/** cpu and memory weigh the same unless the plugin's arguments say otherwise. */
const EVEN = [1, 1];

/** leastAllocatedScore for cpu and memory alone, without arrays: the default, scored for every pod and node. */
export function leastAllocatedCpuMemory(reqCPU: number, allocCPU: number, reqMem: number, allocMem: number, weights: ArrayLike<number> = EVEN): number {
  const wCPU = weights[0];
  const wMem = weights[1];
  let nodeScore = 0;
  let weightSum = 0;
  if (allocCPU !== 0) {
    nodeScore += leastRequestedScore(reqCPU, allocCPU) * wCPU;
    weightSum += wCPU;
  }
  if (allocMem !== 0) {
    nodeScore += leastRequestedScore(reqMem, allocMem) * wMem;
    weightSum += wMem;
  }
  return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
}
