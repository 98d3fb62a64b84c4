// How the HPA turns a metric proposal into a new size (pkg/controller/podautoscaler/horizontal.go): stabilization
// over recent recommendations, then the rate limits — the default ones without spec.behavior, its policies with.
import type { HPAScalingRules, HorizontalPodAutoscalerBehavior } from 'kubernetes-types/autoscaling/v2';

/** --horizontal-pod-autoscaler-downscale-stabilization: 5 minutes. */
export const DOWNSCALE_STABILIZATION_SECONDS = 300;
/** Without behavior, a scale-up goes at most to max(2 × current, 4). */
const SCALE_UP_LIMIT_FACTOR = 2;
const SCALE_UP_LIMIT_MINIMUM = 4;

export interface TimedRecommendation {
  replicas: number;
  /** RFC 3339. */
  time: string;
}

export interface TimedScaleEvent {
  /** Pods added (scale-up) or removed (scale-down), a positive number. */
  change: number;
  time: string;
}

/** A decision with the reason and message Kubernetes writes into a condition. */
export interface Limited {
  replicas: number;
  reason: string;
  message: string;
}

export const SCALE_UP_DEFAULTS: Required<Pick<HPAScalingRules, 'stabilizationWindowSeconds' | 'selectPolicy' | 'policies'>> = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};
export const SCALE_DOWN_DEFAULTS: typeof SCALE_UP_DEFAULTS = {
  stabilizationWindowSeconds: DOWNSCALE_STABILIZATION_SECONDS,
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

export function scalingRules(given: HPAScalingRules | undefined, defaults: typeof SCALE_UP_DEFAULTS): typeof SCALE_UP_DEFAULTS {
  return {
    stabilizationWindowSeconds: given?.stabilizationWindowSeconds ?? defaults.stabilizationWindowSeconds,
    selectPolicy: given?.selectPolicy ?? defaults.selectPolicy,
    policies: given?.policies ?? defaults.policies,
  };
}

/** stabilizeRecommendation (no behavior): the highest recommendation within the downscale window, this one included. */
export function stabilizeDown(recommendations: readonly TimedRecommendation[], desired: number, now: Date): number {
  const cutoff = now.getTime() - DOWNSCALE_STABILIZATION_SECONDS * 1000;
  let max = desired;
  for (const r of recommendations) if (Date.parse(r.time) >= cutoff && r.replicas > max) max = r.replicas;
  return max;
}

/**
 * stabilizeRecommendationWithBehaviors: a scale-up goes no higher than the lowest recommendation within the scale-up
 * window, a scale-down no lower than the highest within the scale-down window.
 */
export function stabilizeWithBehavior(recommendations: readonly TimedRecommendation[], current: number, desired: number, behavior: HorizontalPodAutoscalerBehavior, now: Date): Limited {
  const upCutoff = now.getTime() - scalingRules(behavior.scaleUp, SCALE_UP_DEFAULTS).stabilizationWindowSeconds * 1000;
  const downCutoff = now.getTime() - scalingRules(behavior.scaleDown, SCALE_DOWN_DEFAULTS).stabilizationWindowSeconds * 1000;
  let up = desired;
  let down = desired;
  for (const r of recommendations) {
    const t = Date.parse(r.time);
    if (t > upCutoff) up = Math.min(up, r.replicas);
    if (t > downCutoff) down = Math.max(down, r.replicas);
  }
  const replicas = Math.min(Math.max(current, up), down);
  return desired >= current
    ? { replicas, reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' }
    : { replicas, reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' };
}

/** The recommendations worth keeping: those still inside a stabilization window, plus this one. */
export function keepRecommendations(recommendations: readonly TimedRecommendation[], desired: number, behavior: HorizontalPodAutoscalerBehavior | undefined, now: Date): TimedRecommendation[] {
  const window = behavior
    ? Math.max(scalingRules(behavior.scaleUp, SCALE_UP_DEFAULTS).stabilizationWindowSeconds, scalingRules(behavior.scaleDown, SCALE_DOWN_DEFAULTS).stabilizationWindowSeconds)
    : DOWNSCALE_STABILIZATION_SECONDS;
  const cutoff = now.getTime() - window * 1000;
  return [...recommendations.filter((r) => Date.parse(r.time) >= cutoff), { replicas: desired, time: now.toISOString() }];
}

/** convertDesiredReplicasWithRules (no behavior): between minReplicas and max(2 × current, 4) capped by maxReplicas. */
export function limitWithoutBehavior(current: number, desired: number, min: number, max: number): Limited {
  const scaleUpLimit = Math.max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM);
  const [maximum, reason, message] =
    max > scaleUpLimit
      ? [scaleUpLimit, 'ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate']
      : [max, 'TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
  if (desired < min) return { replicas: min, reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
  if (desired > maximum) return { replicas: maximum, reason, message };
  return { replicas: desired, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
}

export interface BehaviorLimitInput {
  current: number;
  desired: number;
  min: number;
  max: number;
  behavior: HorizontalPodAutoscalerBehavior;
  /** Recent scale-up and scale-down events, which the policies' periods count. */
  ups: readonly TimedScaleEvent[];
  downs: readonly TimedScaleEvent[];
  now: Date;
}

/** convertDesiredReplicasWithBehaviorRate: the policies' limits over their periods, then minReplicas/maxReplicas. */
export function limitWithBehavior({ current, desired, min, max, behavior, ups, downs, now }: BehaviorLimitInput): Limited {
  if (desired > current) {
    const limit = Math.max(scaleUpLimit(current, ups, downs, scalingRules(behavior.scaleUp, SCALE_UP_DEFAULTS), now), current);
    const [maximum, reason, message] =
      max > limit
        ? [limit, 'ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate']
        : [max, 'TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
    if (desired > maximum) return { replicas: maximum, reason, message };
  } else if (desired < current) {
    const limit = Math.min(scaleDownLimit(current, ups, downs, scalingRules(behavior.scaleDown, SCALE_DOWN_DEFAULTS), now), current);
    const [minimum, reason, message] =
      min < limit
        ? [limit, 'ScaleDownLimit', 'the desired replica count is decreasing faster than the maximum scale rate']
        : [min, 'TooFewReplicas', 'the desired replica count is less than the minimum replica count'];
    if (desired < minimum) return { replicas: minimum, reason, message };
  }
  return { replicas: desired, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
}

/** calculateScaleUpLimitWithScalingRules: from the size at the start of each policy's period, Max or Min of them. */
function scaleUpLimit(current: number, ups: readonly TimedScaleEvent[], downs: readonly TimedScaleEvent[], rules: typeof SCALE_UP_DEFAULTS, now: Date): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const proposals = rules.policies.map((p) => {
    const start = current - changeWithin(p.periodSeconds, ups, now) + changeWithin(p.periodSeconds, downs, now);
    return p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
  });
  return rules.selectPolicy === 'Min' ? Math.min(...proposals) : Math.max(...proposals);
}

/** calculateScaleDownLimitWithBehaviors: the lowest size each policy allows, Max (most change) or Min of them. */
function scaleDownLimit(current: number, ups: readonly TimedScaleEvent[], downs: readonly TimedScaleEvent[], rules: typeof SCALE_UP_DEFAULTS, now: Date): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const proposals = rules.policies.map((p) => {
    const start = current - changeWithin(p.periodSeconds, ups, now) + changeWithin(p.periodSeconds, downs, now);
    return p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
  });
  return rules.selectPolicy === 'Min' ? Math.max(...proposals) : Math.min(...proposals);
}

/** getReplicasChangePerPeriod: the changes strictly within the last `periodSeconds`. */
function changeWithin(periodSeconds: number, events: readonly TimedScaleEvent[], now: Date): number {
  const cutoff = now.getTime() - periodSeconds * 1000;
  let total = 0;
  for (const e of events) if (Date.parse(e.time) > cutoff) total += e.change;
  return total;
}

/** storeScaleEvent: the new event, and only those still inside the longest policy period of their direction. */
export function keepScaleEvents(events: readonly TimedScaleEvent[], rules: HPAScalingRules | undefined, defaults: typeof SCALE_UP_DEFAULTS, now: Date, change?: number): TimedScaleEvent[] {
  const longest = Math.max(0, ...scalingRules(rules, defaults).policies.map((p) => p.periodSeconds));
  const cutoff = now.getTime() - longest * 1000;
  const kept = events.filter((e) => Date.parse(e.time) >= cutoff);
  return change ? [...kept, { change, time: now.toISOString() }] : kept;
}
