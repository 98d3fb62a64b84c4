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

/**
 * The spread constraints over many nodes, for one cycle (a node fails on a missing topology key, or on a skew past
 * maxSkew): the global minimum cannot change within it, so each constraint comes down to a count its node's domain
 * may not exceed.
 */
export function spreadFilterNodes(constraints: readonly FilterConstraint[], nodes: readonly { index: number }[], statuses: (Status | null)[]): number {
  const k = constraints.length;
  const nodeDomains = constraints.map((f) => f.counter.domains.nodeDomain);
  const counts = constraints.map((f) => f.counter.counts);
  const limits = constraints.map((f) => f.constraint.maxSkew + minMatchNum(f) - (f.selfMatch ? 1 : 0));
  let rejected = 0;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i].index;
    for (let j = 0; j < k; j++) {
      const d = nodeDomains[j][node];
      if (d < 0 || counts[j][d] > limits[j]) {
        statuses[i] = d < 0 ? ERR_NODE_LABEL : ERR_CONSTRAINTS;
        rejected++;
        break;
      }
    }
  }
  return rejected;
}
