// The scheduler: assigns unassigned pods to hosts (v1 Nodes), after kube-scheduler's framework. Pure and
// deterministic: the same input gives the same bindings, in order; each placement counts for the pods after it.
import type { Namespace, Node, Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import { disruptionBudgets } from './budgets';
import { Framework } from './framework';
import type { PodInfo } from './podinfo';
import { SchedulingQueue } from './queue';
import { buildPlugins, type SchedulerConfig } from './registry';
import { Snapshot } from './snapshot';

export interface ScheduleInput {
  /** Pods to place: higher priority first, and in this order among equal priorities (kube-scheduler's PrioritySort). */
  pods: readonly Pod[];
  nodes: readonly Node[];
  /** Pods already on hosts (spec.nodeName set): they use resources and ports and count for (anti-)affinity and
   *  spread; those of lower priority may be preempted. Pods naming a node that is not in `nodes` are ignored. */
  assigned: readonly Pod[];
  config?: SchedulerConfig;
  /** Namespaces, for namespaceSelector in pod affinity terms (every namespace has kubernetes.io/metadata.name). */
  namespaces?: readonly Namespace[];
  /** scheduling.k8s.io/v1 PriorityClasses: pods' spec.priorityClassName (or the global default) resolves against
   *  them, as the API server's Priority admission does; spec.priority, when set, wins. */
  priorityClasses?: readonly PriorityClass[];
  /** Budgets preemption respects: it evicts pods they protect only when no other choice exists. */
  podDisruptionBudgets?: readonly PodDisruptionBudget[];
}

export interface Binding {
  /** "namespace/name" */
  pod: string;
  node: string;
}

export interface UnschedulablePod {
  pod: string;
  /**
   * Kubernetes' form: "0/3 hosts are available: 1 node(s) had untolerated taint {k: v}, 2 Insufficient memory.
   * preemption: 0/3 hosts are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found
   * for incoming pod."
   */
  message: string;
  /** How many nodes gave each reason (the filters', before preemption). */
  reasons: Record<string, number>;
}

/** A pod bound to a node by evicting pods of lower priority from it. */
export interface Preemption {
  /** "namespace/name" of the preemptor; its binding is in `bindings`. */
  pod: string;
  node: string;
  /** "namespace/name" of each pod to evict from `node`, most important first. */
  victims: string[];
}

export interface ScheduleResult {
  bindings: Binding[];
  unschedulable: UnschedulablePod[];
  /**
   * In order. Victims are placed again later in the same pass, at their priority, as their controllers would
   * recreate them: each appears afterwards in `bindings` (elsewhere) or in `unschedulable`.
   */
  preemptions: Preemption[];
}

export function schedule(input: ScheduleInput): ScheduleResult {
  const result: ScheduleResult = { bindings: [], unschedulable: [], preemptions: [] };
  // Nothing to place: skip indexing what runs (a steady-state pass of the controller's loop).
  if (input.pods.length === 0) return result;
  const config = input.config ?? {};
  const snapshot = new Snapshot(input.nodes, input.namespaces, input.priorityClasses);
  const budgets = input.podDisruptionBudgets?.length ? disruptionBudgets(input.podDisruptionBudgets, input.assigned, input.pods) : [];
  const fw = new Framework(snapshot, buildPlugins(config, { snapshot, disruptionBudgets: budgets }), config.percentageOfNodesToScore);
  for (const pod of input.assigned) {
    const node = snapshot.nodesByName.get(pod.spec?.nodeName ?? '');
    if (node) fw.addPod(snapshot.groups.info(pod, true), node);
  }

  const queue = new SchedulingQueue(input.pods.map((p) => snapshot.groups.info(p)));
  for (let info = queue.pop(); info; info = queue.pop()) {
    const group = info.group;
    // A pod like one that just failed, with nothing placed since, fails the same way: filtering is a function of
    // the placements, and a failed cycle evaluated every node.
    const last = group.lastFailure;
    if (last && last.version === snapshot.placed.version) {
      result.unschedulable.push({ pod: info.key, message: last.message, reasons: { ...last.reasons } });
      continue;
    }
    const out = fw.schedulePod(info);
    if (out.node) {
      if (out.victims?.length) {
        for (const v of out.victims) {
          fw.removePod(v);
          queue.add(snapshot.groups.info(unbound(v)));
        }
        result.preemptions.push({ pod: info.key, node: out.node.name, victims: out.victims.map((v) => v.key) });
      }
      fw.addPod(info, out.node);
      result.bindings.push({ pod: info.key, node: out.node.name });
    } else {
      group.lastFailure = { version: snapshot.placed.version, message: out.message, reasons: out.reasons };
      result.unschedulable.push({ pod: info.key, message: out.message, reasons: { ...out.reasons } });
    }
  }
  return result;
}

/** A victim to place again: its node was where it ran, not what it asks for. */
function unbound(v: PodInfo): Pod {
  const { nodeName: _, ...spec } = v.pod.spec ?? { containers: [] };
  return { ...v.pod, spec };
}

export { Code, Status, fitErrorMessage, numFeasibleNodesToFind, MAX_NODE_SCORE } from './framework';
export type { Plugin, PluginFactory, Handle } from './framework';
export { registry, DEFAULT_PLUGINS, resolvePlugins, type SchedulerConfig, type PluginName, type PluginSpec } from './registry';
export * as reasons from './reasons';
export { SYSTEM_DEFAULT_CONSTRAINTS, type PodTopologySpreadArgs } from './plugins/podtopologyspread';
export { podRequests, type Resources } from './resources';
export { PriorityClasses, podStartTime, SYSTEM_CLUSTER_CRITICAL, SYSTEM_NODE_CRITICAL, type PodPriority, type PreemptionPolicy } from './priority';
export { disruptionBudgets, disruptionsAllowed, budgetCovers, podIsHealthy, type DisruptionBudget } from './budgets';
export {
  NAME as DEFAULT_PREEMPTION,
  ERR_REASON_NOT_HELPFUL,
  ERR_REASON_NO_VICTIMS,
  MSG_PREEMPTION_POLICY_NEVER,
  type DefaultPreemptionArgs,
} from './plugins/defaultpreemption';
export {
  taintEvictions,
  withDefaultTolerations,
  DEFAULT_TOLERATION_SECONDS,
  TAINT_NODE_NOT_READY,
  TAINT_NODE_UNREACHABLE,
  REASON_TAINT_MANAGER_EVICTION,
  type TaintEvictionInput,
  type TaintEvictionResult,
  type TaintEviction,
  type ScheduledEviction,
  type DefaultTolerationSeconds,
} from './tainteviction';
