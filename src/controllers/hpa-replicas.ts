// Kubernetes' replica calculator (pkg/controller/podautoscaler/replica_calculator.go) for resource metrics: cpu and
// memory, as utilization of the pods' requests or as an average value. Values are in milli-units, as the metrics
// client hands them over (cpu millicores; memory bytes × 1000), summed in BigInt so no pod count overflows.
import type { Pod } from 'kubernetes-types/core/v1';
import { cpuMillis } from '../manifest';

/** --horizontal-pod-autoscaler-tolerance: no scaling while |1 − ratio| ≤ 0.1. */
export const HPA_TOLERANCE = 0.1;
/** --horizontal-pod-autoscaler-cpu-initialization-period (5 min) and -initial-readiness-delay (30 s). */
export const CPU_INITIALIZATION_PERIOD_MS = 300_000;
export const INITIAL_READINESS_DELAY_MS = 30_000;

/** One pod's usage as the agents' stats report it: sums over its containers. */
export interface PodMetrics {
  /** The pod's name (in the HPA's namespace). */
  name: string;
  cpuMillicores?: number;
  /** Working set, as the kubelet and `kubectl top` count memory. */
  memoryBytes?: number;
  /** When the sample was taken (RFC 3339), and the window it averages over (seconds; default 15). */
  timestamp: string;
  windowSeconds?: number;
}

export type ResourceName = 'cpu' | 'memory';

export interface ReplicaProposal {
  replicas: number;
  /** averageUtilization (percent of requests), for Utilization targets. */
  utilization?: number;
  /** The average usage per pod, in milli-units. */
  rawAverage: number;
}

/** A metric that cannot be computed: Kubernetes' error text, which ends up in the ScalingActive condition. */
export class MetricError extends Error {}

interface Grouped {
  ready: number;
  /** Milli-units per pod with a usable sample. */
  metrics: Map<string, bigint>;
  unready: string[];
  missing: string[];
}

/** What both proposals start from: the target is a utilization (percent) or an average value (milli-units). */
export interface ReplicaInput {
  currentReplicas: number;
  target: number;
  resource: ResourceName;
  pods: readonly Pod[];
  metrics: ReadonlyMap<string, PodMetrics>;
  now: Date;
}

/** GetResourceReplicas: a Utilization target (percent of the pods' requests). */
export function resourceReplicas({ currentReplicas, target: targetUtilization, resource, pods, metrics, now }: ReplicaInput): ReplicaProposal {
  const { ready, metrics: usage, unready, missing } = groupPods(resource, pods, metrics, now);
  const requests = podRequests(resource, pods);
  if (usage.size === 0) throw new MetricError('did not receive metrics for targeted pods (pods might be unready)');
  const first = utilizationRatio(usage, requests, targetUtilization);
  const scaleUpWithUnready = unready.length > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && missing.length === 0) {
    const replicas = withinTolerance(first.ratio) ? currentReplicas : Math.ceil(first.ratio * ready);
    return { replicas, utilization: first.utilization, rawAverage: first.rawAverage };
  }
  // Conservatively: a missing pod uses its full request (or the target, if higher) when scaling down, nothing when
  // scaling up; an unready pod uses nothing when scaling up.
  if (first.ratio < 1) for (const name of missing) usage.set(name, (requests.get(name)! * BigInt(Math.max(100, targetUtilization))) / 100n);
  else if (first.ratio > 1) for (const name of missing) usage.set(name, 0n);
  if (scaleUpWithUnready) for (const name of unready) usage.set(name, 0n);
  const second = utilizationRatio(usage, requests, targetUtilization);
  const replicas = rebalance(currentReplicas, first.ratio, second.ratio, usage.size);
  return { replicas, utilization: first.utilization, rawAverage: first.rawAverage };
}

/** GetRawResourceReplicas: an AverageValue target (milli-units per pod). */
export function rawResourceReplicas({ currentReplicas, target: targetMilli, resource, pods, metrics, now }: ReplicaInput): ReplicaProposal {
  const { ready, metrics: usage, unready, missing } = groupPods(resource, pods, metrics, now);
  if (usage.size === 0) throw new MetricError('did not receive metrics for targeted pods (pods might be unready)');
  const target = BigInt(targetMilli);
  const first = usageRatio(usage, target);
  const scaleUpWithUnready = unready.length > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && missing.length === 0) {
    return { replicas: withinTolerance(first.ratio) ? currentReplicas : Math.ceil(first.ratio * ready), rawAverage: first.average };
  }
  for (const name of missing) usage.set(name, first.ratio < 1 ? target : 0n);
  if (scaleUpWithUnready) for (const name of unready) usage.set(name, 0n);
  const second = usageRatio(usage, target);
  return { replicas: rebalance(currentReplicas, first.ratio, second.ratio, usage.size), rawAverage: first.average };
}

