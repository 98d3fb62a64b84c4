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

/** Pods of one namespace with the same labels (a ReplicaSet's, usually), and how many run on each host. */
interface LabelSet {
  namespace: string;
  labels: Record<string, string>;
  perNode: Map<string, number>;
}

/**
 * The pods where they run, indexed for the checks: pods grouped by namespace and labels (a selector is matched once
 * per group, not per pod), and matching pods per domain computed once per selector and topology key, as a fleet of
 * thousands of hosts has few workloads per host but many hosts.
 */
export class Placement {
  readonly #labels = new Map<string, Record<string, string>>();
  readonly #sets = new Map<string, LabelSet>();
  readonly #counts = new Map<string, Map<string, number>>();
  readonly #domains = new Map<string, Set<string>>();

  constructor(
    readonly nodes: readonly Node[],
    pods: readonly PlacedPod[],
  ) {
    for (const n of nodes) this.#labels.set(n.metadata!.name!, n.metadata?.labels ?? {});
    for (const p of pods) {
      const namespace = p.pod.metadata?.namespace ?? 'default';
      const labels = p.pod.metadata?.labels ?? {};
      const key = `${namespace}\0${stableLabels(labels)}`;
      let set = this.#sets.get(key);
      if (!set) this.#sets.set(key, (set = { namespace, labels, perNode: new Map() }));
      set.perNode.set(p.node, (set.perNode.get(p.node) ?? 0) + 1);
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
    const mine = this.#labels.get(p.node)?.[c.topologyKey];
    if (mine === undefined || !c.labelSelector) return undefined;
    const selector = withMatchLabelKeys(c.labelSelector, c.matchLabelKeys, p.pod.metadata?.labels ?? {});
    // nodeAffinityPolicy Honor (the default): only hosts the pod may run on (its nodeSelector) are domains.
    const nodeSelector = c.nodeAffinityPolicy === 'Ignore' ? {} : (p.pod.spec?.nodeSelector ?? {});
    const domains = this.#domainsOf(c.topologyKey, nodeSelector);
    const counts = this.#matching(new Set([namespaceOf(p)]), selector, c.topologyKey, nodeSelector);
    const here = counts.get(mine) ?? 0;
    let min = Infinity;
    let least = '';
    for (const domain of domains) {
      const count = counts.get(domain) ?? 0;
      if (count < min || (count === min && domain < least)) [min, least] = [count, domain];
    }
    if (here - min <= c.maxSkew) return undefined;
    return `topologySpreadConstraint ${c.topologyKey} maxSkew ${c.maxSkew}: ${here} matching pod(s) in ${mine}, ${min} in ${least}`;
  }

  #antiAffinity(p: PlacedPod, term: PodAffinityTerm): string | undefined {
    const mine = this.#labels.get(p.node)?.[term.topologyKey];
    if (mine === undefined) return undefined;
    const namespaces = termNamespaces(p, term);
    if (namespaces === null) return undefined;
    const count = this.#matching(namespaces, term.labelSelector ?? {}, term.topologyKey, {}).get(mine) ?? 0;
    const self = (namespaces === 'all' || namespaces.has(namespaceOf(p))) && labelSelectorMatches(term.labelSelector, p.pod.metadata?.labels ?? {}) ? 1 : 0;
    if (count - self <= 0) return undefined;
    return `required pod anti-affinity ${term.topologyKey}: ${count - self} matching pod(s) run in ${mine} too`;
  }

  /** The domains of a topology key among the hosts a node selector allows. */
  #domainsOf(topologyKey: string, nodeSelector: Record<string, string>): Set<string> {
    const key = `${topologyKey}\0${stableLabels(nodeSelector)}`;
    let domains = this.#domains.get(key);
    if (domains) return domains;
    domains = new Set();
    for (const labels of this.#labels.values()) {
      const d = labels[topologyKey];
      if (d !== undefined && Object.entries(nodeSelector).every(([k, v]) => labels[k] === v)) domains.add(d);
    }
    this.#domains.set(key, domains);
    return domains;
  }

  /** Pods the selector matches in those namespaces, per domain of the key (hosts the node selector allows). */
  #matching(namespaces: Set<string> | 'all', selector: LabelSelector, topologyKey: string, nodeSelector: Record<string, string>): Map<string, number> {
    const key = `${namespaces === 'all' ? '*' : [...namespaces].sort().join(',')}\0${JSON.stringify(selector)}\0${topologyKey}\0${stableLabels(nodeSelector)}`;
    let counts = this.#counts.get(key);
    if (counts) return counts;
    counts = new Map();
    for (const set of this.#sets.values()) {
      if ((namespaces !== 'all' && !namespaces.has(set.namespace)) || !labelSelectorMatches(selector, set.labels)) continue;
      for (const [node, n] of set.perNode) {
        const labels = this.#labels.get(node);
        const domain = labels?.[topologyKey];
        if (domain === undefined || !Object.entries(nodeSelector).every(([k, v]) => labels![k] === v)) continue;
        counts.set(domain, (counts.get(domain) ?? 0) + n);
      }
    }
    this.#counts.set(key, counts);
    return counts;
  }
}

function namespaceOf(p: PlacedPod): string {
  return p.pod.metadata?.namespace ?? 'default';
}

function stableLabels(labels: Record<string, string>): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
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
