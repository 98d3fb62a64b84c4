// Topology spread constraints as kube-scheduler parses them, and the per-domain counts they are judged by.
import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { PodMatcher } from '../../placed';
import type { PodGroup } from '../../podinfo';
import { labelSelectorMatches } from '../../../manifest';
import type { NodeInfo, Snapshot } from '../../snapshot';
import { isDoNotScheduleTaint } from '../../taints';
import { MinDomainCounter } from '../../topology';
import { requiredNodeAffinityMatches } from '../nodeaffinity';
import { untoleratedTaint } from '../tainttoleration';
import { selectorHint } from '../interpodaffinity/terms';

export interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  /** null selects no pod. */
  readonly selector: LabelSelector | null;
  /** Default 1. */
  readonly minDomains: number;
  /** Honor (default): count only nodes the pod's nodeSelector/required node affinity allow. */
  readonly nodeAffinityPolicy: 'Honor' | 'Ignore';
  /** Ignore (default); Honor: count only nodes whose NoSchedule/NoExecute taints the pod tolerates. */
  readonly nodeTaintsPolicy: 'Honor' | 'Ignore';
}

/** The pod's constraints with the given whenUnsatisfiable, matchLabelKeys folded into the selector. */
export function spreadConstraints(g: PodGroup, action: 'DoNotSchedule' | 'ScheduleAnyway'): SpreadConstraint[] {
  return (g.spec.topologySpreadConstraints ?? [])
    .filter((c: TopologySpreadConstraint) => c.whenUnsatisfiable === action)
    .map((c) => {
      let selector: LabelSelector | null = c.labelSelector ?? null;
      const extra = (c.matchLabelKeys ?? []).filter((k) => k in g.labels);
      if (selector && extra.length) {
        selector = { ...selector, matchLabels: { ...Object.fromEntries(extra.map((k) => [k, g.labels[k]])), ...selector.matchLabels } };
      }
      return {
        maxSkew: c.maxSkew,
        topologyKey: c.topologyKey,
        selector,
        minDomains: c.minDomains ?? 1,
        nodeAffinityPolicy: c.nodeAffinityPolicy === 'Ignore' ? 'Ignore' : 'Honor',
        nodeTaintsPolicy: c.nodeTaintsPolicy === 'Honor' ? 'Honor' : 'Ignore',
      };
    });
}

/** Whether a placed pod counts for the constraint: same namespace as the incoming pod, selected by its selector. */
export function countsFor(c: SpreadConstraint, namespace: string, pod: PodGroup): boolean {
  return c.selector !== null && pod.namespace === namespace && labelSelectorMatches(c.selector, pod.labels);
}

/** matchNodeInclusionPolicies: which nodes take part in counting for this constraint. */
export function matchNodeInclusionPolicies(c: SpreadConstraint, pod: PodGroup, node: NodeInfo): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !requiredNodeAffinityMatches(pod.spec, node)) return false;
  if (c.nodeTaintsPolicy === 'Honor' && node.taints.some(isDoNotScheduleTaint) && untoleratedTaint(node.taints, pod.spec.tolerations)) {
    return false;
  }
  return true;
}

/**
 * Matching pods per domain for constraint `c` of `pod`, counted on nodes that have every key in `allKeys` and pass
 * the inclusion policies; kept current as pods are placed. Counters and node masks are shared between groups that
 * would compute the same ones.
 */
export function spreadCounter(
  snapshot: Snapshot,
  masks: Map<string, Uint8Array>,
  pod: PodGroup,
  c: SpreadConstraint,
  allKeys: readonly string[],
): MinDomainCounter {
  const spec = pod.spec;
  const honorAffinity = c.nodeAffinityPolicy === 'Honor';
  const honorTaints = c.nodeTaintsPolicy === 'Honor';
  const eligibility = JSON.stringify([
    allKeys,
    c.nodeAffinityPolicy,
    honorAffinity ? [spec.nodeSelector ?? null, spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? null] : null,
    c.nodeTaintsPolicy,
    honorTaints ? (spec.tolerations ?? null) : null,
  ]);
  const key = `PodTopologySpread\0${pod.namespace}\0${JSON.stringify(c.selector)}\0${c.topologyKey}\0${eligibility}`;
  const matcher: PodMatcher = { hint: selectorHint(c.selector), matches: (g) => countsFor(c, pod.namespace, g) };
  return snapshot.placed.counter(key, matcher, () => {
    const eligible = (n: NodeInfo) => allKeys.every((k) => k in n.labels) && matchNodeInclusionPolicies(c, pod, n);
    const mask = eligibleNodes(snapshot, masks, eligibility, eligible);
    return new MinDomainCounter(snapshot.topology.domains(c.topologyKey), mask);
  });
}

/** The nodes that pass `eligible`, as a mask by node index; shared under `key` by constraints that agree on it. */
function eligibleNodes(
  snapshot: Snapshot,
  masks: Map<string, Uint8Array>,
  key: string,
  eligible: (n: NodeInfo) => boolean,
): Uint8Array {
  let mask = masks.get(key);
  if (!mask) {
    mask = new Uint8Array(snapshot.nodes.length);
    for (const n of snapshot.nodes) mask[n.index] = eligible(n) ? 1 : 0;
    masks.set(key, mask);
  }
  return mask;
}
