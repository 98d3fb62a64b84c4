import type { Pod, PodSpec, PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { ObjectMeta, OwnerReference } from 'kubernetes-types/meta/v1';
import { ANNOTATION_SPEC_HASH, podSpecHash } from '../manifest';

/** A desired pod: always named and namespaced. */
export type DesiredPod = Pod & { metadata: ObjectMeta & { name: string; namespace: string }; spec: PodSpec };

/**
 * What sibling pods of one owner have in common, built once per owner. Its objects are shared by every pod made from
 * it (150,000 pods must not mean 150,000 deep copies), so nothing downstream may mutate a desired pod in place.
 */
export interface PodShape {
  namespace: string;
  labels?: Record<string, string>;
  annotations: Record<string, string>;
  ownerReferences?: OwnerReference[];
  spec: PodSpec;
}

/** controller.GetPodFromTemplate: the template's labels and annotations, the owner's namespace, a controller ref. */
export function podShape(
  template: PodTemplateSpec,
  namespace: string,
  owner?: OwnerReference,
  extra: { labels?: Record<string, string>; annotations?: Record<string, string>; spec?: Partial<PodSpec> } = {},
): PodShape {
  const labels = extra.labels ? { ...template.metadata?.labels, ...extra.labels } : template.metadata?.labels;
  const spec = extra.spec ? { ...template.spec!, ...extra.spec } : template.spec!;
  const annotations = { ...template.metadata?.annotations, ...extra.annotations };
  annotations[ANNOTATION_SPEC_HASH] = podSpecHash(spec, labels, annotations);
  return { namespace, labels, annotations, ownerReferences: owner ? [owner] : undefined, spec };
}

export function newPod(shape: PodShape, name: string): DesiredPod {
  const { namespace, labels, annotations, ownerReferences, spec } = shape;
  // One literal with every key when possible: V8 then allocates the object once, with no extra property store.
  const metadata: DesiredPod['metadata'] =
    labels && ownerReferences
      ? { name, namespace, labels, annotations, ownerReferences }
      : { name, namespace, ...(labels ? { labels } : {}), annotations, ...(ownerReferences ? { ownerReferences } : {}) };
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}

/** A bare Pod is its own desired pod, with the spec-hash annotation added. */
export function reconcilePod(pod: Pod): DesiredPod {
  const metadata = pod.metadata as DesiredPod['metadata'];
  const spec = pod.spec!;
  const annotations = { ...metadata.annotations };
  annotations[ANNOTATION_SPEC_HASH] = podSpecHash(spec, metadata.labels, annotations);
  return { ...pod, metadata: { ...metadata, annotations }, spec };
}

/** Order of pods in an expansion: namespace, then name (code-unit order, never locale order). */
export function comparePods(a: DesiredPod, b: DesiredPod): number {
  const na = a.metadata.namespace;
  const nb = b.metadata.namespace;
  if (na !== nb) return na < nb ? -1 : 1;
  const ma = a.metadata.name;
  const mb = b.metadata.name;
  return ma < mb ? -1 : ma > mb ? 1 : 0;
}
