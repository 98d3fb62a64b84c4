// PodTopologySpread: spread matching pods evenly over topology domains (any topologyKey). DoNotSchedule
// constraints filter (maxSkew, minDomains), ScheduleAnyway constraints score. Pods that set no constraints get the
// default ones (by default kube-scheduler's system defaults: soft spreading of a controller's pods over hosts and
// zones).
import type { Plugin, PluginFactory } from '../../framework';
import { derivedOf } from '../../podinfo';
import { SKIP } from '../../status';
import { countsFor, filterCounter, scoreCounter, spreadConstraints, type SpreadConstraint } from './constraints';
import { defaultConstraints, type PodTopologySpreadArgs } from './defaults';
import { spreadFilterNodes, type FilterConstraint } from './filtering';
import {
  DenseCounts,
  DistinctDomains,
  markIgnored,
  normalizeSpreadScore,
  normalizingWeights,
  spreadScores,
  type ScoreState,
  type SoftConstraints,
} from './scoring';

export const NAME = 'PodTopologySpread';
export { ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH } from './filtering';
export { LABEL_TOPOLOGY_ZONE, SYSTEM_DEFAULT_CONSTRAINTS, type PodTopologySpreadArgs } from './defaults';

const FILTER_KEY = `PreFilter${NAME}`;
const SCORE_KEY = `PreScore${NAME}`;

const keysOf = (cs: readonly SpreadConstraint[]): string[] => [...new Set(cs.map((c) => c.topologyKey))].sort();

export const podTopologySpread: PluginFactory = (args, { snapshot }): Plugin => {
  const defaults = defaultConstraints(args as PodTopologySpreadArgs | undefined);
  const masks = new Map<string, Uint8Array>();
  const distinct = new DistinctDomains();
  const dense = new DenseCounts(snapshot.nodes.length);
  const ignored = new Uint8Array(snapshot.nodes.length);
  // Per set of topology keys: which nodes lack one of them (labels do not change during a pass).
  const missingKeys = new Map<string, Uint8Array>();
  const missingKeyOf = (keys: readonly string[]): Uint8Array => {
    const id = keys.join('\0');
    let m = missingKeys.get(id);
    if (!m) {
      m = new Uint8Array(snapshot.nodes.length);
      for (const n of snapshot.nodes) m[n.index] = keys.every((k) => k in n.labels) ? 0 : 1;
      missingKeys.set(id, m);
    }
    return m;
  };
  const hardOf = derivedOf(`${NAME}/hard`, (g): FilterConstraint[] => {
    const hard = spreadConstraints(g, 'DoNotSchedule', defaults);
    const keys = keysOf(hard);
    return hard.map((c) => ({ constraint: c, counter: filterCounter(snapshot, masks, g, c, keys), selfMatch: countsFor(c, g.namespace, g) }));
  });
  // Apart from hardOf: a pod that fits one node only (a DaemonSet's) is never scored, so never pays for counters.
  const softOf = derivedOf(`${NAME}/soft`, (g): SoftConstraints & { missingKey: Uint8Array } => {
    const soft = spreadConstraints(g, 'ScheduleAnyway', defaults);
    // Only system defaults let a node lacking one of the keys be scored by the others (kube-scheduler's
    // requireAllTopologies), so a cluster without zone labels still spreads over hosts.
    const requireAllTopologies = !!g.spec.topologySpreadConstraints?.length || !defaults.systemDefaulted;
    const keys = requireAllTopologies ? keysOf(soft) : [];
    return {
      constraints: soft.map((c) => ({ constraint: c, counter: scoreCounter(snapshot, masks, g, c, keys) })),
      requireAllTopologies,
      missingKey: missingKeyOf(keysOf(soft)),
    };
  });

  return {
    name: NAME,
    preFilter: (state, pod) => {
      const hard = hardOf(pod.group);
      if (!hard.length) return SKIP;
      state.write(FILTER_KEY, hard);
      return null;
    },
    filter: (state, _pod, nodes, statuses) => {
      const cs = state.read<FilterConstraint[]>(FILTER_KEY)!;
      return spreadFilterNodes(cs, nodes, statuses);
    },
    preScore: (state, pod, nodes) => {
      const soft = softOf(pod.group);
      if (!soft.constraints.length) return SKIP;
      const kept = markIgnored(soft, soft.missingKey, nodes, ignored);
      const weights = normalizingWeights(soft, nodes, distinct, ignored, kept);
      const s: ScoreState = {
        constraints: soft.constraints.map(({ constraint, counter }, i) => ({
          constraint,
          counter,
          weight: weights[i],
          counts: dense.view(i, counter),
        })),
        requireAllTopologies: soft.requireAllTopologies,
        ignored,
      };
      state.write(SCORE_KEY, s);
      return null;
    },
    score: (state, _pod, nodes, scores) => {
      const s = state.read<ScoreState>(SCORE_KEY)!;
      spreadScores(s, nodes, scores);
    },
    normalizeScore: (state, _pod, _nodes, scores) => {
      const s = state.read<ScoreState>(SCORE_KEY)!;
      normalizeSpreadScore(scores, s.requireAllTopologies ? s.ignored : null);
    },
  };
};
