// TaintToleration: a node's NoSchedule and NoExecute taints keep off pods that do not tolerate them (Filter);
// PreferNoSchedule taints a pod does not tolerate make the node less attractive (Score, fewer is better).
import type { Taint, Toleration } from 'kubernetes-types/core/v1';
import type { Plugin, PluginFactory } from '../framework';
import { defaultNormalizeScore } from '../normalize';
import { SKIP, unresolvable, type Status } from '../status';
import { findMatchingUntoleratedTaint, isDoNotScheduleTaint, tolerationsTolerateTaint } from '../../manifest';

export const NAME = 'TaintToleration';

/** Kubernetes' reason: "node(s) had untolerated taint {key: value}". */
export function errReasonUntoleratedTaint(taint: Taint): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
}

/** The taint that keeps the pod off the node, if any. */
export function untoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): Taint | undefined {
  return findMatchingUntoleratedTaint(taints, tolerations, isDoNotScheduleTaint);
}

/** PreferNoSchedule taints not tolerated by a toleration whose effect is empty or PreferNoSchedule. */
export function countIntolerableTaintsPreferNoSchedule(
  taints: readonly Taint[],
  tolerations: readonly Toleration[] | undefined,
): number {
  const prefer = tolerations?.filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
  let n = 0;
  for (const taint of taints) if (taint.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(prefer, taint)) n++;
  return n;
}

export const taintToleration: PluginFactory = (_args, { snapshot }): Plugin => {
  const anyHard = snapshot.nodes.some((n) => n.taints.some(isDoNotScheduleTaint));
  const anyPrefer = snapshot.nodes.some((n) => n.taints.some((t) => t.effect === 'PreferNoSchedule'));
  const rejections = new Map<Taint, Status>();
  const rejection = (t: Taint): Status => {
    let s = rejections.get(t);
    if (!s) rejections.set(t, (s = unresolvable(errReasonUntoleratedTaint(t))));
    return s;
  };
  return {
    name: NAME,
    // Not in kube-scheduler: with no NoSchedule/NoExecute taint anywhere the filter cannot reject, so skip it.
    preFilter: () => (anyHard ? null : SKIP),
    filter: (_state, pod, nodes, statuses) => {
      for (let i = 0; i < nodes.length; i++) {
        const taints = nodes[i].taints;
        if (taints.length === 0) continue;
        const t = untoleratedTaint(taints, pod.group.spec.tolerations);
        if (t) statuses[i] = rejection(t);
      }
    },
    // With no PreferNoSchedule taint anywhere every node scores the same: skip.
    preScore: () => (anyPrefer ? null : SKIP),
    score: (_state, pod, nodes, scores) => {
      const tolerations = pod.group.spec.tolerations;
      for (let i = 0; i < nodes.length; i++) {
        const taints = nodes[i].taints;
        scores[i] = taints.length === 0 ? 0 : countIntolerableTaintsPreferNoSchedule(taints, tolerations);
      }
    },
    normalizeScore: (_state, _pod, _nodes, scores) => defaultNormalizeScore(scores, true),
  };
};
