// Pod priority as the API server's Priority admission plugin resolves it (spec.priorityClassName → spec.priority and
// spec.preemptionPolicy), and kube-scheduler's ordering of pods by importance.
import type { Pod, PodSpec } from 'kubernetes-types/core/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';

/** The values of the two classes the API server creates itself. */
export const SYSTEM_CLUSTER_CRITICAL = 2_000_000_000;
export const SYSTEM_NODE_CRITICAL = 2_000_001_000;
/** scheduling.DefaultPriorityWhenNoDefaultClassExists. */
export const DEFAULT_PRIORITY = 0;

export type PreemptionPolicy = 'PreemptLowerPriority' | 'Never';

export interface PodPriority {
  priority: number;
  preemptionPolicy: PreemptionPolicy;
}

const SYSTEM_CLASSES: ReadonlyMap<string, PodPriority> = new Map([
  ['system-cluster-critical', { priority: SYSTEM_CLUSTER_CRITICAL, preemptionPolicy: 'PreemptLowerPriority' }],
  ['system-node-critical', { priority: SYSTEM_NODE_CRITICAL, preemptionPolicy: 'PreemptLowerPriority' }],
]);

/** The cluster's PriorityClasses, by name, with the global default. */
export class PriorityClasses {
  private readonly byName = new Map<string, PodPriority>(SYSTEM_CLASSES);
  private readonly globalDefault: PodPriority | undefined;

  constructor(classes: readonly PriorityClass[] = []) {
    let globalDefault: PodPriority | undefined;
    for (const pc of classes) {
      const p: PodPriority = { priority: pc.value, preemptionPolicy: policy(pc.preemptionPolicy) };
      this.byName.set(pc.metadata?.name ?? '', p);
      // Several global defaults (a race in Kubernetes, a mistake here): the lowest value wins, as in the admission.
      if (pc.globalDefault && (!globalDefault || p.priority < globalDefault.priority)) globalDefault = p;
    }
    this.globalDefault = globalDefault;
  }

  /**
   * The pod's priority: spec.priority when already resolved (a pod the API server admitted), else its class's value,
   * else the global default class's, else 0. A class name that names no class counts as none (the loader already
   * reports such references). spec.preemptionPolicy, when set, wins over the class's.
   */
  resolve(spec: PodSpec): PodPriority {
    const fromClass = (spec.priorityClassName ? this.byName.get(spec.priorityClassName) : undefined) ?? this.globalDefault;
    return {
      priority: spec.priority ?? fromClass?.priority ?? DEFAULT_PRIORITY,
      preemptionPolicy: policy(spec.preemptionPolicy ?? fromClass?.preemptionPolicy),
    };
  }
}

function policy(p: string | undefined): PreemptionPolicy {
  return p === 'Never' ? 'Never' : 'PreemptLowerPriority';
}

/** When the pod started (status.startTime, ms since the epoch); one that has not started counts as starting last. */
export function podStartTime(pod: Pod): number {
  const t = pod.status?.startTime;
  const ms = t ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? Infinity : ms;
}
