// PodTopologySpread's score (ScheduleAnyway constraints): fewer matching pods in the node's domains is better,
// each constraint weighted by the log of how many domains the feasible nodes span.
import { MAX_NODE_SCORE } from '../../framework';
import type { NodeInfo } from '../../snapshot';
import type { TopologyDomains } from '../../topology';
import type { SpreadConstraint } from './constraints';

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';

/** Matching pods per domain (SparseDomainCounter). */
export interface ScoreCounter {
  readonly domains: TopologyDomains;
  /** The counts by domain id: its own array, or `scratch` (zeros) with the counts written in. */
  dense(scratch: Int32Array): Int32Array;
  /** Zeroes in `scratch` what dense(scratch) wrote. */
  clear(scratch: Int32Array): void;
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
  /** The counter's counts by domain id, for this cycle (see DenseCounts). */
  counts: Int32Array;
}

/** What PreScore leaves for Score and NormalizeScore. */
export interface ScoreState {
  readonly constraints: readonly ScoreConstraint[];
  readonly requireAllTopologies: boolean;
  /** Per scored node (parallel to the nodes): 1 where it is ignored (see markIgnored). */
  readonly ignored: Uint8Array;
}

/** ln(size + 2): in [1.09, 8.52] for 0 to 5,000 domains. */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

/** maxSkew − 1 is added so that small differences between domains matter less. */
export function scoreForCount(count: number, maxSkew: number, weight: number): number {
  return count * weight + (maxSkew - 1);
}

/**
 * Counts the distinct domains of some nodes without allocating per call: each domain remembers the last count that
 * saw it. Scoring asks this for every pod, over hundreds of feasible nodes. Nodes lacking the key count as one more
 * domain, as kube-scheduler's pair {key, ""} does (only system defaults score such nodes).
 */
export class DistinctDomains {
  private readonly seen = new Map<TopologyDomains, Uint32Array>();
  private stamp = 0;

  /** `skip` (parallel to nodes, 1 to skip) null: none is skipped. */
  count(domains: TopologyDomains, nodes: readonly NodeInfo[], skip: Uint8Array | null): number {
    let seen = this.seen.get(domains);
    if (!seen) this.seen.set(domains, (seen = new Uint32Array(domains.size)));
    const stamp = ++this.stamp;
    // Once every domain is seen there is nothing more to find (zones: after a few nodes).
    const all = domains.size + (domains.missing > 0 ? 1 : 0);
    let n = 0;
    let missing = false;
    for (let i = 0; i < nodes.length && n < all; i++) {
      const node = nodes[i].index;
      const d = domains.nodeDomain[node];
      if ((d < 0 ? missing : seen[d] === stamp) || (skip !== null && skip[i])) continue;
      if (d < 0) missing = true;
      else seen[d] = stamp;
      n++;
    }
    return n;
  }
}

/**
 * Dense views of counters for one scoring cycle: Score reads a count per feasible node, from an array rather than a
 * map. A sparse counter is written into a scratch array per constraint slot, and zeroed again at the slot's next use,
 * so a cycle costs the domains that have pods, not the domains.
 */
export class DenseCounts {
  private readonly scratch: Int32Array[] = [];
  private readonly written: (ScoreCounter | undefined)[] = [];

  /** `size`: at least every topology key's number of domains (the number of nodes is). */
  constructor(private readonly size: number) {}

  view(slot: number, counter: ScoreCounter): Int32Array {
    const scratch = (this.scratch[slot] ??= new Int32Array(this.size));
    this.written[slot]?.clear(scratch);
    const counts = counter.dense(scratch);
    this.written[slot] = counts === scratch ? counter : undefined;
    return counts;
  }
}

/**
 * Which of the nodes are ignored (with requireAllTopologies, those lacking a constraint's key), into `ignored`
 * (parallel to nodes); returns how many are not. `missingKey`: per node index, 1 where the node lacks a key.
 */
export function markIgnored(s: Pick<SoftConstraints, 'requireAllTopologies'>, missingKey: Uint8Array, nodes: readonly NodeInfo[], ignored: Uint8Array): number {
  let kept = 0;
  for (let i = 0; i < nodes.length; i++) {
    const skip = s.requireAllTopologies && missingKey[nodes[i].index] === 1;
    ignored[i] = skip ? 1 : 0;
    if (!skip) kept++;
  }
  return kept;
}

/**
 * Per constraint, the weight from the number of domains among the feasible, not-ignored nodes (for hostname, the
 * number of those nodes, as kube-scheduler does: hosts are their own domains). `ignored` as markIgnored left it.
 */
export function normalizingWeights(
  s: SoftConstraints,
  nodes: readonly NodeInfo[],
  distinct: DistinctDomains,
  ignored: Uint8Array,
  kept: number,
): number[] {
  const skip = s.requireAllTopologies && kept < nodes.length ? ignored : null;
  return s.constraints.map(({ constraint, counter }) =>
    topologyNormalizingWeight(constraint.topologyKey === LABEL_HOSTNAME ? kept : distinct.count(counter.domains, nodes, skip)),
  );
}

/**
 * Every node's raw score: for each constraint whose key the node has, count × weight + maxSkew − 1; rounded; 0 for
 * ignored nodes. One constraint at a time over all nodes, so each inner loop reads two arrays and nothing else.
 */
export function spreadScores(s: ScoreState, nodes: readonly NodeInfo[], scores: Float64Array): void {
  const n = nodes.length;
  scores.fill(0, 0, n);
  for (const c of s.constraints) {
    const nodeDomain = c.counter.domains.nodeDomain;
    const counts = c.counts;
    const weight = c.weight;
    const maxSkew = c.constraint.maxSkew;
    for (let i = 0; i < n; i++) {
      const d = nodeDomain[nodes[i].index];
      if (d >= 0) scores[i] += scoreForCount(counts[d], maxSkew, weight);
    }
  }
  const ignored = s.ignored;
  for (let i = 0; i < n; i++) scores[i] = ignored[i] ? 0 : Math.round(scores[i]);
}

/**
 * Ignored nodes get 0; others 100 × (max + min − score) / max, so the emptiest domains score highest. `ignored`
 * (parallel to scores, 1 for ignored) null: none is.
 */
export function normalizeSpreadScore(scores: Float64Array, ignored: Uint8Array | null): void {
  let min = Infinity;
  let max = 0;
  for (let i = 0; i < scores.length; i++) {
    if (ignored && ignored[i]) continue;
    if (scores[i] < min) min = scores[i];
    if (scores[i] > max) max = scores[i];
  }
  for (let i = 0; i < scores.length; i++) {
    if (ignored && ignored[i]) scores[i] = 0;
    else if (max === 0) scores[i] = MAX_NODE_SCORE;
    else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i])) / max);
  }
}
