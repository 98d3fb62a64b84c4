import { createHash } from 'node:crypto';
import type { Pod } from 'kubernetes-types/core/v1';
import { ANNOTATION_SPEC_HASH } from '../manifest';

/**
 * Berth's hash of a pod's spec as the agent runs it: a different hash means the pod must be replaced on its host.
 * Computed over the spec without nodeName (where a pod runs is not what it runs), as canonical JSON (keys sorted,
 * so key order in a manifest never matters): sha256, first 16 hex digits (64 bits).
 * The controller stamps it on every pod it sends (annotation berth.dev/spec-hash) and the agent reports it back;
 * this is the fallback for pods that lack it (hand-written snapshots). Same text as the controllers' hash, which also
 * covers labels and annotations when the spec reads them through the downward API.
 */
export function podSpecHash(pod: Pod): string {
  const { nodeName: _where, ...spec } = pod.spec ?? ({} as NonNullable<Pod['spec']>);
  return createHash('sha256').update(`{"spec":${canonicalJSON(spec)}}`).digest('hex').slice(0, 16);
}

/** The pod's spec hash: the annotation when present (as stamped by the controller and reported by agents), else computed. */
export function specHashOf(pod: Pod): string {
  return pod.metadata?.annotations?.[ANNOTATION_SPEC_HASH] || podSpecHash(pod);
}

/** JSON with object keys sorted at every depth; arrays keep their order (it is meaningful in a pod spec). */
export function canonicalJSON(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}
