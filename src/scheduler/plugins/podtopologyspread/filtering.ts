// PodTopologySpread's filter: with the pod on the node, the node's domain may exceed the least-populated eligible
// domain by at most maxSkew matching pods (DoNotSchedule constraints).
import { unresolvable, unschedulable, type Status } from '../../status';
import type { MinDomainCounter } from '../../topology';
import type { SpreadConstraint } from './constraints';

export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

export const ERR_CONSTRAINTS = unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
export const ERR_NODE_LABEL = unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);

export interface FilterConstraint {
  constraint: SpreadConstraint;
  counter: MinDomainCounter;
  /** The pod itself matches the constraint's selector (it will count once placed). */
  selfMatch: boolean;
}

/** The global minimum for skew: 0 while fewer eligible domains exist than minDomains. */
export function minMatchNum(f: FilterConstraint): number {
  return f.counter.eligibleDomains < f.constraint.minDomains ? 0 : f.counter.min;
}

/** null when every constraint holds on the node. */
export function spreadFilter(constraints: readonly FilterConstraint[], node: number): Status | null {
  for (const f of constraints) {
    const d = f.counter.domains.nodeDomain[node];
    if (d < 0) return ERR_NODE_LABEL;
    const skew = f.counter.counts[d] + (f.selfMatch ? 1 : 0) - minMatchNum(f);
    if (skew > f.constraint.maxSkew) return ERR_CONSTRAINTS;
  }
  return null;
}
