// Taints and tolerations as Kubernetes' v1helper and component-helpers match them. The one implementation: the
// scheduler's TaintToleration, NodeUnschedulable and PodTopologySpread (nodeTaintsPolicy) and the DaemonSet
// controller call it. Plain loops, no per-call objects: the scheduler calls it for many nodes per pod.
import type { Node, Taint, Toleration } from 'kubernetes-types/core/v1';

/** The taint of a cordoned node (spec.unschedulable). */
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const UNSCHEDULABLE_TAINT: Readonly<Taint> = Object.freeze({ key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });

/**
 * Toleration.ToleratesTaint: an empty effect or key matches any (so `operator: Exists` with no key tolerates
 * everything); operator Equal (the default) compares values, Exists ignores them; an unknown operator tolerates nothing.
 */
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

/** Whether any of the tolerations tolerates the taint. */
export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  if (!tolerations) return false;
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** The taints that keep pods off a node: NoSchedule and NoExecute (PreferNoSchedule only scores). */
export function isDoNotScheduleTaint(t: Taint): boolean {
  return t.effect === 'NoSchedule' || t.effect === 'NoExecute';
}

/** FindMatchingUntoleratedTaint: the first of `taints` (in the node's order) that passes `filter` and no toleration tolerates. */
export function findMatchingUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[] | undefined,
  filter: (t: Taint) => boolean = isDoNotScheduleTaint,
): Taint | undefined {
  for (const taint of taints) if (filter(taint) && !tolerationsTolerateTaint(tolerations, taint)) return taint;
  return undefined;
}

/**
 * The node's taints including the cordon: a node with spec.unschedulable also carries
 * node.kubernetes.io/unschedulable:NoSchedule, which Kubernetes' node lifecycle controller adds.
 */
export function nodeTaints(node: Node): readonly Taint[] {
  const taints = node.spec?.taints ?? [];
  if (!node.spec?.unschedulable) return taints;
  for (const t of taints) if (t.key === TAINT_NODE_UNSCHEDULABLE && t.effect === 'NoSchedule') return taints;
  return [...taints, UNSCHEDULABLE_TAINT];
}
