// Choosing where to preempt: how many candidate nodes to look for, and kube-scheduler's pickOneNodeForPreemption.
import { podStartTime } from '../../priority';
import type { NodeInfo } from '../../snapshot';
import type { Victims } from './victims';

export interface Candidate extends Victims {
  node: NodeInfo;
}

export interface DefaultPreemptionArgs {
  /** Share of the nodes to find as candidates before choosing (default 10). */
  minCandidateNodesPercentage?: number;
  /** At least this many candidates (default 100), when there are that many nodes to try. */
  minCandidateNodesAbsolute?: number;
}

/** kube-scheduler's calculateNumCandidates: a share of the nodes, at least the absolute minimum, at most all. */
export function numCandidates(numNodes: number, { minCandidateNodesPercentage = 10, minCandidateNodesAbsolute = 100 }: DefaultPreemptionArgs = {}): number {
  const n = Math.max(Math.trunc((numNodes * minCandidateNodesPercentage) / 100), minCandidateNodesAbsolute);
  return Math.min(n, numNodes);
}

// 2^31: kube-scheduler adds MaxInt32 + 1 to every priority before summing, so that several negative priorities never
// look cheaper than fewer of them.
const PRIORITY_OFFSET = 2 ** 31;

/** Of the victims of the highest priority, the earliest start time (GetEarliestPodStartTime). */
function earliestStartOfMostImportant(v: Victims): number {
  let maxPriority = v.pods[0].group.priority;
  let earliest = podStartTime(v.pods[0].pod);
  for (const p of v.pods) {
    const prio = p.group.priority;
    if (prio === maxPriority) earliest = Math.min(earliest, podStartTime(p.pod));
    else if (prio > maxPriority) {
      maxPriority = prio;
      earliest = podStartTime(p.pod);
    }
  }
  return earliest;
}

/**
 * Each rule keeps the candidates that score best on it and hands ties to the next: fewest PodDisruptionBudget
 * violations, lowest most-important victim, lowest sum of priorities, fewest victims, latest start among the most
 * important victims; then the first candidate (kube-scheduler: the first in its list).
 */
const RULES: ReadonlyArray<(c: Candidate) => number> = [
  (c) => -c.numPDBViolations,
  (c) => -c.pods[0].group.priority,
  (c) => -c.pods.reduce((sum, p) => sum + p.group.priority + PRIORITY_OFFSET, 0),
  (c) => -c.pods.length,
  (c) => earliestStartOfMostImportant(c),
];

export function pickOneNodeForPreemption(candidates: readonly Candidate[]): Candidate | undefined {
  let left = candidates;
  for (const score of RULES) {
    if (left.length <= 1) break;
    const scores = left.map(score);
    const best = Math.max(...scores);
    left = left.filter((_, i) => scores[i] === best);
  }
  return left[0];
}
