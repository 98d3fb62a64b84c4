import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import type { DesiredState } from '../manifest';
import { assignServiceAddresses, expand, type Expansion, type LiveState, type ServiceAddresses, type ServiceAllocations } from '../controllers';
import { schedule, type ScheduleResult } from '../scheduler';
import { adopt, plan, type LiveSnapshot, type PlanWithSets } from '../plan';

export interface PassResult {
  expansion: Expansion;
  /** Desired pods, each bound to a host where one fits. */
  pods: Pod[];
  plan: PlanWithSets;
  /** The scheduler's word on the pods it could not place. */
  unschedulable: ScheduleResult['unschedulable'];
  /** Pods bound by evicting pods of lower priority. */
  preemptions: ScheduleResult['preemptions'];
  /** Pods left unplaced this pass because placement waits for hosts (PassOptions.hold), with why. */
  held: { pod: string; message: string }[];
  /** The Service allocations after this pass, and the Services that could not get theirs. */
  services?: Pick<ServiceAddresses, 'allocations' | 'failures'>;
}

export interface PassOptions {
  /** What the controller knows beyond git (rollouts, jobs, cron runs), for the workload controllers. */
  workloads?: LiveState;
  /** The hosts as the controller sees them now (reported capacity, conditions, taints); default the inventory's. */
  nodes?: Node[];
  /** The Services' ClusterIPs and NodePorts so far: given, Services get theirs (kept, or allocated anew). */
  serviceAllocations?: ServiceAllocations;
  /** Whether the plan carries RFC 6902 patches (`berth plan`, `berth diff`); the controller reads none. Default true. */
  patches?: boolean;
  /**
   * Why new pods wait for hosts this pass (settle.ts): pods without a host stay Pending with this message, but a
   * DaemonSet's (its pods' hosts are chosen by the DaemonSet, not by what else is up).
   */
  hold?: string;
}

/**
 * Steps 3–5 of the loop (expand → schedule → plan) for one desired state against one live snapshot. Pure: the
 * same inputs give the same plan, byte for byte.
 */
export function planPass(state: DesiredState, live: LiveSnapshot, now: Date, { workloads, nodes = state.nodes, serviceAllocations, patches = true, hold }: PassOptions = {}): PassResult {
  const expanded = expand(state, { now, live: workloads });
  const services = serviceAllocations ? assignServiceAddresses(expanded.objects, serviceAllocations, state.cluster.object.spec.network) : undefined;
  const expansion = services ? { ...expanded, objects: services.objects } : expanded;
  const { pods: adopted, unbound: all } = adopt(expansion.pods, live, nodes);
  const unbound = hold ? all.filter(isDaemonPod) : all;
  const held = hold ? all.filter((p) => !isDaemonPod(p)).map((p) => ({ pod: `${p.metadata?.namespace}/${p.metadata?.name}`, message: hold })) : [];
  // Nearly every pass of a steady fleet: everything runs where it is, nothing to place; no copy of 150,000 pods.
  const result = unbound.length ? scheduleUnbound(state, nodes, adopted, unbound) : { bindings: [], unschedulable: [], preemptions: [] };
  const pods = result.bindings.length || result.preemptions.length ? withBindings(adopted, result) : adopted;
  const thePlan = plan({
    patches,
    desiredPods: pods,
    unschedulable: [...result.unschedulable.map((u) => ({ pod: u.pod, message: u.message })), ...held],
    nodes,
    live,
    desiredObjects: expansion.objects,
  });
  return { expansion, pods, plan: thePlan, unschedulable: result.unschedulable, preemptions: result.preemptions, held, services };
}

function isDaemonPod(pod: Pod): boolean {
  return pod.metadata?.ownerReferences?.some((r) => r.kind === 'DaemonSet' && r.controller) ?? false;
}

function scheduleUnbound(state: DesiredState, nodes: Node[], adopted: readonly Pod[], unbound: Pod[]): ScheduleResult {
  const objects = state.objects.map((o) => o.object);
  return schedule({
    pods: unbound,
    nodes,
    assigned: adopted.filter((p) => p.spec?.nodeName),
    priorityClasses: objects.filter((o) => o.kind === 'PriorityClass') as unknown as PriorityClass[],
    podDisruptionBudgets: objects.filter((o) => o.kind === 'PodDisruptionBudget') as unknown as PodDisruptionBudget[],
  });
}

/** The pods with the scheduler's bindings; preempted pods leave their host: placed again elsewhere, or pending. */
function withBindings(adopted: readonly Pod[], result: ScheduleResult): Pod[] {
  const binding = new Map(result.bindings.map((b) => [b.pod, b.node]));
  const victims = new Set(result.preemptions.flatMap((p) => p.victims));
  return adopted.map((p) => {
    const bound = !!p.spec?.nodeName;
    if (bound && !victims.size) return p;
    const key = `${p.metadata?.namespace}/${p.metadata?.name}`;
    if (bound && !victims.has(key)) return p;
    const node = binding.get(key);
    if (node) return { ...p, spec: { ...p.spec!, nodeName: node } };
    if (!victims.has(key)) return p;
    const { nodeName: _, ...spec } = p.spec!;
    return { ...p, spec };
  });
}

export const EMPTY_FLEET: LiveSnapshot = { hosts: [] };
