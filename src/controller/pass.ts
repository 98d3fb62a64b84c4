import type { Node, Pod } from 'kubernetes-types/core/v1';
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
  const result = schedule({ pods: unbound, nodes, assigned: bound });
  const binding = new Map(result.bindings.map((b) => [b.pod, b.node]));
  const pods = adopted.map((p) => {
    if (p.spec?.nodeName) return p;
    const node = binding.get(`${p.metadata?.namespace}/${p.metadata?.name}`);
    return node ? { ...p, spec: { ...p.spec!, nodeName: node } } : p;
  });
  const thePlan = plan({
    desiredPods: pods,
    unschedulable: result.unschedulable.map((u) => ({ pod: u.pod, message: u.message })),
    nodes,
    live,
    desiredObjects: expansion.objects,
  });
  return { expansion, pods, plan: thePlan, unschedulable: result.unschedulable };
}

export const EMPTY_FLEET: LiveSnapshot = { hosts: [] };
