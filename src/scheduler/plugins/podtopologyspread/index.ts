// PodTopologySpread: spread matching pods evenly over topology domains (any topologyKey). DoNotSchedule
// constraints filter (maxSkew, minDomains), ScheduleAnyway constraints score.
import type { Plugin, PluginFactory } from '../../framework';
import { derivedOf } from '../../podinfo';
import { labelSelectorMatches } from '../../../manifest';
import { SKIP } from '../../status';
import { spreadConstraints, spreadCounter, type SpreadConstraint } from './constraints';
import { spreadFilter, type FilterConstraint } from './filtering';
import { isIgnored, normalizeSpreadScore, normalizingWeights, spreadScore, type ScoreConstraint } from './scoring';

export const NAME = 'PodTopologySpread';
export { ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH } from './filtering';

const FILTER_KEY = `PreFilter${NAME}`;
const SCORE_KEY = `PreScore${NAME}`;

interface GroupData {
  hard: FilterConstraint[];
  soft: { constraint: SpreadConstraint; counter: ScoreConstraint['counter'] }[];
}

const keysOf = (cs: readonly SpreadConstraint[]): string[] => [...new Set(cs.map((c) => c.topologyKey))].sort();

export const podTopologySpread: PluginFactory = (_args, { snapshot }): Plugin => {
  const masks = new Map<string, Uint8Array>();
  const groupData = derivedOf(NAME, (g): GroupData => {
    const hard = spreadConstraints(g, 'DoNotSchedule');
    const soft = spreadConstraints(g, 'ScheduleAnyway');
    const hardKeys = keysOf(hard);
    const softKeys = keysOf(soft);
    return {
      hard: hard.map((c) => ({
        constraint: c,
        counter: spreadCounter(snapshot, masks, g, c, hardKeys),
        selfMatch: c.selector !== null && labelSelectorMatches(c.selector, g.labels),
      })),
      soft: soft.map((c) => ({ constraint: c, counter: spreadCounter(snapshot, masks, g, c, softKeys) })),
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
      const d = groupData(pod.group);
      if (!d.soft.length) return SKIP;
      const weights = normalizingWeights(d.soft, nodes);
      state.write(SCORE_KEY, d.soft.map((c, i) => ({ ...c, weight: weights[i] })));
      return null;
    },
    score: (state, _pod, nodes, scores) => {
      const cs = state.read<ScoreConstraint[]>(SCORE_KEY)!;
      for (let i = 0; i < nodes.length; i++) scores[i] = spreadScore(cs, nodes[i].index);
    },
    normalizeScore: (state, _pod, nodes, scores) => {
      const cs = state.read<ScoreConstraint[]>(SCORE_KEY)!;
      normalizeSpreadScore(scores, (i) => isIgnored(cs, nodes[i].index));
    },
  };
};
