import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import { dns1123SubdomainErrors } from '../names';
import { validateLabelSelector } from '../selector';
import { Issues, intOrPercent } from './issues';
import { checkQuantity } from './resources';

export function validateHorizontalPodAutoscaler(out: Issues, hpa: HorizontalPodAutoscaler): void {
  const s = hpa.spec!;
  const ref = s.scaleTargetRef;
  if (ref.kind !== 'Deployment') out.notSupported(['spec', 'scaleTargetRef', 'kind'], `Berth scales Deployments only, got ${JSON.stringify(ref.kind)}`);
  if (ref.apiVersion !== undefined && ref.apiVersion !== 'apps/v1') out.notSupported(['spec', 'scaleTargetRef', 'apiVersion'], 'must be apps/v1');
  out.name(['spec', 'scaleTargetRef'], 'name', ref.name, dns1123SubdomainErrors(ref.name));
  const min = s.minReplicas ?? 1;
  out.min(['spec'], 'minReplicas', s.minReplicas, 1);
  out.min(['spec'], 'maxReplicas', s.maxReplicas, 1);
  if (s.maxReplicas < min) out.invalid(['spec', 'maxReplicas'], `must be greater than or equal to minReplicas (${min}), got ${s.maxReplicas}`);
  (s.metrics ?? []).forEach((m, i) => {
    const at = ['spec', 'metrics', i];
    const r = m.resource;
    if (!r) {
      out.required([...at, 'resource'], 'resource is required when type is Resource');
      return;
    }
    if (r.name !== 'cpu' && r.name !== 'memory') out.notSupported([...at, 'resource', 'name'], `unsupported resource ${JSON.stringify(r.name)}: Berth scales on cpu or memory`);
    const t = r.target;
    const tp = [...at, 'resource', 'target'];
    if (t.type === 'Utilization') {
      if (t.averageUtilization === undefined) out.required([...tp, 'averageUtilization'], 'averageUtilization is required when type is Utilization (a percentage of the request, e.g. 80)');
      else if (t.averageUtilization < 1) out.invalid([...tp, 'averageUtilization'], `must be greater than 0, got ${t.averageUtilization}`);
    } else if (t.type === 'AverageValue') {
      if (t.averageValue === undefined) out.required([...tp, 'averageValue'], 'averageValue is required when type is AverageValue (e.g. 500m)');
      else {
        const q = checkQuantity(out, [...tp, 'averageValue'], t.averageValue);
        if (q && q.nanos === 0n) out.invalid([...tp, 'averageValue'], 'must be positive');
      }
    } else {
      out.notSupported([...tp, 'type'], 'must be Utilization or AverageValue for a Resource metric');
    }
  });
  for (const dir of ['scaleUp', 'scaleDown'] as const) {
    const rules = s.behavior?.[dir];
    if (!rules) continue;
    const at = ['spec', 'behavior', dir];
    out.range(at, 'stabilizationWindowSeconds', rules.stabilizationWindowSeconds, { min: 0, max: 3600 });
    if (rules.policies && rules.policies.length === 0) out.required([...at, 'policies'], 'must specify at least one policy');
    (rules.policies ?? []).forEach((p, i) => {
      if (p.value < 1) out.invalid([...at, 'policies', i, 'value'], `must be greater than zero, got ${p.value}`);
      out.range(at, ['policies', i, 'periodSeconds'], p.periodSeconds, { min: 1, max: 1800 });
    });
  }
}

export function validatePodDisruptionBudget(out: Issues, pdb: PodDisruptionBudget): void {
  const s = pdb.spec!;
  if (s.minAvailable !== undefined && s.maxUnavailable !== undefined) {
    out.invalid(['spec', 'minAvailable'], 'minAvailable and maxUnavailable cannot both be set: keep one');
  }
  intOrPercent(out, ['spec', 'minAvailable'], s.minAvailable, { max100: true });
  intOrPercent(out, ['spec', 'maxUnavailable'], s.maxUnavailable, { max100: true });
  out.push(validateLabelSelector(s.selector, ['spec', 'selector']));
}

/** Kubernetes reserves larger values (and the system- prefix) for its own classes. */
export const MAX_USER_PRIORITY = 1_000_000_000;

export function validatePriorityClass(out: Issues, pc: PriorityClass): void {
  if (pc.value > MAX_USER_PRIORITY) out.invalid(['value'], `must be no more than ${MAX_USER_PRIORITY} (higher values are reserved for system classes), got ${pc.value}`);
  if (pc.metadata?.name?.startsWith('system-')) out.invalid(['metadata', 'name'], 'the system- prefix is reserved for Kubernetes’ own priority classes');
}
