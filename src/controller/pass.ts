import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import type { DesiredState } from '../manifest';
import { expand, type Expansion, type LiveState } from '../controllers';
import { schedule, type ScheduleResult } from '../scheduler';
import { adoptLiveHosts, plan, type LiveSnapshot, type Plan } from '../plan';

export interface PassResult {
  expansion: Expansion;
  /** Desired pods, each bound to a host where one fits. */
  pods: Pod[];
  plan: Plan;
  /** The scheduler's word on the pods it could not place. */
  unschedulable: ScheduleResult['unschedulable'];
  /** Pods bound by evicting pods of lower priority. */
  preemptions: ScheduleResult['preemptions'];
}

export interface PassOptions {
  /** What the controller knows beyond git (rollouts, jobs, cron runs), for the workload controllers. */
  workloads?: LiveState;
  /** The hosts as the controller sees them now (reported capacity, conditions, taints); default the inventory's. */
  nodes?: Node[];
}

/**
 * Steps 3–5 of the loop (expand → schedule → plan) for one desired state against one live snapshot. Pure: the
 * same inputs give the same plan, byte for byte.
 */
export function planPass(state: DesiredState, live: LiveSnapshot, now: Date, { workloads, nodes = state.nodes }: PassOptions = {}): PassResult {
  const expansion = expand(state, { now, live: workloads });
  const adopted = adoptLiveHosts(expansion.pods, live, nodes);
  const bound = adopted.filter((p) => p.spec?.nodeName);
  const unbound = adopted.filter((p) => !p.spec?.nodeName);
  const objects = state.objects.map((o) => o.object);
  const result = schedule({
    pods: unbound,
    nodes,
    assigned: bound,
    priorityClasses: objects.filter((o) => o.kind === 'PriorityClass') as unknown as PriorityClass[],
    podDisruptionBudgets: objects.filter((o) => o.kind === 'PodDisruptionBudget') as unknown as PodDisruptionBudget[],
  });
  const binding = new Map(result.bindings.map((b) => [b.pod, b.node]));
  // Preempted pods leave their host: placed again elsewhere in the same pass, or pending.
  const victims = new Set(result.preemptions.flatMap((p) => p.victims));
  const pods = adopted.map((p) => {
    const key = `${p.metadata?.namespace}/${p.metadata?.name}`;
    if (p.spec?.nodeName && !victims.has(key)) return p;
    const node = binding.get(key);
    if (node) return { ...p, spec: { ...p.spec!, nodeName: node } };
    if (!victims.has(key)) return p;
    const { nodeName: _, ...spec } = p.spec!;
    return { ...p, spec };
  });
  const thePlan = plan({
    desiredPods: pods,
    unschedulable: result.unschedulable.map((u) => ({ pod: u.pod, message: u.message })),
    nodes,
    live,
    desiredObjects: expansion.objects,
  });
  return { expansion, pods, plan: thePlan, unschedulable: result.unschedulable, preemptions: result.preemptions };
}

export const EMPTY_FLEET: LiveSnapshot = { hosts: [] };
