// The HorizontalPodAutoscaler controller (autoscaling/v2, resource metrics), as reconcileAutoscaler in
// pkg/controller/podautoscaler/horizontal.go. Pure: metrics, pods and the clock are passed in.
import type {
  HorizontalPodAutoscaler,
  HorizontalPodAutoscalerCondition,
  HorizontalPodAutoscalerStatus,
  MetricSpec,
  MetricStatus,
} from 'kubernetes-types/autoscaling/v2';
import type { Pod } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { cpuMillis, labelSelectorMatches, quantityFromMillis } from '../manifest';
import {
  SCALE_DOWN_DEFAULTS,
  SCALE_UP_DEFAULTS,
  keepRecommendations,
  keepScaleEvents,
  limitWithBehavior,
  limitWithoutBehavior,
  stabilizeDown,
  stabilizeWithBehavior,
  type Limited,
  type TimedRecommendation,
  type TimedScaleEvent,
} from './hpa-behavior';
import { MetricError, rawResourceReplicas, resourceReplicas, type PodMetrics, type ResourceName } from './hpa-replicas';

export const REASON_SUCCESSFUL_RESCALE = 'SuccessfulRescale';
export const REASON_FAILED_GET_RESOURCE_METRIC = 'FailedGetResourceMetric';
export const REASON_FAILED_COMPUTE_METRICS_REPLICAS = 'FailedComputeMetricsReplicas';

export interface HorizontalPodAutoscalerEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** What the controller keeps for an HPA between passes (JSON): store `result.record` after every pass. */
export interface HorizontalPodAutoscalerRecord {
  /** Recent unstabilized recommendations, for the stabilization windows. */
  recommendations: TimedRecommendation[];
  /** Recent scalings, for the behavior policies' periods (kept only when spec.behavior is set, as Kubernetes does). */
  scaleUpEvents: TimedScaleEvent[];
  scaleDownEvents: TimedScaleEvent[];
  /** The last status: conditions keep their lastTransitionTime, lastScaleTime, desiredReplicas after a failure. */
  status?: HorizontalPodAutoscalerStatus;
}

export interface HorizontalPodAutoscalerLive {
  /** The scale target's spec.replicas now, and its pod selector. */
  target: { replicas: number; selector: LabelSelector };
  /** Pods as agents report them (spec with requests; status with phase, Ready condition, startTime); others skipped. */
  pods: readonly Pod[];
  /** Usage per pod, by pod name. */
  metrics: ReadonlyMap<string, PodMetrics>;
  stored?: HorizontalPodAutoscalerRecord;
}

export interface HorizontalPodAutoscalerResult {
  /** The target's new spec.replicas (equal to target.replicas when nothing changes). */
  desiredReplicas: number;
  rescale: boolean;
  status: HorizontalPodAutoscalerStatus;
  record: HorizontalPodAutoscalerRecord;
  events: HorizontalPodAutoscalerEvent[];
}

/**
 * One pass of the HPA: out-of-range targets go to minReplicas/maxReplicas; otherwise each metric proposes a size
 * (the largest wins; within the 10% tolerance it proposes the current size), then stabilization (scale-down window
 * 5 min by default, scale-up 0) and rate limits (the behavior's policies, or max(2 × current, 4) without one).
 * A target at 0 replicas is not scaled (ScalingDisabled). Call it at most every 15 s, Kubernetes' sync period.
 */
