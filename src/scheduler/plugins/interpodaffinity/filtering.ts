// InterPodAffinity's filter predicates over per-domain counts (see index.ts for how the counts are kept).
import { unresolvable, unschedulable, type Status } from '../../status';
import type { DomainCounter } from '../../topology';

export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";

export const ERR_AFFINITY = unresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH);
export const ERR_ANTI_AFFINITY = unschedulable(ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
export const ERR_EXISTING_ANTI_AFFINITY = unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);

export interface FilterState {
  /** Per required affinity term: placed pods matching all the terms, per domain of that term's key. */
  affinity: readonly DomainCounter[];
  /** No placed pod matches all affinity terms anywhere. */
  noPodMatchesAffinity: boolean;
  /** The pod matches all its own affinity terms. */
  selfMatchesAllAffinity: boolean;
  /** Per required anti-affinity term: placed pods it selects, per domain. */
  antiAffinity: readonly DomainCounter[];
  /** Per placed pods' required anti-affinity term that selects this pod: its carriers, per domain. */
  existingAntiAffinity: readonly DomainCounter[];
}

/**
 * Every affinity term has a matching pod in the node's domain, and the node has every term's topology key. The
 * first pod of a group with affinity to itself may go anywhere that has the keys while no pod matches yet.
 */
export function satisfyPodAffinity(s: FilterState, node: number): boolean {
  let podsExist = true;
  for (const c of s.affinity) {
    if (c.domains.nodeDomain[node] < 0) return false;
    if (c.at(node) <= 0) podsExist = false;
  }
  return podsExist || (s.noPodMatchesAffinity && s.selfMatchesAllAffinity);
}

/**
 * The three predicates over many nodes, each node's first failure recorded (affinity, then anti-affinity, then
 * existing pods' anti-affinity). The anti-affinity checks, the common case, read two arrays per term and node.
 */
export function filterNodes(s: FilterState, nodes: readonly { index: number }[], statuses: (Status | null)[]): number {
  const anti = s.antiAffinity;
  const existing = s.existingAntiAffinity;
  const hasAffinity = s.affinity.length > 0;
  let rejected = 0;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i].index;
    const status = hasAffinity && !satisfyPodAffinity(s, n) ? ERR_AFFINITY : occupied(anti, n) ? ERR_ANTI_AFFINITY : occupied(existing, n) ? ERR_EXISTING_ANTI_AFFINITY : null;
    if (status) {
      statuses[i] = status;
      rejected++;
    }
  }
  return rejected;
}

/** Some counter counts a pod in the node's domain. */
function occupied(counters: readonly DomainCounter[], node: number): boolean {
  for (let j = 0; j < counters.length; j++) {
    const c = counters[j];
    const d = c.domains.nodeDomain[node];
    if (d >= 0 && c.counts[d] > 0) return true;
  }
  return false;
}
