// Which pods of one node must go for the preemptor to fit there: kube-scheduler's SelectVictimsOnNode. Every pod of
// lower priority is taken off; if the preemptor then fits, pods are put back one by one, most important first (those
// whose eviction would break a PodDisruptionBudget before the others), and those it cannot do without are the victims.
import { budgetCovers, type DisruptionBudget } from '../../budgets';
import type { FrameworkHandle } from '../../framework';
import type { PodInfo } from '../../podinfo';
import { podStartTime } from '../../priority';
import type { NodeInfo } from '../../snapshot';
import { unresolvable, type Status } from '../../status';

export const ERR_REASON_NO_VICTIMS = 'No preemption victims found for incoming pod';
const NO_VICTIMS = unresolvable(ERR_REASON_NO_VICTIMS);

export interface Victims {
  /** Most important first. */
  pods: PodInfo[];
  /** How many of them a PodDisruptionBudget protects (budgets are broken only when nothing else works). */
  numPDBViolations: number;
}

/**
 * kube-scheduler's MoreImportantPod as a sort order: higher priority first, then the one that started first; then by
 * key, so the order never depends on input order.
 */
export function compareImportance(a: PodInfo, b: PodInfo): number {
  return (
    b.group.priority - a.group.priority ||
    podStartTime(a.pod) - podStartTime(b.pod) ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

/**
 * Splits pods (most important first) into those whose eviction would take a budget below zero and the others,
 * spending each budget in that order: kube-scheduler's filterPodsWithPDBViolation.
 */
export function filterPodsWithPDBViolation(
  pods: readonly PodInfo[],
  budgets: readonly DisruptionBudget[],
): [violating: PodInfo[], nonViolating: PodInfo[]] {
  const allowed = budgets.map((b) => b.allowed);
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const p of pods) {
    let violated = false;
    const { namespace, labels } = p.group;
    const name = p.pod.metadata?.name ?? '';
    budgets.forEach((b, i) => {
      if (!budgetCovers(b, namespace, labels) || b.disrupted.has(name)) return;
      if (--allowed[i] < 0) violated = true;
    });
    (violated ? violating : nonViolating).push(p);
  }
  return [violating, nonViolating];
}

/**
 * The victims on `node` for `pod`, or why there are none. Leaves the node as it found it: pods are taken off and put
 * back through the framework, so every plugin's counts follow (kube-scheduler runs the same on a copy).
 */
export function selectVictimsOnNode(
  fw: FrameworkHandle,
  pod: PodInfo,
  node: NodeInfo,
  budgets: readonly DisruptionBudget[],
): Victims | Status {
  const priority = pod.group.priority;
  const potential = node.pods.filter((p) => p.group.priority < priority);
  if (potential.length === 0) return NO_VICTIMS;
  try {
    for (const p of potential) fw.removePod(p);
    // Affinity to one of the victims cannot be helped: kube-scheduler does not look further, nor does this.
    const status = fw.runFiltersOnNode(pod, node);
    if (status) return status;
    potential.sort(compareImportance);
    const [violating, nonViolating] = filterPodsWithPDBViolation(potential, budgets);
    const victims: PodInfo[] = [];
    const reprieve = (p: PodInfo): boolean => {
      fw.addPod(p, node);
      if (fw.runFiltersOnNode(pod, node) === null) return true;
      fw.removePod(p);
      victims.push(p);
      return false;
    };
    let numPDBViolations = 0;
    for (const p of violating) if (!reprieve(p)) numPDBViolations++;
    for (const p of nonViolating) reprieve(p);
    if (violating.length && nonViolating.length) victims.sort(compareImportance);
    return { pods: victims, numPDBViolations };
  } finally {
    for (const p of potential) if (p.placement?.removed) fw.addPod(p, node);
  }
}
