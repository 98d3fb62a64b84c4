// Taints and tolerations, as Kubernetes' v1helper matches them. Used by TaintToleration, NodeUnschedulable and
// PodTopologySpread's nodeTaintsPolicy.
import type { Taint, Toleration } from 'kubernetes-types/core/v1';

/** Toleration.ToleratesTaint: an empty effect or key matches any; operator Exists ignores the value. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  if (!tolerations) return false;
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** The taints that keep pods off a node: NoSchedule and NoExecute (PreferNoSchedule only scores). */
export function isDoNotScheduleTaint(t: Taint): boolean {
  return t.effect === 'NoSchedule' || t.effect === 'NoExecute';
}

/** The first of `taints` (in the node's order) that passes `filter` and no toleration tolerates. */
export function findMatchingUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[] | undefined,
  filter: (t: Taint) => boolean = isDoNotScheduleTaint,
): Taint | undefined {
  for (const taint of taints) if (filter(taint) && !tolerationsTolerateTaint(tolerations, taint)) return taint;
  return undefined;
}
