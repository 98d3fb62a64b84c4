// PodTopologySpread: spread matching pods evenly over topology domains (any topologyKey). DoNotSchedule
// constraints filter (maxSkew, minDomains), ScheduleAnyway constraints score. Pods that set no constraints get the
// default ones (by default kube-scheduler's system defaults: soft spreading of a controller's pods over hosts and
// zones).
import type { Plugin, PluginFactory } from '../../framework';
import { derivedOf } from '../../podinfo';
import { SKIP } from '../../status';
import { countsFor, filterCounter, scoreCounter, spreadConstraints, type SpreadConstraint } from './constraints';
import { defaultConstraints, type PodTopologySpreadArgs } from './defaults';
import { spreadFilter, type FilterConstraint } from './filtering';
import {
  DistinctDomains,
  isIgnored,
  normalizeSpreadScore,
  normalizingWeights,
  spreadScore,
  type ScoreState,
  type SoftConstraints,
} from './scoring';

export const NAME = 'PodTopologySpread';
export { ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH } from './filtering';
export { LABEL_TOPOLOGY_ZONE, SYSTEM_DEFAULT_CONSTRAINTS, type PodTopologySpreadArgs } from './defaults';

const FILTER_KEY = `PreFilter${NAME}`;
const SCORE_KEY = `PreScore${NAME}`;

interface GroupData {
  hard: FilterConstraint[];
  soft: SoftConstraints;
}

const keysOf = (cs: readonly SpreadConstraint[]): string[] => [...new Set(cs.map((c) => c.topologyKey))].sort();

export const podTopologySpread: PluginFactory = (args, { snapshot }): Plugin => {
  const defaults = defaultConstraints(args as PodTopologySpreadArgs | undefined);
  const masks = new Map<string, Uint8Array>();
  const distinct = new DistinctDomains();
  const groupData = derivedOf(NAME, (g): GroupData => {
    const hard = spreadConstraints(g, 'DoNotSchedule', defaults);
    const soft = spreadConstraints(g, 'ScheduleAnyway', defaults);
    // Only system defaults let a node lacking one of the keys be scored by the others (kube-scheduler's
    // requireAllTopologies), so a cluster without zone labels still spreads over hosts.
    const requireAllTopologies = !!g.spec.topologySpreadConstraints?.length || !defaults.systemDefaulted;
    const hardKeys = keysOf(hard);
    const softKeys = requireAllTopologies ? keysOf(soft) : [];
    return {
      hard: hard.map((c) => ({
        constraint: c,
        counter: filterCounter(snapshot, masks, g, c, hardKeys),
        selfMatch: countsFor(c, g.namespace, g),
      })),
      soft: {
        constraints: soft.map((c) => ({ constraint: c, counter: scoreCounter(snapshot, masks, g, c, softKeys) })),
        requireAllTopologies,
      },
    };
  });

  return {
    name: NAME,
    preFilter: (state, pod) => {
      const d = groupData(pod.group);
      if (!d.hard.length) return SKIP;
      state.write(FILTER_KEY, d.hard);
      return null;
    },
    filter: (state, _pod, nodes, statuses) => {
      const cs = state.read<FilterConstraint[]>(FILTER_KEY)!;
      for (let i = 0; i < nodes.length; i++) statuses[i] = spreadFilter(cs, nodes[i].index);
    },
    preScore: (state, pod, nodes) => {
      const soft = groupData(pod.group).soft;
      if (!soft.constraints.length) return SKIP;
      const weights = normalizingWeights(soft, nodes, distinct);
      const s: ScoreState = {
        constraints: soft.constraints.map((c, i) => ({ ...c, weight: weights[i] })),
        requireAllTopologies: soft.requireAllTopologies,
      };
      state.write(SCORE_KEY, s);
      return null;
    },
    score: (state, _pod, nodes, scores) => {
      const s = state.read<ScoreState>(SCORE_KEY)!;
      for (let i = 0; i < nodes.length; i++) scores[i] = spreadScore(s, nodes[i].index);
    },
    normalizeScore: (state, _pod, nodes, scores) => {
      const s = state.read<ScoreState>(SCORE_KEY)!;
      normalizeSpreadScore(scores, (i) => isIgnored(s, nodes[i].index));
    },
  };
};
