// PodDisruptionBudgets as preemption weighs them: how many of its pods each budget lets go in this pass.
// Kubernetes' disruption controller keeps status.disruptionsAllowed; when a budget comes without it, the same figure
// is computed here from the pods the scheduler is given.
import type { Pod } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { isEmptyLabelSelector, labelSelectorMatches } from '../manifest';

export interface DisruptionBudget {
  /** "namespace/name" */
  readonly key: string;
  readonly namespace: string;
  readonly selector: LabelSelector | undefined;
  /** Disruptions still allowed; preemption spends them as it evicts. */
  allowed: number;
  /** Pods already being disrupted (status.disruptedPods): evicting them spends nothing. */
  readonly disrupted: ReadonlySet<string>;
}

/**
 * Whether the budget covers a pod: same namespace and a selector that matches its labels. An empty selector covers
 * nothing here, as in kube-scheduler's preemption (filterPodsWithPDBViolation).
 */
export function budgetCovers(b: Pick<DisruptionBudget, 'namespace' | 'selector'>, namespace: string, labels: Readonly<Record<string, string>>): boolean {
  return b.namespace === namespace && !isEmptyLabelSelector(b.selector) && labelSelectorMatches(b.selector, labels);
}

/**
 * The disruption controller's figure: healthy pods beyond the desired number, never below 0. `expected` stands for
 * the scale of the pods' controllers (here: how many pods the budget covers, placed or not).
 */
export function disruptionsAllowed(pdb: PodDisruptionBudget, expected: number, healthy: number): number {
  const s = pdb.spec ?? {};
  let desiredHealthy = 0;
  if (s.maxUnavailable !== undefined) desiredHealthy = Math.max(0, expected - scaled(s.maxUnavailable, expected));
  else if (s.minAvailable !== undefined) desiredHealthy = scaled(s.minAvailable, expected);
  if (expected <= 0) return 0;
  return Math.max(0, healthy - desiredHealthy);
}

/** An int-or-percent of `total`, rounded up (intstr.GetScaledValueFromIntOrPercent with roundUp). */
function scaled(v: number | string, total: number): number {
  if (typeof v === 'number') return v;
  const pct = Number.parseInt(v.replace(/%$/, ''), 10);
  return Number.isNaN(pct) ? 0 : Math.ceil((pct * total) / 100);
}

/**
 * Ready as the disruption controller counts it. A pod given without status conditions counts as healthy: the
 * scheduler is often given desired pods, whose readiness the caller knows but has not copied in.
 */
export function podIsHealthy(pod: Pod): boolean {
  const conditions = pod.status?.conditions;
  if (!conditions?.length) return pod.status?.phase !== 'Failed' && pod.status?.phase !== 'Succeeded';
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * Each budget with the disruptions it allows: status.disruptionsAllowed when given; otherwise computed from the
 * placed pods it covers (healthy ones) and every pod it covers, placed or to place.
 */
export function disruptionBudgets(
  pdbs: readonly PodDisruptionBudget[],
  placed: readonly Pod[],
  toPlace: readonly Pod[],
): DisruptionBudget[] {
  return pdbs.map((pdb) => {
    const namespace = pdb.metadata?.namespace || 'default';
    const b = { namespace, selector: pdb.spec?.selector };
    const covers = (p: Pod) => budgetCovers(b, p.metadata?.namespace || 'default', p.metadata?.labels ?? {});
    let allowed = pdb.status?.disruptionsAllowed;
    if (allowed === undefined) {
      let expected = 0;
      let healthy = 0;
      for (const p of placed) {
        if (!covers(p)) continue;
        expected++;
        if (podIsHealthy(p)) healthy++;
      }
      for (const p of toPlace) if (covers(p)) expected++;
      allowed = disruptionsAllowed(pdb, expected, healthy);
    }
    return {
      key: `${namespace}/${pdb.metadata?.name ?? ''}`,
      ...b,
      allowed,
      disrupted: new Set(Object.keys(pdb.status?.disruptedPods ?? {})),
    };
  });
}
