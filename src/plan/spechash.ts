import type { Pod } from 'kubernetes-types/core/v1';
import { podSpecHash as hashPodSpec } from '../manifest';

export { specHashOf } from '../manifest';

/** Berth's spec hash of a pod, computed exactly as the controllers stamp it (for pods that lack the annotation). */
export function podSpecHash(pod: Pod): string {
  return hashPodSpec(pod.spec ?? { containers: [] }, pod.metadata?.labels, pod.metadata?.annotations);
}
