// DefaultPreemption (PostFilter): when a pod fits nowhere, find nodes where taking off pods of lower priority would
// make it fit, and choose one by kube-scheduler's rules (fewest budget violations, least important victims, fewest
// victims). The scheduler then evicts the victims and binds the pod there, in the same pass; Kubernetes nominates the
// node and binds once the victims are gone, which comes to the same.
import type { FrameworkHandle, Plugin, PluginFactory } from '../../framework';
import type { Diagnosis } from '../../framework';
import type { PodInfo } from '../../podinfo';
import type { NodeInfo } from '../../snapshot';
import { budgetCovers, type DisruptionBudget } from '../../budgets';
import { Code, fitErrorMessage, reasonHistogram, Status } from '../../status';
import { numCandidates, pickOneNodeForPreemption, type Candidate, type DefaultPreemptionArgs } from './candidates';
import { selectVictimsOnNode } from './victims';

export const NAME = 'DefaultPreemption';
/** Nodes where taking pods off cannot help: a label, a taint, a cordon rejected them. */
export const ERR_REASON_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const MSG_PREEMPTION_POLICY_NEVER = 'not eligible due to preemptionPolicy=Never.';
/** kube-scheduler's DefaultPreemption prefixes its messages so; they follow the filter reasons. */
export const MESSAGE_PREFIX = 'preemption: ';
export { ERR_REASON_NO_VICTIMS, compareImportance, filterPodsWithPDBViolation, selectVictimsOnNode, type Victims } from './victims';
export { numCandidates, pickOneNodeForPreemption, type Candidate, type DefaultPreemptionArgs } from './candidates';

/** Nodes whose rejection other pods' leaving might change (Unschedulable, not UnschedulableAndUnresolvable). */
export function nodesWherePreemptionMightHelp(nodes: readonly NodeInfo[], d: Diagnosis): NodeInfo[] {
  if (d.preFilterStatus) return d.preFilterStatus.code === Code.Unschedulable ? [...nodes] : [];
  return nodes.filter((n) => d.statuses[n.index]?.code === Code.Unschedulable);
}

export const defaultPreemption: PluginFactory = (args, handle): Plugin => {
  const budgets = handle.disruptionBudgets ?? [];
  const opts = (args ?? {}) as DefaultPreemptionArgs;
  return {
    name: NAME,
    postFilter: (pod, diagnosis, fw) => {
      if (pod.group.preemptionPolicy === 'Never') return { message: MESSAGE_PREFIX + MSG_PREEMPTION_POLICY_NEVER };
      const all = fw.snapshot.nodes;
      const { candidates, statuses } = dryRunPreemption(fw, pod, nodesWherePreemptionMightHelp(all, diagnosis), budgets, opts);
      const best = pickOneNodeForPreemption(candidates);
      if (!best) {
        const reasons = reasonHistogram(statuses.values());
        if (statuses.size < all.length) reasons[ERR_REASON_NOT_HELPFUL] = (reasons[ERR_REASON_NOT_HELPFUL] ?? 0) + all.length - statuses.size;
        return { message: MESSAGE_PREFIX + fitErrorMessage(all.length, reasons) };
      }
      spendBudgets(best.pods, budgets);
      return { node: best.node, victims: best.pods };
    },
  };
};

/**
 * Tries the nodes in order until enough candidates are found (at least one that breaks no budget): kube-scheduler's
 * DryRunPreemption, from the first node rather than a random one, so the result is deterministic.
 */
function dryRunPreemption(
  fw: FrameworkHandle,
  pod: PodInfo,
  nodes: readonly NodeInfo[],
  budgets: readonly DisruptionBudget[],
  opts: DefaultPreemptionArgs,
): { candidates: Candidate[]; statuses: Map<NodeInfo, Status> } {
  const want = numCandidates(nodes.length, opts);
  const nonViolating: Candidate[] = [];
  const violating: Candidate[] = [];
  const statuses = new Map<NodeInfo, Status>();
  for (const node of nodes) {
    const v = selectVictimsOnNode(fw, pod, node, budgets);
    if (v instanceof Status) {
      statuses.set(node, v);
      continue;
    }
    (v.numPDBViolations === 0 ? nonViolating : violating).push({ node, ...v });
    if (nonViolating.length > 0 && nonViolating.length + violating.length >= want) break;
  }
  return { candidates: [...nonViolating, ...violating], statuses };
}

/** The evicted pods use up their budgets, for the preemptions later in the pass. */
function spendBudgets(victims: readonly PodInfo[], budgets: readonly DisruptionBudget[]): void {
  for (const v of victims) {
    const name = v.pod.metadata?.name ?? '';
    for (const b of budgets) if (budgetCovers(b, v.group.namespace, v.group.labels) && !b.disrupted.has(name)) b.allowed--;
  }
}
