import { describe, expect, it } from 'vitest';
import type { HorizontalPodAutoscaler, HorizontalPodAutoscalerSpec, MetricSpec } from 'kubernetes-types/autoscaling/v2';
import type { Pod } from 'kubernetes-types/core/v1';
import { reconcileHorizontalPodAutoscaler, type HorizontalPodAutoscalerRecord, type PodMetrics } from '../../../src/controllers';
import { podSpec } from './fixtures';
import { after, live } from './job-fixtures';

const t0 = '2024-03-10T12:00:00Z';
const now = new Date(t0);
const ago = (seconds: number) => after(t0, -seconds).toISOString();
const cpu = (averageUtilization: number): MetricSpec => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } } });

function hpa(spec: Partial<HorizontalPodAutoscalerSpec> = {}): HorizontalPodAutoscaler {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'default' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 10, metrics: [cpu(50)], ...spec },
  };
}

interface PodUse {
  cpu?: number;
  memory?: number;
  ready?: boolean;
  phase?: 'Pending' | 'Running';
  /** The pod never became Ready: Ready turned False 10 s after it started. */
  neverReady?: boolean;
}

/** `uses.length` pods of Deployment web (requests 100m cpu, 100Mi memory), started an hour ago, and their samples. */
function fleet(uses: PodUse[]): { pods: Pod[]; metrics: Map<string, PodMetrics> } {
  const spec = podSpec('registry.local/web:1', {});
  spec.containers = spec.containers.map((c) => ({ ...c, resources: { requests: { cpu: '100m', memory: '100Mi' } } }));
  const pods: Pod[] = [];
  const metrics = new Map<string, PodMetrics>();
  uses.forEach((use, i) => {
    const name = `web-${i}`;
    const desired: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { app: 'web' } }, spec };
    const ready = use.ready ?? !use.neverReady;
    pods.push(live(desired, { phase: use.phase ?? 'Running', ready, startTime: ago(3600), readySince: use.neverReady ? ago(3590) : ago(3000) }));
    if (use.cpu !== undefined || use.memory !== undefined) {
      metrics.set(name, { name, timestamp: ago(5), windowSeconds: 15, ...(use.cpu !== undefined ? { cpuMillicores: use.cpu } : {}), ...(use.memory !== undefined ? { memoryBytes: use.memory } : {}) });
    }
  });
  return { pods, metrics };
}

const each = (n: number, use: PodUse) => Array.from({ length: n }, () => use);

function run(h: HorizontalPodAutoscaler, replicas: number, uses: PodUse[], stored?: HorizontalPodAutoscalerRecord, at = now) {
  return reconcileHorizontalPodAutoscaler(h, { target: { replicas, selector: { matchLabels: { app: 'web' } } }, ...fleet(uses), stored }, at);
}

const condition = (result: ReturnType<typeof run>, type: string) => result.status.conditions!.find((c) => c.type === type);

describe('the tolerance band', () => {
  it.each<[number, number]>([
    [50, 4],
    [54, 4],
    [55, 5], // 1 − 1.1 is −0.10000000000000009 in float64: Kubernetes scales at exactly +10% too
    [56, 5],
    [45, 4],
    [100, 8],
  ])('4 pods at %dm of 100m cpu, target 50% → %d replicas', (usage, desired) => {
    expect(run(hpa(), 4, each(4, { cpu: usage })).desiredReplicas).toBe(desired);
  });

  it('reports the utilization and the average value it saw', () => {
    const result = run(hpa(), 4, each(4, { cpu: 56 }));
    expect(result.status.currentMetrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 56, averageValue: '56m' } } }]);
    expect(result.events).toEqual([{ type: 'Normal', reason: 'SuccessfulRescale', message: 'New size: 5; reason: cpu resource utilization (percentage of request) above target' }]);
    expect(result.status).toMatchObject({ currentReplicas: 4, desiredReplicas: 5, lastScaleTime: now.toISOString() });
    expect(condition(result, 'ScalingActive')).toMatchObject({ status: 'True', reason: 'ValidMetricFound' });
    expect(condition(result, 'AbleToScale')).toMatchObject({ status: 'True', reason: 'SucceededRescale' });
  });
});

