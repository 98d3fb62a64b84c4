import type { Pod } from 'kubernetes-types/core/v1';
import { ANNOTATION_SPEC_HASH } from '../manifest';
import { podSpecHash as hashPodSpec } from '../controllers';

/** Berth's spec hash of a pod, computed exactly as the controllers stamp it (for pods that lack the annotation). */
export function podSpecHash(pod: Pod): string {
  return hashPodSpec(pod.spec ?? { containers: [] }, pod.metadata?.labels, pod.metadata?.annotations);
}

/**
 * The pod's spec hash: the annotation when present (stamped by the controllers on every pod they make, reported back
 * by agents), else computed, for hand-written snapshots.
 */
export function specHashOf(pod: Pod): string {
  return pod.metadata?.annotations?.[ANNOTATION_SPEC_HASH] || podSpecHash(pod);
}
