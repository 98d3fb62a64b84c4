// NodeAffinity: spec.nodeSelector and required node affinity filter nodes by their labels (and name, through
// matchFields metadata.name); preferred node affinity adds the weights of the terms a node matches (Score).
// The rules themselves (requirements, terms, nodeSelector) live in ../../manifest (nodeselector); this file adds the
// scheduler's shape: per pod group, PreFilter by pinned names and a per-node cache of the answer.
import type { PodSpec, PreferredSchedulingTerm } from 'kubernetes-types/core/v1';
import { nodeSelectorTermMatches, OBJECT_NAME_FIELD, requiredNodeAffinityMatches, type NodeFields } from '../../manifest';
import { PreFilterResult, type Plugin, type PluginFactory } from '../framework';
import { defaultNormalizeScore } from '../normalize';
import { derivedOf } from '../podinfo';
import { SKIP, unresolvable } from '../status';

export const NAME = 'NodeAffinity';
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';

/** The sum of the weights of the preferred terms the node matches. */
export function preferredNodeAffinityScore(terms: readonly PreferredSchedulingTerm[], node: NodeFields): number {
  let sum = 0;
  for (const t of terms) if (t.weight && nodeSelectorTermMatches(t.preference, node)) sum += t.weight;
  return sum;
}

/**
 * The nodes required affinity pins the pod to through matchFields metadata.name In: per term the intersection of
 * its name lists, across terms the union. undefined: some term does not pin, so every node may match.
 */
export function requiredNodeNames(spec: PodSpec): Set<string> | undefined {
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms?.length) return undefined;
  const names = new Set<string>();
  for (const t of terms) {
    let termNames: Set<string> | undefined;
    for (const r of t.matchFields ?? []) {
      if (r.key !== OBJECT_NAME_FIELD || r.operator !== 'In') continue;
      const s = new Set(r.values ?? []);
      termNames = termNames ? new Set([...termNames].filter((n) => s.has(n))) : s;
    }
    if (!termNames) return undefined;
    for (const n of termNames) names.add(n);
  }
  return names;
}

interface GroupState {
  hasRequired: boolean;
  nodeNames: Set<string> | undefined;
  preferred: readonly PreferredSchedulingTerm[];
  /** Per node index: 0 not yet known, 1 matches, 2 does not (labels do not change during a pass). Shared by every
   *  group with the same nodeSelector and required affinity; only for groups that filter many nodes (a group pinned
   *  to names, a DaemonSet's pod, filters one). */
  fits: Uint8Array | undefined;
  /** Per node index: the preferred terms' score, or -1 when not yet known; shared by groups with the same terms. */
  preferredScores: Int32Array | undefined;
}

const REJECTED = unresolvable(ERR_REASON_POD);
const CONFLICT = unresolvable(ERR_REASON_CONFLICT);

export const nodeAffinity: PluginFactory = (_args, { snapshot }): Plugin => {
  const numNodes = snapshot.nodes.length;
  // Replicas of many workloads often ask for the same nodes (a pool, a zone): their answers are computed once.
  const fitsByRequired = new Map<string, Uint8Array>();
  const scoresByPreferred = new Map<string, Int32Array>();
  const groupState = derivedOf(NAME, ({ spec }): GroupState => {
    const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    const hasRequired = !!spec.nodeSelector || !!required;
    const nodeNames = requiredNodeNames(spec);
    const preferred = spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    let fits: Uint8Array | undefined;
    if (hasRequired && !nodeNames) {
      const key = JSON.stringify([spec.nodeSelector ?? null, required ?? null]);
      fits = fitsByRequired.get(key);
      if (!fits) fitsByRequired.set(key, (fits = new Uint8Array(numNodes)));
    }
    let preferredScores: Int32Array | undefined;
    if (preferred.length) {
      const key = JSON.stringify(preferred);
      preferredScores = scoresByPreferred.get(key);
      if (!preferredScores) scoresByPreferred.set(key, (preferredScores = new Int32Array(numNodes).fill(-1)));
    }
    return { hasRequired, nodeNames, preferred, fits, preferredScores };
  });
  return {
    name: NAME,
    preFilter: (_state, pod) => {
      const gs = groupState(pod.group);
      if (!gs.hasRequired) return SKIP;
      if (gs.nodeNames === undefined) return null;
      return gs.nodeNames.size === 0 ? CONFLICT : new PreFilterResult(gs.nodeNames);
    },
    filter: (_state, pod, nodes, statuses) => {
      const fits = groupState(pod.group).fits;
      let rejected = 0;
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[i];
        let f = fits ? fits[node.index] : 0;
        if (f === 0) {
          f = requiredNodeAffinityMatches(pod.group.spec, node) ? 1 : 2;
          if (fits) fits[node.index] = f;
        }
        if (f === 2) {
          statuses[i] = REJECTED;
          rejected++;
        }
      }
      return rejected;
    },
    preScore: (_state, pod) => (groupState(pod.group).preferred.length ? null : SKIP),
    score: (_state, pod, nodes, scores) => {
      const { preferred, preferredScores: known } = groupState(pod.group);
      for (let i = 0; i < nodes.length; i++) {
        const n = nodes[i].index;
        let s = known![n];
        if (s < 0) known![n] = s = preferredNodeAffinityScore(preferred, nodes[i]);
        scores[i] = s;
      }
    },
    normalizeScore: (_state, _pod, _nodes, scores) => defaultNormalizeScore(scores, false),
  };
};