describe('missing metrics and pods not ready, handled conservatively', () => {
  it.each<[string, PodUse[], number]>([
    ['a pod without a sample counts as its full request on a scale-down', [...each(3, { cpu: 10 }), {}], 3],
    ['a pod without a sample counts as nothing on a scale-up', [...each(3, { cpu: 100 }), {}], 6],
    ['pods that never became Ready count as nothing on a scale-up', [...each(2, { cpu: 100 }), ...each(2, { cpu: 100, ready: false, neverReady: true })], 4],
    ['Pending pods count as nothing on a scale-up', [...each(2, { cpu: 100 }), ...each(2, { phase: 'Pending', ready: false })], 4],
    ['without them, the same usage doubles the size', each(2, { cpu: 100 }), 4],
  ])('%s', (_, uses, desired) => {
    expect(run(hpa(), uses.length, uses).desiredReplicas).toBe(desired);
  });
});

describe('limits', () => {
  it.each<[string, Partial<HorizontalPodAutoscalerSpec>, number, number, number, string]>([
    ['maxReplicas caps a scale-up', { maxReplicas: 6 }, 4, 100, 6, 'TooManyReplicas'],
    ['minReplicas floors a scale-down', { minReplicas: 3 }, 4, 5, 3, 'TooFewReplicas'],
    ['without behavior, a scale-up goes to at most max(2 × current, 4)', { maxReplicas: 20 }, 1, 500, 4, 'ScaleUpLimit'],
    ['within range', {}, 4, 100, 8, 'DesiredWithinRange'],
  ])('%s', (_, spec, current, usage, desired, reason) => {
    const result = run(hpa(spec), current, each(current, { cpu: usage }));
    expect(result.desiredReplicas).toBe(desired);
    expect(condition(result, 'ScalingLimited')).toMatchObject({ reason, status: reason === 'DesiredWithinRange' ? 'False' : 'True' });
  });

  it.each<[number, number, string]>([
    [12, 10, 'Current number of replicas above Spec.MaxReplicas'],
    [0, 0, ''],
  ])('a target at %d replicas goes to %d', (current, desired, reason) => {
    const result = run(hpa({ minReplicas: 1 }), current, each(Math.max(current, 1), { cpu: 50 }));
    expect(result.desiredReplicas).toBe(desired);
    if (reason) expect(result.events[0].message).toBe(`New size: ${desired}; reason: ${reason}`);
    else expect(condition(result, 'ScalingActive')).toMatchObject({ status: 'False', reason: 'ScalingDisabled' });
  });
});

describe('stabilization', () => {
  const history = (replicas: number, secondsAgo: number): HorizontalPodAutoscalerRecord => ({
    recommendations: [{ replicas, time: ago(secondsAgo) }],
    scaleUpEvents: [],
    scaleDownEvents: [],
  });

  it.each<[string, number, number]>([
    ['a higher recommendation within 5 minutes holds a scale-down', 100, 5],
    ['one older than 5 minutes no longer does', 301, 2],
  ])('%s', (_, secondsAgo, desired) => {
    const result = run(hpa(), 5, each(5, { cpu: 20 }), history(5, secondsAgo));
    expect(result.desiredReplicas).toBe(desired);
    if (desired === 5) expect(condition(result, 'AbleToScale')).toMatchObject({ reason: 'ScaleDownStabilized' });
  });

  it('records each recommendation and forgets those outside every window', () => {
    const stored = { recommendations: [{ replicas: 9, time: ago(400) }, { replicas: 5, time: ago(100) }], scaleUpEvents: [], scaleDownEvents: [] };
    const result = run(hpa(), 5, each(5, { cpu: 20 }), stored);
    expect(result.record.recommendations).toEqual([{ replicas: 5, time: ago(100) }, { replicas: 2, time: now.toISOString() }]);
  });

  it('with behavior, a scale-up waits for its stabilization window', () => {
    const slow = hpa({ behavior: { scaleUp: { stabilizationWindowSeconds: 60 } } });
    const result = run(slow, 4, each(4, { cpu: 100 }), history(4, 30));
    expect(result.desiredReplicas).toBe(4);
    expect(condition(result, 'AbleToScale')).toMatchObject({ reason: 'ScaleUpStabilized' });
    expect(run(slow, 4, each(4, { cpu: 100 }), history(4, 61)).desiredReplicas).toBe(8);
  });

  it('keeps condition transition times while the status stays the same', () => {
    const first = run(hpa(), 4, each(4, { cpu: 50 }));
    const later = run(hpa(), 4, each(4, { cpu: 50 }), first.record, after(t0, 30));
    expect(condition(later, 'ScalingActive')!.lastTransitionTime).toBe(now.toISOString());
  });
});

