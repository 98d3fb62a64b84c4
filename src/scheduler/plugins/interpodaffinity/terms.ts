// Pod affinity terms as kube-scheduler's framework.AffinityTerm: the namespaces a term looks in, the pods it selects
// and its topology key; matchLabelKeys/mismatchLabelKeys folded into the selector from the owning pod's labels.
import type { PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1';
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1';
import type { PodGroup } from '../../podinfo';
import { labelSelectorMatches } from '../../../manifest';

export interface AffinityTerm {
  /** Namespaces named by the term; the owning pod's own when it names none and has no namespaceSelector. */
  readonly namespaces: ReadonlySet<string>;
  /** Selects namespaces by their labels; null selects none, {} selects all. */
  readonly namespaceSelector: LabelSelector | null;
  /** null: the term selects no pod. */
  readonly selector: LabelSelector | null;
  readonly topologyKey: string;
  /** A "key=value" label every selected pod carries, or null (see PlacedPods). */
  readonly hint: string | null;
  /** Identifies namespaces, selectors and topology key: equal terms share counters. */
  readonly id: string;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  readonly weight: number;
}

/** The "key=value" a selector requires outright (matchLabels, or In with a single value), if any. */
export function selectorHint(s: LabelSelector | null): string | null {
  if (!s) return null;
  for (const k in s.matchLabels ?? {}) return `${k}=${s.matchLabels![k]}`;
  for (const r of s.matchExpressions ?? []) if (r.operator === 'In' && r.values?.length === 1) return `${r.key}=${r.values[0]}`;
  return null;
}

export function newAffinityTerm(owner: PodGroup, t: PodAffinityTerm): AffinityTerm {
  const namespaces = new Set(t.namespaces?.length ? t.namespaces : t.namespaceSelector ? [] : [owner.namespace]);
  let selector: LabelSelector | null = t.labelSelector ?? null;
  if (selector && (t.matchLabelKeys?.length || t.mismatchLabelKeys?.length)) {
    const extra: LabelSelectorRequirement[] = [];
    for (const k of t.matchLabelKeys ?? []) if (k in owner.labels) extra.push({ key: k, operator: 'In', values: [owner.labels[k]] });
    for (const k of t.mismatchLabelKeys ?? []) if (k in owner.labels) extra.push({ key: k, operator: 'NotIn', values: [owner.labels[k]] });
    selector = { ...selector, matchExpressions: [...(selector.matchExpressions ?? []), ...extra] };
  }
  const namespaceSelector = t.namespaceSelector ?? null;
  const id = JSON.stringify([[...namespaces].sort(), namespaceSelector, selector, t.topologyKey]);
  return { namespaces, namespaceSelector, selector, topologyKey: t.topologyKey, hint: selectorHint(selector), id };
}

export function newWeightedAffinityTerm(owner: PodGroup, t: WeightedPodAffinityTerm): WeightedAffinityTerm {
  return { ...newAffinityTerm(owner, t.podAffinityTerm), weight: t.weight };
}

/** AffinityTerm.Matches: the pod is in one of the term's namespaces and carries the selected labels. */
export function termMatches(term: AffinityTerm, pod: PodGroup, nsLabels: Record<string, string>): boolean {
  if (!term.namespaces.has(pod.namespace) && !(term.namespaceSelector && labelSelectorMatches(term.namespaceSelector, nsLabels))) {
    return false;
  }
  return term.selector !== null && labelSelectorMatches(term.selector, pod.labels);
}

/** The pod's terms, parsed once per group. */
export interface PodTerms {
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: WeightedAffinityTerm[];
  preferredAntiAffinity: WeightedAffinityTerm[];
}

export function podTerms(g: PodGroup): PodTerms {
  const a = g.spec.affinity;
  return {
    requiredAffinity: (a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => newAffinityTerm(g, t)),
    requiredAntiAffinity: (a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => newAffinityTerm(g, t)),
    preferredAffinity: (a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => newWeightedAffinityTerm(g, t)),
    preferredAntiAffinity: (a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t) =>
      newWeightedAffinityTerm(g, t),
    ),
  };
}
