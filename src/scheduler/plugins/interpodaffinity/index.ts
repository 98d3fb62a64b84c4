// InterPodAffinity: required pod affinity and anti-affinity filter nodes by the pods already in their topology
// domain (any topologyKey), in both directions (the pod's terms, and the anti-affinity terms of pods already
// placed); preferred terms, and placed pods' terms that select this pod, score nodes.
import type { CycleState, Plugin, PluginFactory } from '../../framework';
import { derivedOf, type PodGroup, type PodInfo } from '../../podinfo';
import type { PlacedPods, PodMatcher } from '../../placed';
import type { NodeInfo, Snapshot } from '../../snapshot';
import { SKIP } from '../../status';
import { DomainCounter } from '../../topology';
import { CarriedTerms, type CarriedTerm } from './carried';
import { filterNodes, type FilterState } from './filtering';
import { normalizeInterPodAffinityScore, type Contribution } from './scoring';
import { podTerms, termMatches, type AffinityTerm } from './terms';

export const NAME = 'InterPodAffinity';
export {
  ERR_REASON_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
} from './filtering';

export interface InterPodAffinityArgs {
  /** Weight of placed pods' required affinity terms that select the incoming pod, in scoring. Default 1. */
  hardPodAffinityWeight?: number;
}

const FILTER_KEY = `PreFilter${NAME}`;
const SCORE_KEY = `PreScore${NAME}`;

interface GroupData {
  /** Placed pods matching all required affinity terms, per domain of each term's key. */
  affinity: DomainCounter[];
  selfMatchesAllAffinity: boolean;
  antiAffinity: DomainCounter[];
  preferred: Contribution[];
  /** Carried terms selecting this group, as of carried.version. */
  carriedVersion: number;
  existingAnti: DomainCounter[];
  carriedScore: Contribution[];
}

function counterFor(snapshot: Snapshot, placed: PlacedPods, terms: readonly AffinityTerm[], topologyKey: string): DomainCounter {
  const matcher: PodMatcher = {
    hint: terms.find((t) => t.hint !== null)?.hint ?? null,
    matches: (g) => {
      const ns = snapshot.namespaceLabels(g.namespace);
      for (const t of terms) if (!termMatches(t, g, ns)) return false;
      return true;
    },
  };
  const key = `${NAME}\0${terms.map((t) => t.id).join('\u0001')}\0${topologyKey}`;
  return placed.counter(key, matcher, () => new DomainCounter(snapshot.topology.domains(topologyKey)));
}

export const interPodAffinity: PluginFactory = (args, { snapshot }): Plugin => {
  const hardWeight = (args as InterPodAffinityArgs | undefined)?.hardPodAffinityWeight ?? 1;
  const carried = new CarriedTerms(snapshot.topology, (ns) => snapshot.namespaceLabels(ns));

  // What placed pods carry needs only the terms; the counters are for pods being scheduled.
  const termsOf = derivedOf(`${NAME}/terms`, podTerms);
  const groupData = derivedOf(NAME, (g): GroupData => {
    const terms = termsOf(g);
    const ra = terms.requiredAffinity;
    const nsLabels = snapshot.namespaceLabels(g.namespace);
    const counter = (ts: AffinityTerm[], key: string) => counterFor(snapshot, snapshot.placed, ts, key);
    return {
      affinity: ra.map((t) => counter(ra, t.topologyKey)),
      selfMatchesAllAffinity: ra.length > 0 && ra.every((t) => termMatches(t, g, nsLabels)),
      antiAffinity: terms.requiredAntiAffinity.map((t) => counter([t], t.topologyKey)),
      preferred: [
        ...terms.preferredAffinity.map((t) => ({ counter: counter([t], t.topologyKey), weight: t.weight })),
        ...terms.preferredAntiAffinity.map((t) => ({ counter: counter([t], t.topologyKey), weight: -t.weight })),
      ],
      carriedVersion: -1,
      existingAnti: [],
      carriedScore: [],
    };
  });

  const refreshCarried = (d: GroupData, g: PodGroup): void => {
    if (d.carriedVersion === carried.version) return;
    const selecting: CarriedTerm[] = carried.size ? carried.selecting(g) : [];
    d.existingAnti = selecting.filter((c) => c.kind === 'requiredAntiAffinity').map((c) => c.carriers);
    d.carriedScore = selecting
      .filter((c) => c.kind !== 'requiredAntiAffinity')
      .map((c) => ({ counter: c.carriers, weight: c.kind === 'preferredAntiAffinity' ? -c.weight : c.weight }));
    d.carriedVersion = carried.version;
  };

  const carry = (pod: PodInfo, node: NodeInfo, op: 'add' | 'remove'): void => {
    const terms = termsOf(pod.group);
    for (const t of terms.requiredAntiAffinity) carried[op]('requiredAntiAffinity', t, 0, node.index);
    if (hardWeight > 0) for (const t of terms.requiredAffinity) carried[op]('requiredAffinity', t, hardWeight, node.index);
    for (const t of terms.preferredAffinity) carried[op]('preferredAffinity', t, t.weight, node.index);
    for (const t of terms.preferredAntiAffinity) carried[op]('preferredAntiAffinity', t, t.weight, node.index);
  };

  return {
    name: NAME,
    addPod: (pod: PodInfo, node: NodeInfo) => carry(pod, node, 'add'),
    removePod: (pod: PodInfo, node: NodeInfo) => carry(pod, node, 'remove'),
    preFilter: (state: CycleState, pod: PodInfo) => {
      const d = groupData(pod.group);
      refreshCarried(d, pod.group);
      if (!d.affinity.length && !d.antiAffinity.length && !d.existingAnti.length) return SKIP;
      const s: FilterState = {
        affinity: d.affinity,
        noPodMatchesAffinity: d.affinity.every((c) => c.total === 0),
        selfMatchesAllAffinity: d.selfMatchesAllAffinity,
        antiAffinity: d.antiAffinity,
        existingAntiAffinity: d.existingAnti,
      };
      state.write(FILTER_KEY, s);
      return null;
    },
    filter: (state, _pod, nodes, statuses) => filterNodes(state.read<FilterState>(FILTER_KEY)!, nodes, statuses),
    preScore: (state, pod) => {
      const d = groupData(pod.group);
      refreshCarried(d, pod.group);
      const contributions = d.carriedScore.length ? [...d.preferred, ...d.carriedScore] : d.preferred;
      if (!contributions.length) return SKIP;
      state.write(SCORE_KEY, contributions);
      return null;
    },
    score: (state, _pod, nodes, scores) => {
      const cs = state.read<Contribution[]>(SCORE_KEY)!;
      for (let i = 0; i < nodes.length; i++) {
        let score = 0;
        for (const c of cs) score += c.weight * c.counter.at(nodes[i].index);
        scores[i] = score;
      }
    },
    normalizeScore: (_state, _pod, _nodes, scores) => normalizeInterPodAffinityScore(scores),
  };
};
