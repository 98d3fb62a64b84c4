// Every kind's defaulter, by the name kinds.ts uses. Each changes a fresh copy in place.
import type { Pod } from 'kubernetes-types/core/v1';
import { defaultPodOnly, defaultPodSpec } from './pod';

export function defaultPod(pod: Pod): void {
  defaultPodSpec(pod.spec!, { restartPolicy: true });
  defaultPodOnly(pod.spec!);
}

export { defaultDeployment, defaultReplicaSet, defaultDaemonSet, defaultJob, defaultCronJob } from './workloads';
export { defaultService, defaultHorizontalPodAutoscaler } from './network';
export { defaultPersistentVolume, defaultPersistentVolumeClaim, defaultSecret, defaultPriorityClass } from './cluster';
export { defaultCluster, defaultInventory } from './berth';
