// PodTopologySpread's score (ScheduleAnyway constraints): fewer matching pods in the node's domains is better,
// each constraint weighted by the log of how many domains the feasible nodes span.
import { MAX_NODE_SCORE } from '../../framework';
import type { NodeInfo } from '../../snapshot';
import type { TopologyDomains } from '../../topology';
import type { SpreadConstraint } from './constraints';

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';

/** Matching pods per domain (DomainCounter, SparseDomainCounter). */
export interface ScoreCounter {
  readonly domains: TopologyDomains;
  at(nodeIndex: number): number;
}

/** A pod's ScheduleAnyway constraints with their counters. */
export interface SoftConstraints {
  readonly constraints: readonly { readonly constraint: SpreadConstraint; readonly counter: ScoreCounter }[];
  /**
   * Nodes lacking any constraint's key are ignored (score 0). False for system default constraints only
   * (kube-scheduler's requireAllTopologies): a node is then scored by the constraints whose key it has.
   */
  readonly requireAllTopologies: boolean;
}

export interface ScoreConstraint {
  constraint: SpreadConstraint;
  counter: ScoreCounter;
  /** ln(domains + 2), from the feasible nodes. */
  weight: number;
}

/** What PreScore leaves for Score and NormalizeScore. */
export interface ScoreState {
  readonly constraints: readonly ScoreConstraint[];
  readonly requireAllTopologies: boolean;
}

/** ln(size + 2): in [1.09, 8.52] for 0 to 5,000 domains. */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

/** maxSkew − 1 is added so that small differences between domains matter less. */
export function scoreForCount(count: number, maxSkew: number, weight: number): number {
  return count * weight + (maxSkew - 1);
}

/** With requireAllTopologies, nodes lacking any constraint's key are ignored: they score 0 whatever their pods. */
export function isIgnored(s: Pick<SoftConstraints, 'constraints' | 'requireAllTopologies'>, node: number): boolean {
  if (!s.requireAllTopologies) return false;
  for (const c of s.constraints) if (c.counter.domains.nodeDomain[node] < 0) return true;
  return false;
}

/**
 * Counts the distinct domains of some nodes without allocating per call: each domain remembers the last count that
 * saw it. Scoring asks this for every pod, over hundreds of feasible nodes. Nodes lacking the key count as one more
 * domain, as kube-scheduler's pair {key, ""} does (only system defaults score such nodes).
 */
export class DistinctDomains {
  private readonly seen = new Map<TopologyDomains, Uint32Array>();
  private stamp = 0;

  count(domains: TopologyDomains, nodes: readonly NodeInfo[], skip: (node: number) => boolean): number {
    let seen = this.seen.get(domains);
    if (!seen) this.seen.set(domains, (seen = new Uint32Array(domains.size)));
    const stamp = ++this.stamp;
    let n = 0;
    let missing = false;
    for (const node of nodes) {
      const d = domains.nodeDomain[node.index];
      if ((d < 0 ? missing : seen[d] === stamp) || skip(node.index)) continue;
      if (d < 0) missing = true;
      else seen[d] = stamp;
      n++;
    }
    return n;
  }
}

/**
 * Per constraint, the weight from the number of domains among the feasible, not-ignored nodes (for hostname, the
 * number of those nodes, as kube-scheduler does: hosts are their own domains).
 */
export function normalizingWeights(s: SoftConstraints, nodes: readonly NodeInfo[], distinct: DistinctDomains): number[] {
  const skip = (node: number) => isIgnored(s, node);
  let kept = nodes.length;
  if (s.requireAllTopologies) for (const n of nodes) if (skip(n.index)) kept--;
  return s.constraints.map(({ constraint, counter }) =>
    topologyNormalizingWeight(constraint.topologyKey === LABEL_HOSTNAME ? kept : distinct.count(counter.domains, nodes, skip)),
  );
}

export function spreadScore(s: ScoreState, node: number): number {
  if (isIgnored(s, node)) return 0;
  let score = 0;
  for (const c of s.constraints) {
    if (c.counter.domains.nodeDomain[node] < 0) continue;
    score += scoreForCount(c.counter.at(node), c.constraint.maxSkew, c.weight);
  }
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