describe('behavior policies', () => {
  it.each<[string, HorizontalPodAutoscalerSpec['behavior'], number, number, HorizontalPodAutoscalerRecord['scaleDownEvents'], number]>([
    ['Pods: 1 per minute down', { scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } }, 5, 10, [], 4],
    ['Pods: 1 per minute down, one already removed this minute', { scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } }, 5, 10, [{ change: 1, time: ago(30) }], 5],
    ['Percent: 100% per 15 s up', { scaleUp: { policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] } }, 2, 500, [], 4],
    ['Max of Pods 4 and Percent 100% up (the defaults)', { scaleUp: {} }, 2, 500, [], 6],
    ['selectPolicy Min of Pods 4 and Percent 100% up', { scaleUp: { selectPolicy: 'Min', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] } }, 2, 500, [], 4],
    ['selectPolicy Disabled down', { scaleDown: { selectPolicy: 'Disabled' } }, 5, 10, [], 5],
  ])('%s', (_, behavior, current, usage, scaleDownEvents, desired) => {
    const stored = { recommendations: [], scaleUpEvents: [], scaleDownEvents };
    expect(run(hpa({ behavior, maxReplicas: 20 }), current, each(current, { cpu: usage }), stored).desiredReplicas).toBe(desired);
  });

  it('records scale events with behavior, for the policies’ periods', () => {
    const behavior = { scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } };
    const result = run(hpa({ behavior }), 5, each(5, { cpu: 10 }));
    expect(result.record.scaleDownEvents).toEqual([{ change: 1, time: now.toISOString() }]);
  });
});

describe('memory and average values', () => {
  it('scales on memory averageValue, from the agents’ working-set bytes', () => {
    const memory: MetricSpec = { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } };
    const result = run(hpa({ metrics: [memory] }), 2, each(2, { memory: 150 * 1024 * 1024 }));
    expect(result.desiredReplicas).toBe(3);
    expect(result.status.currentMetrics).toEqual([{ type: 'Resource', resource: { name: 'memory', current: { averageValue: '157286400' } } }]);
  });

  it('takes the largest proposal of several metrics', () => {
    const memory: MetricSpec = { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 50 } } };
    const result = run(hpa({ metrics: [cpu(50), memory] }), 4, each(4, { cpu: 50, memory: 75 * 1024 * 1024 }));
    expect(result.desiredReplicas).toBe(6);
    expect(result.events[0].message).toBe('New size: 6; reason: memory resource utilization (percentage of request) above target');
  });
});

describe('when metrics cannot be computed', () => {
  it('does not scale, says why in ScalingActive, and keeps the last desiredReplicas', () => {
    const result = run(hpa(), 3, each(3, {}), { recommendations: [], scaleUpEvents: [], scaleDownEvents: [], status: { currentReplicas: 3, desiredReplicas: 3 } });
    expect(result.rescale).toBe(false);
    expect(result.desiredReplicas).toBe(3);
    expect(condition(result, 'ScalingActive')).toMatchObject({
      status: 'False',
      reason: 'FailedGetResourceMetric',
      message: 'the HPA was unable to compute the replica count: failed to get cpu resource metric value: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
    });
    expect(result.events.map((e) => e.reason)).toEqual(['FailedGetResourceMetric', 'FailedComputeMetricsReplicas']);
  });

  it('treats a container without a cpu request as an error', () => {
    const { pods, metrics } = fleet(each(2, { cpu: 50 }));
    pods[0] = { ...pods[0], spec: { ...pods[0].spec!, containers: [{ ...pods[0].spec!.containers[0], resources: {} }] } };
    const result = reconcileHorizontalPodAutoscaler(hpa(), { target: { replicas: 2, selector: { matchLabels: { app: 'web' } } }, pods, metrics }, now);
    expect(condition(result, 'ScalingActive')!.message).toContain('missing request for cpu in container app of Pod web-0');
  });
});
