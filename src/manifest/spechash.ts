// Berth's spec hash of a pod: what tells the agent that a running pod must be replaced. Here, in the base module,
// because both sides compute it: the controllers stamp it on every pod they make, the agent and the plan read it.
import { hash } from 'node:crypto';
import type { Pod, PodSpec } from 'kubernetes-types/core/v1';
import { memoStableStringify, stableStringify } from './stable-json';
import { ANNOTATION_SPEC_HASH } from './wellknown';

/**
 * The hash of a pod as its host runs it: a different hash means the running pod must be replaced. It covers the spec
 * without nodeName (where a pod runs is not how it runs, and the scheduler sets nodeName after expansion), plus the
 * labels and annotations only when the spec reads them through the downward API (they are mutable in Kubernetes
 * and otherwise do not reach the containers).
 */
export function podSpecHash(spec: PodSpec, labels?: Record<string, string>, annotations?: Record<string, string>): string {
  let specText: string;
  if (spec.nodeName === undefined) specText = memoStableStringify(spec);
  else {
    const { nodeName: _, ...runSpec } = spec;
    specText = stableStringify(runSpec);
  }
  let text = `{"spec":${specText}`;
  if (specText.includes('metadata.labels')) text += `,"labels":${stableStringify(labels ?? {})}`;
  if (specText.includes('metadata.annotations')) {
    const { [ANNOTATION_SPEC_HASH]: __, ...rest } = annotations ?? {};
    text += `,"annotations":${stableStringify(rest)}`;
  }
  return contentHash(text + '}');
}

/**
 * The pod's spec hash: the annotation when present (stamped by the controllers on every pod they make, reported back
 * by agents), else computed, for hand-written snapshots.
 */
export function specHashOf(pod: Pod): string {
  return pod.metadata?.annotations?.[ANNOTATION_SPEC_HASH] || podSpecHashOf(pod);
}

/** Berth's spec hash of a whole pod, computed exactly as the controllers stamp it (for pods that lack the annotation). */
export function podSpecHashOf(pod: Pod): string {
  return podSpecHash(pod.spec ?? { containers: [] }, pod.metadata?.labels, pod.metadata?.annotations);
}

/** A strong, short hash for comparing pod specs (desired vs running): 64 bits of SHA-256, hex. */
function contentHash(text: string): string {
  return hash('sha256', text, 'hex').slice(0, 16);
}
