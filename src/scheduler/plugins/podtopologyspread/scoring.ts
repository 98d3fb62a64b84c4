// PodTopologySpread's score (ScheduleAnyway constraints): fewer matching pods in the node's domains is better,
// each constraint weighted by the log of how many domains the feasible nodes span.
import { MAX_NODE_SCORE } from '../../framework';
import type { NodeInfo } from '../../snapshot';
import type { DomainCounter } from '../../topology';
import type { SpreadConstraint } from './constraints';

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';

export interface ScoreConstraint {
  constraint: SpreadConstraint;
  counter: DomainCounter;
  /** ln(domains + 2), from the feasible nodes. */
  weight: number;
}

/** ln(size + 2): in [1.09, 8.52] for 0 to 5,000 domains. */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

/** maxSkew − 1 is added so that small differences between domains matter less. */
export function scoreForCount(count: number, maxSkew: number, weight: number): number {
  return count * weight + (maxSkew - 1);
}

/** Nodes lacking any constraint's key are ignored: they score 0 whatever their pods. */
export function isIgnored(constraints: readonly { counter: DomainCounter }[], node: number): boolean {
  for (const c of constraints) if (c.counter.domains.nodeDomain[node] < 0) return true;
  return false;
}

/** Per constraint, the weight from the number of domains among the feasible, not-ignored nodes. */
export function normalizingWeights(
  constraints: readonly { constraint: SpreadConstraint; counter: DomainCounter }[],
  nodes: readonly NodeInfo[],
): number[] {
  const kept = nodes.filter((n) => !isIgnored(constraints, n.index));
  return constraints.map(({ constraint, counter }) => {
    if (constraint.topologyKey === LABEL_HOSTNAME) return topologyNormalizingWeight(kept.length);
    const seen = new Set<number>();
    for (const n of kept) seen.add(counter.domains.nodeDomain[n.index]);
    return topologyNormalizingWeight(seen.size);
  });
}

export function spreadScore(constraints: readonly ScoreConstraint[], node: number): number {
  if (isIgnored(constraints, node)) return 0;
  let score = 0;
  for (const c of constraints) score += scoreForCount(c.counter.at(node), c.constraint.maxSkew, c.weight);
  return Math.round(score);
}

/** Ignored nodes get 0; others 100 × (max + min − score) / max, so the emptiest domains score highest. */
export function normalizeSpreadScore(scores: Float64Array, ignored: (i: number) => boolean): void {
  let min = Infinity;
  let max = 0;
  for (let i = 0; i < scores.length; i++) {
    if (ignored(i)) continue;
    if (scores[i] < min) min = scores[i];
    if (scores[i] > max) max = scores[i];
  }
  for (let i = 0; i < scores.length; i++) {
    if (ignored(i)) scores[i] = 0;
    else if (max === 0) scores[i] = MAX_NODE_SCORE;
    else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i])) / max);
  }
}