export function reconcileHorizontalPodAutoscaler(hpa: HorizontalPodAutoscaler, live: HorizontalPodAutoscalerLive, now: Date): HorizontalPodAutoscalerResult {
  const spec = hpa.spec!;
  const namespace = hpa.metadata?.namespace ?? 'default';
  const min = spec.minReplicas ?? 1;
  const max = spec.maxReplicas;
  const current = live.target.replicas;
  const stored = live.stored ?? { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] };
  const conditions = new Conditions(stored.status?.conditions, now);
  const events: HorizontalPodAutoscalerEvent[] = [];
  let recommendations = stored.recommendations;
  conditions.set('AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale");

  let desired = 0;
  let reason = '';
  let currentMetrics: MetricStatus[] | undefined;
  if (current === 0 && min !== 0) {
    conditions.set('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
  } else if (current > max) {
    [desired, reason] = [max, 'Current number of replicas above Spec.MaxReplicas'];
  } else if (current < min) {
    [desired, reason] = [min, 'Current number of replicas below Spec.MinReplicas'];
  } else {
    const pods = live.pods.filter((p) => (p.metadata?.namespace ?? 'default') === namespace && labelSelectorMatches(live.target.selector, p.metadata?.labels));
    const computed = computeForMetrics(spec.metrics ?? [], current, pods, live.metrics, now);
    currentMetrics = computed.statuses;
    events.push(...computed.events);
    if (computed.failure) {
      conditions.set('ScalingActive', 'False', computed.failure.reason, computed.failure.message);
      events.push({ type: 'Warning', reason: REASON_FAILED_COMPUTE_METRICS_REPLICAS, message: computed.failure.error });
      const status = { ...stored.status, currentReplicas: current, desiredReplicas: stored.status?.desiredReplicas ?? current, currentMetrics, conditions: conditions.list };
      return { desiredReplicas: current, rescale: false, status, record: { ...stored, status }, events };
    }
    conditions.set('ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${computed.metric}`);
    desired = computed.replicas;
    if (desired > current) reason = `${computed.metric} above target`;
    if (desired < current) reason = 'All metrics below target';
    const normalized = normalize(hpa, stored, { recommendations, current, desired, min, now });
    recommendations = keepRecommendations(recommendations, desired, spec.behavior, now);
    if (normalized.stabilized !== desired) conditions.set('AbleToScale', 'True', normalized.stabilizedReason, normalized.stabilizedMessage);
    else conditions.set('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
    const limited = normalized.limited;
    conditions.set('ScalingLimited', limited.replicas === normalized.stabilized ? 'False' : 'True', limited.reason, limited.message);
    desired = limited.replicas;
  }

  const rescale = desired !== current && !(current === 0 && min !== 0);
  let { scaleUpEvents, scaleDownEvents } = stored;
  let lastScaleTime = stored.status?.lastScaleTime;
  if (rescale) {
    conditions.set('AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`);
    events.push({ type: 'Normal', reason: REASON_SUCCESSFUL_RESCALE, message: `New size: ${desired}; reason: ${reason}` });
    lastScaleTime = now.toISOString();
  }
  if (spec.behavior) {
    scaleUpEvents = keepScaleEvents(scaleUpEvents, spec.behavior.scaleUp, SCALE_UP_DEFAULTS, now, rescale && desired > current ? desired - current : undefined);
    scaleDownEvents = keepScaleEvents(scaleDownEvents, spec.behavior.scaleDown, SCALE_DOWN_DEFAULTS, now, rescale && desired < current ? current - desired : undefined);
  }
  const desiredReplicas = rescale ? desired : current;
  const status: HorizontalPodAutoscalerStatus = {
    ...(lastScaleTime ? { lastScaleTime } : {}),
    currentReplicas: current,
    desiredReplicas,
    ...(currentMetrics ? { currentMetrics } : {}),
    conditions: conditions.list,
  };
  return { desiredReplicas, rescale, status, record: { recommendations, scaleUpEvents, scaleDownEvents, status }, events };
}

/** The recommendation stabilized over its window, then limited by the behavior's policies and the bounds. */
function normalize(
  hpa: HorizontalPodAutoscaler,
  stored: HorizontalPodAutoscalerRecord,
  { recommendations, current, desired, min, now }: { recommendations: readonly TimedRecommendation[]; current: number; desired: number; min: number; now: Date },
) {
  const spec = hpa.spec!;
  if (!spec.behavior) {
    const stabilized = stabilizeDown(recommendations, desired, now);
    const limited = limitWithoutBehavior(current, stabilized, min, spec.maxReplicas);
    return { stabilized, stabilizedReason: 'ScaleDownStabilized', stabilizedMessage: 'recent recommendations were higher than current one, applying the highest recent recommendation', limited };
  }
  const s: Limited = stabilizeWithBehavior(recommendations, current, desired, spec.behavior, now);
  const limited = limitWithBehavior({ current, desired: s.replicas, min, max: spec.maxReplicas, behavior: spec.behavior, ups: stored.scaleUpEvents, downs: stored.scaleDownEvents, now });
  return { stabilized: s.replicas, stabilizedReason: s.reason, stabilizedMessage: s.message, limited };
}

interface MetricsOutcome {
  replicas: number;
  metric: string;
  statuses: MetricStatus[];
  events: HorizontalPodAutoscalerEvent[];
  failure?: { reason: string; message: string; error: string };
}

/**
 * computeReplicasForMetrics: the largest proposal. When every metric fails, or some fail and the others would scale
 * down, nothing is scaled: the first failure becomes the ScalingActive condition.
 */
function computeForMetrics(specs: readonly MetricSpec[], current: number, pods: readonly Pod[], metrics: ReadonlyMap<string, PodMetrics>, now: Date): MetricsOutcome {
  const out: MetricsOutcome = { replicas: 0, metric: '', statuses: [], events: [] };
  let invalid = 0;
  let first: MetricsOutcome['failure'];
  for (const m of specs) {
    const name = m.resource!.name as ResourceName;
    const target = m.resource!.target;
    try {
      if (pods.length === 0) throw new MetricError('no pods returned by selector while calculating replica count');
      const utilization = target.averageValue === undefined;
      const proposal = utilization
        ? resourceReplicas({ currentReplicas: current, target: target.averageUtilization!, resource: name, pods, metrics, now })
        : rawResourceReplicas({ currentReplicas: current, target: cpuMillis(target.averageValue!), resource: name, pods, metrics, now });
      const average = quantityFromMillis(proposal.rawAverage);
      out.statuses.push({
        type: 'Resource',
        resource: { name, current: utilization ? { averageUtilization: proposal.utilization, averageValue: average } : { averageValue: average } },
      });
      if (out.replicas === 0 || proposal.replicas > out.replicas) {
        out.replicas = proposal.replicas;
        out.metric = utilization ? `${name} resource utilization (percentage of request)` : `${name} resource`;
      }
    } catch (e) {
      if (!(e instanceof MetricError)) throw e;
      const what = target.averageValue === undefined ? 'utilization' : 'usage';
      const error = `failed to get ${name} resource metric value: failed to get ${name} ${what}: ${e.message}`;
      out.events.push({ type: 'Warning', reason: REASON_FAILED_GET_RESOURCE_METRIC, message: error });
      out.statuses.push({ type: '' });
      if (invalid++ === 0) first = { reason: REASON_FAILED_GET_RESOURCE_METRIC, message: `the HPA was unable to compute the replica count: ${error}`, error };
    }
  }
  if (first && (invalid >= specs.length || out.replicas < current)) {
    out.failure = { ...first, error: `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${first.error}` };
  }
  return out;
}

/** setCondition: a condition's lastTransitionTime changes only when its status does. */
class Conditions {
  readonly list: HorizontalPodAutoscalerCondition[];
  constructor(
    previous: readonly HorizontalPodAutoscalerCondition[] | undefined,
    private readonly now: Date,
  ) {
    this.list = (previous ?? []).map((c) => ({ ...c }));
  }

  set(type: string, status: 'True' | 'False', reason: string, message: string): void {
    let c = this.list.find((x) => x.type === type);
    if (!c) this.list.push((c = { type, status }));
    if (c.status !== status || !c.lastTransitionTime) c.lastTransitionTime = this.now.toISOString();
    Object.assign(c, { status, reason, message });
  }
}