/** After filling in missing and unready pods: no change within tolerance, or when the direction would flip. */
function rebalance(currentReplicas: number, ratio: number, newRatio: number, counted: number): number {
  if (withinTolerance(newRatio) || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1)) return currentReplicas;
  const replicas = Math.ceil(newRatio * counted);
  if ((newRatio < 1 && replicas > currentReplicas) || (newRatio > 1 && replicas < currentReplicas)) return currentReplicas;
  return replicas;
}

function withinTolerance(ratio: number): boolean {
  return Math.abs(1 - ratio) <= HPA_TOLERANCE;
}

/**
 * groupPods: deleted and failed pods are ignored; Pending ones count as unready; pods without a sample are missing.
 * For cpu, a pod is also unready if not Ready, or — within the initialization period after it started — if its
 * sample predates a full window since it became Ready; after that period only if it never became Ready.
 */
function groupPods(resource: ResourceName, pods: readonly Pod[], metrics: ReadonlyMap<string, PodMetrics>, now: Date): Grouped {
  const group: Grouped = { ready: 0, metrics: new Map(), unready: [], missing: [] };
  if (![...metrics.values()].some((m) => valueOf(resource, m) !== undefined)) throw new MetricError(`unable to get metrics for resource ${resource}: no metrics returned from resource metrics API`);
  for (const pod of pods) {
    const name = pod.metadata!.name!;
    const phase = pod.status?.phase;
    if (pod.metadata?.deletionTimestamp || phase === 'Failed' || phase === 'Succeeded') continue;
    if (phase === 'Pending') {
      group.unready.push(name);
      continue;
    }
    const sample = metrics.get(name);
    const value = sample && valueOf(resource, sample);
    if (value === undefined) {
      group.missing.push(name);
      continue;
    }
    if (resource === 'cpu' && cpuUnready(pod, sample!, now)) {
      group.unready.push(name);
      continue;
    }
    group.metrics.set(name, value);
    group.ready++;
  }
  return group;
}

function cpuUnready(pod: Pod, sample: PodMetrics, now: Date): boolean {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  const startTime = pod.status?.startTime;
  if (!ready || !startTime) return true;
  const started = Date.parse(startTime);
  const transition = Date.parse(ready.lastTransitionTime ?? startTime);
  if (started + CPU_INITIALIZATION_PERIOD_MS > now.getTime()) {
    return ready.status === 'False' || Date.parse(sample.timestamp) < transition + (sample.windowSeconds ?? 15) * 1000;
  }
  return ready.status === 'False' && started + INITIAL_READINESS_DELAY_MS > transition;
}

function valueOf(resource: ResourceName, m: PodMetrics): bigint | undefined {
  if (resource === 'cpu') return m.cpuMillicores === undefined ? undefined : BigInt(Math.round(m.cpuMillicores));
  return m.memoryBytes === undefined ? undefined : BigInt(Math.round(m.memoryBytes)) * 1000n;
}

/** calculatePodRequests: the sum of the containers' (and sidecars') requests; a container without one is an error. */
function podRequests(resource: ResourceName, pods: readonly Pod[]): Map<string, bigint> {
  const requests = new Map<string, bigint>();
  for (const pod of pods) {
    const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
    let sum = 0n;
    for (const c of [...(pod.spec?.containers ?? []), ...sidecars]) {
      const request = c.resources?.requests?.[resource];
      if (request === undefined) throw new MetricError(`missing request for ${resource} in container ${c.name} of Pod ${pod.metadata?.name}`);
      sum += BigInt(cpuMillis(request));
    }
    requests.set(pod.metadata!.name!, sum);
  }
  return requests;
}

/** GetResourceUtilizationRatio: integer percent of the requests of the pods with metrics, over the target. */
function utilizationRatio(metrics: Map<string, bigint>, requests: Map<string, bigint>, target: number) {
  let used = 0n;
  let requested = 0n;
  let entries = 0n;
  for (const [name, value] of metrics) {
    const request = requests.get(name);
    if (request === undefined) continue;
    used += value;
    requested += request;
    entries++;
  }
  if (requested === 0n) throw new MetricError('no metrics returned matched known pods');
  const utilization = Number((used * 100n) / requested);
  return { ratio: utilization / target, utilization, rawAverage: Number(used / entries) };
}

/** GetMetricUsageRatio: the integer average over the target. */
function usageRatio(metrics: Map<string, bigint>, target: bigint) {
  let total = 0n;
  for (const value of metrics.values()) total += value;
  const average = total / BigInt(metrics.size);
  return { ratio: Number(average) / Number(target), average: Number(average) };
}
