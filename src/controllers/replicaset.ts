import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import { generateName, sortedSiblingSuffixes } from './hash';
import { controllerRef } from './owner';
import { newPod, podShape, type DesiredPod } from './pod';

/**
 * ReplicaSet → `replicas` pods named `<rs>-<suffix>`. Where Kubernetes' API server picks a random suffix, the suffix
 * here is hashed from (ReplicaSet, ordinal), so the same ReplicaSet always wants the same pod names. All the pods share
 * one spec object and one set of labels and annotations. Sorted by name.
 */
export function reconcileReplicaSet(rs: ReplicaSet): DesiredPod[] {
  const name = rs.metadata!.name!;
  const namespace = rs.metadata!.namespace ?? 'default';
  const replicas = rs.spec!.replicas ?? 1;
  if (replicas <= 0) return [];
  const shape = podShape(rs.spec!.template!, namespace, controllerRef(rs));
  const prefix = `${name}-`;
  const suffixes = sortedSiblingSuffixes(`${namespace}/${name}`, replicas);
  const pods = new Array<DesiredPod>(replicas);
  for (let i = 0; i < replicas; i++) pods[i] = newPod(shape, generateName(prefix, suffixes[i]));
  return pods;
}
