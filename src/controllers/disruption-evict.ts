// The eviction API's check (pkg/registry/core/pod/storage/eviction.go), for `berth drain` and preemption.
import type { Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1';
import { disruptionAllowedCondition, podsOfBudget } from './disruption';
import { isPodReady } from './rollout-pods';

/** MaxDisruptedPodSize: evictions the disruption controller has not confirmed yet, per budget. */
export const MAX_DISRUPTED_PODS = 2000;

export const REASON_DISRUPTION_BUDGET = 'DisruptionBudget';
export const REASON_MULTIPLE_BUDGETS = 'MultipleBudgets';
export const REASON_BUDGET_NOT_OBSERVED = 'BudgetNotObserved';

export type EvictionDecision =
  | {
      allowed: true;
      /** The budget that covers the pod, if any. */
      budget?: string;
      /** The budget's status after this eviction (one disruption fewer, the pod among disruptedPods): store it and pass
       * it to the next canEvict, so a drain does not evict past the budget before the pods are gone. */
      status?: PodDisruptionBudgetStatus;
    }
  | { allowed: false; budget: string; reason: string; message: string };

/**
 * May `pod` be evicted now? Pods already finished, Pending or being deleted always may (they are not available
 * anyway). Otherwise the one budget that selects it decides (several: refused, as Kubernetes does): an unready pod
 * may go when the budget is healthy (or its unhealthyPodEvictionPolicy is AlwaysAllow) without using a disruption;
 * a ready pod needs status.disruptionsAllowed > 0, and uses one. `statuses` by `namespace/name` of the budget.
 */
export function canEvict(pod: Pod, pdbs: readonly PodDisruptionBudget[], statuses: ReadonlyMap<string, PodDisruptionBudgetStatus>, now: Date): EvictionDecision {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || pod.metadata?.deletionTimestamp) return { allowed: true };
  const covering = pdbs.filter((pdb) => pdb.spec?.selector && podsOfBudget(pdb, [pod]).length === 1);
  if (covering.length === 0) return { allowed: true };
  if (covering.length > 1) {
    const budget = covering.map((p) => p.metadata!.name!).sort().join(',');
    return { allowed: false, budget, reason: REASON_MULTIPLE_BUDGETS, message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.' };
  }
  const pdb = covering[0];
  const budget = pdb.metadata!.name!;
  const status = statuses.get(`${pdb.metadata?.namespace ?? 'default'}/${budget}`);
  if (!status) return { allowed: false, budget, reason: REASON_BUDGET_NOT_OBSERVED, message: `Cannot evict pod: the disruption budget ${budget} has not been computed yet, try again shortly.` };

  if (!isPodReady(pod)) {
    // An unready pod does not count towards currentHealthy: evicting it costs no disruption.
    if (pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') return { allowed: true, budget };
    if (status.currentHealthy >= status.desiredHealthy && status.desiredHealthy > 0) return { allowed: true, budget };
  }
  if (status.disruptionsAllowed < 0) return { allowed: false, budget, reason: REASON_DISRUPTION_BUDGET, message: `pdb ${budget}: disruptions allowed is negative` };
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS) {
    return { allowed: false, budget, reason: REASON_DISRUPTION_BUDGET, message: `pdb ${budget}: DisruptedPods map too big - too many evictions not confirmed by PDB controller` };
  }
  if (status.disruptionsAllowed === 0) {
    const message = `Cannot evict pod as it would violate the pod's disruption budget. The disruption budget ${budget} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`;
    return { allowed: false, budget, reason: REASON_DISRUPTION_BUDGET, message };
  }
  const disruptionsAllowed = status.disruptionsAllowed - 1;
  const next: PodDisruptionBudgetStatus = {
    ...status,
    disruptionsAllowed,
    disruptedPods: { ...status.disruptedPods, [pod.metadata!.name!]: now.toISOString() },
    ...(disruptionsAllowed === 0 ? { conditions: disruptionAllowedCondition(status.conditions, 0, now) } : {}),
  };
  return { allowed: true, budget, status: next };
}
