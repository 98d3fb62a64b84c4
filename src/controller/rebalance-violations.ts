// What the rebalancer looks for, after the descheduler's strategies: a pod whose topology spread constraint
// (DoNotSchedule) is broken where it runs (RemovePodsViolatingTopologySpreadConstraint), or that shares a domain with
// a pod its required anti-affinity excludes (RemovePodsViolatingInterPodAntiAffinity). Both arise after placement:
// a host joined or recovered (a new, empty domain), labels changed. Pure.
import type { Node, Pod, PodAffinityTerm, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { labelSelectorMatches } from '../manifest';

export const STRATEGY_SPREAD = 'RemovePodsViolatingTopologySpreadConstraint';
export const STRATEGY_ANTI_AFFINITY = 'RemovePodsViolatingInterPodAntiAffinity';

/** A pod where it runs: its desired spec and labels, its host. */
export interface PlacedPod {
  key: string;
  pod: Pod;
  node: string;
}

export interface Violation {
  strategy: typeof STRATEGY_SPREAD | typeof STRATEGY_ANTI_AFFINITY;
  /** For people: which constraint, and how it is broken. */
  message: string;
}

/** The pods by host, and the hosts' labels: what every check reads. */
export class Placement {
  readonly labels = new Map<string, Record<string, string>>();
  readonly byNode = new Map<string, PlacedPod[]>();

  constructor(
    readonly nodes: readonly Node[],
    readonly pods: readonly PlacedPod[],
  ) {
    for (const n of nodes) this.labels.set(n.metadata!.name!, n.metadata?.labels ?? {});
    for (const p of pods) {
      const on = this.byNode.get(p.node);
      if (on) on.push(p);
      else this.byNode.set(p.node, [p]);
    }
  }

  /** The first constraint the pod breaks where it runs, or undefined. */
  violation(p: PlacedPod): Violation | undefined {
    for (const c of p.pod.spec?.topologySpreadConstraints ?? []) {
      if (c.whenUnsatisfiable !== 'DoNotSchedule') continue;
      const message = this.#skew(p, c);
      if (message) return { strategy: STRATEGY_SPREAD, message };
    }
    for (const term of p.pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
      const message = this.#antiAffinity(p, term);
      if (message) return { strategy: STRATEGY_ANTI_AFFINITY, message };
    }
    return undefined;
  }

  /** Matching pods in the pod's domain minus the fewest in any domain, above maxSkew: broken. */
  #skew(p: PlacedPod, c: TopologySpreadConstraint): string | undefined {
    const mine = this.labels.get(p.node)?.[c.topologyKey];
    if (mine === undefined || !c.labelSelector) return undefined;
    const selector = withMatchLabelKeys(c.labelSelector, c.matchLabelKeys, p.pod.metadata?.labels ?? {});
    const nodeSelector = p.pod.spec?.nodeSelector ?? {};
    const counts = new Map<string, number>();
    for (const n of this.nodes) {
      const labels = n.metadata?.labels ?? {};
      const domain = labels[c.topologyKey];
      if (domain === undefined) continue;
      // nodeAffinityPolicy Honor (the default): only hosts the pod may run on are domains.
      if (c.nodeAffinityPolicy !== 'Ignore' && !Object.entries(nodeSelector).every(([k, v]) => labels[k] === v)) continue;
      let count = counts.get(domain) ?? 0;
      for (const q of this.byNode.get(n.metadata!.name!) ?? []) if (sameNamespace(p, q) && labelSelectorMatches(selector, q.pod.metadata?.labels ?? {})) count++;
      counts.set(domain, count);
    }
    const here = counts.get(mine) ?? 0;
    let min = Infinity;
    let least = '';
    for (const [domain, count] of counts) if (count < min || (count === min && domain < least)) [min, least] = [count, domain];
    if (here - min <= c.maxSkew) return undefined;
    return `topologySpreadConstraint ${c.topologyKey} maxSkew ${c.maxSkew}: ${here} matching pod(s) in ${mine}, ${min} in ${least}`;
  }

  #antiAffinity(p: PlacedPod, term: PodAffinityTerm): string | undefined {
    const mine = this.labels.get(p.node)?.[term.topologyKey];
    if (mine === undefined) return undefined;
    const namespaces = termNamespaces(p, term);
    if (namespaces === null) return undefined;
    for (const [node, pods] of this.byNode) {
      if (this.labels.get(node)?.[term.topologyKey] !== mine) continue;
      for (const q of pods) {
        if (q.key === p.key || (namespaces !== 'all' && !namespaces.has(q.pod.metadata?.namespace ?? 'default'))) continue;
        if (labelSelectorMatches(term.labelSelector, q.pod.metadata?.labels ?? {})) return `required pod anti-affinity ${term.topologyKey}: ${q.key} runs in ${mine} too`;
      }
    }
    return undefined;
  }
}

function sameNamespace(a: PlacedPod, b: PlacedPod): boolean {
  return (a.pod.metadata?.namespace ?? 'default') === (b.pod.metadata?.namespace ?? 'default');
}

/** matchLabelKeys: the pod's own values of those keys are ANDed to the selector, as the scheduler does. */
function withMatchLabelKeys(selector: LabelSelector, keys: readonly string[] | undefined, labels: Record<string, string>): LabelSelector {
  const extra = (keys ?? []).filter((k) => k in labels);
  return extra.length ? { ...selector, matchLabels: { ...Object.fromEntries(extra.map((k) => [k, labels[k]])), ...selector.matchLabels } } : selector;
}

/** The namespaces a term looks at: listed, all (an empty namespaceSelector), or the pod's own; null: a namespaceSelector with terms (left alone). */
function termNamespaces(p: PlacedPod, term: PodAffinityTerm): Set<string> | 'all' | null {
  const sel = term.namespaceSelector;
  if (sel && (Object.keys(sel.matchLabels ?? {}).length || sel.matchExpressions?.length)) return null;
  if (sel) return 'all';
  return new Set(term.namespaces?.length ? term.namespaces : [p.pod.metadata?.namespace ?? 'default']);
}
