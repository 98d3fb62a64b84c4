// Kubernetes' defaults for Services (SetDefaults_Service) and HorizontalPodAutoscalers (autoscaling/v2).
import type { HorizontalPodAutoscaler, HPAScalingRules } from 'kubernetes-types/autoscaling/v2';
import type { Service } from 'kubernetes-types/core/v1';

/** Kubernetes' default ClientIP affinity timeout: 3 hours. */
export const DEFAULT_CLIENT_IP_TIMEOUT_SECONDS = 10800;

export function defaultService(svc: Service): void {
  const s = svc.spec!;
  s.type ??= 'ClusterIP';
  s.sessionAffinity ??= 'None';
  if (s.sessionAffinity === 'ClientIP') {
    const cfg = (s.sessionAffinityConfig ??= {});
    const ip = (cfg.clientIP ??= {});
    ip.timeoutSeconds ??= DEFAULT_CLIENT_IP_TIMEOUT_SECONDS;
  }
  for (const p of s.ports ?? []) {
    p.protocol ??= 'TCP';
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (s.type === 'NodePort' || s.type === 'LoadBalancer') s.externalTrafficPolicy ??= 'Cluster';
  if (s.type !== 'ExternalName') s.internalTrafficPolicy ??= 'Cluster';
}

/** Kubernetes' DefaultCPUUtilization: scale on 80% cpu when no metric is given. */
export const DEFAULT_CPU_UTILIZATION = 80;

const scaleUpDefaults = (): HPAScalingRules => ({
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
});
// No stabilization window: the controller's --horizontal-pod-autoscaler-downscale-stabilization (5m) applies.
const scaleDownDefaults = (): HPAScalingRules => ({ selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });

function mergeRules(given: HPAScalingRules | undefined, defaults: HPAScalingRules): HPAScalingRules {
  if (!given) return defaults;
  return {
    ...defaults,
    ...(given.selectPolicy !== undefined ? { selectPolicy: given.selectPolicy } : {}),
    ...(given.stabilizationWindowSeconds !== undefined ? { stabilizationWindowSeconds: given.stabilizationWindowSeconds } : {}),
    ...(given.policies !== undefined ? { policies: given.policies } : {}),
  };
}

export function defaultHorizontalPodAutoscaler(hpa: HorizontalPodAutoscaler): void {
  const s = hpa.spec!;
  s.minReplicas ??= 1;
  if (!s.metrics || s.metrics.length === 0) {
    s.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } }];
  }
  for (const m of s.metrics) {
    const t = m.resource?.target;
    if (t?.averageValue !== undefined) t.averageValue = String(t.averageValue);
    if (t?.value !== undefined) t.value = String(t.value);
  }
  // Behavior is filled in only when given, as Kubernetes does.
  if (s.behavior) {
    s.behavior.scaleUp = mergeRules(s.behavior.scaleUp, scaleUpDefaults());
    s.behavior.scaleDown = mergeRules(s.behavior.scaleDown, scaleDownDefaults());
  }
}
