// Topology spread constraints as kube-scheduler parses them (the pod's own, or the defaults), and the per-domain
// counts they are judged by.
import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { PlacementCounter, PodMatcher } from '../../placed';
import { controllerHint, type PodGroup } from '../../podinfo';
import { isDoNotScheduleTaint, labelSelectorMatches, requiredNodeAffinityMatches } from '../../../manifest';
import type { NodeInfo, Snapshot } from '../../snapshot';
import { MinDomainCounter, SparseDomainCounter, type TopologyDomains } from '../../topology';
import { untoleratedTaint } from '../tainttoleration';
import { selectorHint } from '../interpodaffinity/terms';
import type { DefaultConstraints } from './defaults';

export interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  /** null selects no pod (unless siblingsOf is set). */
  readonly selector: LabelSelector | null;
  /** Set for default constraints: the controller (PodGroup.controller) whose pods are counted, instead of a selector. */
  readonly siblingsOf: string | null;
  /** Default 1. */
  readonly minDomains: number;
  /** Honor (default): count only nodes the pod's nodeSelector/required node affinity allow. */
  readonly nodeAffinityPolicy: 'Honor' | 'Ignore';
  /** Ignore (default); Honor: count only nodes whose NoSchedule/NoExecute taints the pod tolerates. */
  readonly nodeTaintsPolicy: 'Honor' | 'Ignore';
}

type Action = 'DoNotSchedule' | 'ScheduleAnyway';

/**
 * The pod's constraints with the given whenUnsatisfiable: its own, matchLabelKeys folded into the selector; or, when
 * it sets none, the default constraints (kube-scheduler's getConstraints / buildDefaultConstraints).
 */
export function spreadConstraints(g: PodGroup, action: Action, defaults: DefaultConstraints): SpreadConstraint[] {
  const own = g.spec.topologySpreadConstraints;
  if (own?.length) return own.filter((c) => c.whenUnsatisfiable === action).map((c) => parse(c, ownSelector(g, c), null));
  // Kubernetes gives default constraints the selector of the Services, ReplicationControllers, ReplicaSets and
  // StatefulSets that select the pod (helper.DefaultSelector), and applies none when nothing selects it. The
  // scheduler is given no such objects here, so it counts the pod's siblings instead: the pods of its namespace with
  // the same controller ownerReference (by uid; by kind and name for a reference without one). For a ReplicaSet's
  // pods that is the set its selector picks (pod-template-hash included); unlike Kubernetes, it also spreads a Job's
  // pods that no Service selects, and never a bare pod.
  if (!g.controller) return [];
  return defaults.constraints.filter((c) => c.whenUnsatisfiable === action).map((c) => parse(c, null, g.controller));
}

function ownSelector(g: PodGroup, c: TopologySpreadConstraint): LabelSelector | null {
  let selector: LabelSelector | null = c.labelSelector ?? null;
  const extra = (c.matchLabelKeys ?? []).filter((k) => k in g.labels);
  if (selector && extra.length) {
    selector = { ...selector, matchLabels: { ...Object.fromEntries(extra.map((k) => [k, g.labels[k]])), ...selector.matchLabels } };
  }
  return selector;
}

function parse(c: TopologySpreadConstraint, selector: LabelSelector | null, siblingsOf: string | null): SpreadConstraint {
  return {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    selector,
    siblingsOf,
    minDomains: c.minDomains ?? 1,
    nodeAffinityPolicy: c.nodeAffinityPolicy === 'Ignore' ? 'Ignore' : 'Honor',
    nodeTaintsPolicy: c.nodeTaintsPolicy === 'Honor' ? 'Honor' : 'Ignore',
  };
}

/** Whether a pod counts for the constraint: same namespace as the incoming pod, and selected (or a sibling). */
export function countsFor(c: SpreadConstraint, namespace: string, pod: PodGroup): boolean {
  if (pod.namespace !== namespace) return false;
  if (c.siblingsOf !== null) return pod.controller === c.siblingsOf;
  return c.selector !== null && labelSelectorMatches(c.selector, pod.labels);
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
 * the inclusion policies; kept current as pods are placed. Filtering needs the global minimum (MinDomainCounter);
 * scoring does not, and counts sparsely (one counter per ReplicaSet must not cost an array per host). Counters and node
 * masks are shared between groups that would compute the same ones.
 */
export function filterCounter(snapshot: Snapshot, masks: Masks, pod: PodGroup, c: SpreadConstraint, allKeys: readonly string[]) {
  return spreadCounter(snapshot, masks, { pod, c, allKeys }, 'filter', (domains, mask) => new MinDomainCounter(domains, mask));
}

export function scoreCounter(snapshot: Snapshot, masks: Masks, pod: PodGroup, c: SpreadConstraint, allKeys: readonly string[]) {
  return spreadCounter(snapshot, masks, { pod, c, allKeys }, 'score', (domains, mask) => new SparseDomainCounter(domains, mask));
}

type Masks = Map<string, Uint8Array>;

/** A constraint of a pod, with the label keys every one of the pod's constraints needs on a node. */
interface PodConstraint {
  pod: PodGroup;
  c: SpreadConstraint;
  allKeys: readonly string[];
}

function spreadCounter<C extends PlacementCounter>(
  snapshot: Snapshot,
  masks: Masks,
  { pod, c, allKeys }: PodConstraint,
  use: 'filter' | 'score',
  create: (domains: TopologyDomains, mask: Uint8Array) => C,
): C {
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
  const selects = c.siblingsOf !== null ? `siblingsOf:${c.siblingsOf}` : JSON.stringify(c.selector);
  const key = `PodTopologySpread\0${use}\0${pod.namespace}\0${selects}\0${c.topologyKey}\0${eligibility}`;
  const hint = c.siblingsOf !== null ? controllerHint(c.siblingsOf) : selectorHint(c.selector);
  const matcher: PodMatcher = { hint, matches: (g) => countsFor(c, pod.namespace, g) };
  return snapshot.placed.counter(key, matcher, () => {
    const eligible = (n: NodeInfo) => allKeys.every((k) => k in n.labels) && matchNodeInclusionPolicies(c, pod, n);
    return create(snapshot.topology.domains(c.topologyKey), eligibleNodes(snapshot, masks, eligibility, eligible));
  });
}

/** The nodes that pass `eligible`, as a mask by node index; shared under `key` by constraints that agree on it. */
function eligibleNodes(
  snapshot: Snapshot,
  masks: Masks,
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
