// Every kind's schema, by the name kinds.ts uses.
import { kindWithSpec } from './meta';
import { podSpec } from './pod';

export const pod = kindWithSpec(podSpec);
export { deployment, replicaSet, daemonSet, job, cronJob } from './workloads';
export { service, ingress } from './network';
export {
  namespace,
  configMap,
  secret,
  priorityClass,
  persistentVolume,
  persistentVolumeClaim,
  podDisruptionBudget,
  horizontalPodAutoscaler,
} from './cluster';
export { cluster, inventory } from './berth';
