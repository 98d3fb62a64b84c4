// Every kind's semantic rules, by the name kinds.ts uses. They run on the defaulted object.
import type { Pod } from 'kubernetes-types/core/v1';
import type { Inventory } from '../inventory';
import { validateAnnotations, validateLabels } from '../labels';
import { dns1123SubdomainErrors } from '../names';
import { validateInventory } from './berth';
import type { Issues } from './issues';
import { POD_RULES, validatePodSpec } from './pod';

export function validatePod(out: Issues, pod: Pod): void {
  validatePodSpec(out, pod.spec!, ['spec'], POD_RULES);
}

export function validateInventoryObject(out: Issues, inv: Inventory): void {
  const m = inv.metadata as Inventory['metadata'] & { labels?: Record<string, string>; annotations?: Record<string, string> };
  out.name(['metadata'], 'name', m.name, dns1123SubdomainErrors(m.name));
  out.push(validateLabels(m.labels, ['metadata', 'labels']));
  out.push(validateAnnotations(m.annotations, ['metadata', 'annotations']));
  validateInventory(out, inv);
}

export { validateDeployment, validateReplicaSet, validateDaemonSet } from './workloads';
export { validateJob, validateCronJob } from './batch';
export { validateService, validateIngress } from './network';
export { validatePersistentVolume, validatePersistentVolumeClaim } from './storage';
export { validateConfigMap, validateSecret } from './config';
export { validateHorizontalPodAutoscaler, validatePodDisruptionBudget, validatePriorityClass } from './policy';
export { validateCluster } from './berth';
