import type { KindSpec } from './registry';
import type { KubeObject } from './types';

// PLACEHOLDER registry (being replaced by the full per-kind validation): accepts the kinds with a name only.
const KINDS: Array<[string, string, boolean]> = [
  ['v1', 'Namespace', false], ['v1', 'Pod', true], ['v1', 'ConfigMap', true], ['v1', 'Secret', true], ['v1', 'Service', true],
  ['v1', 'PersistentVolume', false], ['v1', 'PersistentVolumeClaim', true], ['apps/v1', 'Deployment', true],
  ['apps/v1', 'ReplicaSet', true], ['apps/v1', 'DaemonSet', true], ['batch/v1', 'Job', true], ['batch/v1', 'CronJob', true],
  ['networking.k8s.io/v1', 'Ingress', true], ['autoscaling/v2', 'HorizontalPodAutoscaler', true],
  ['policy/v1', 'PodDisruptionBudget', true], ['berth.dev/v1', 'Cluster', false], ['berth.dev/v1', 'Inventory', false],
];

export const kindSpecs = new Map<string, KindSpec>(
  KINDS.map(([apiVersion, kind, namespaced]) => [
    `${apiVersion}/${kind}`,
    {
      apiVersion,
      kind,
      namespaced,
      validate: (raw) => ((raw.metadata as { name?: unknown } | undefined)?.name ? [] : [{ path: ['metadata', 'name'], code: 'FieldValueRequired', message: 'name is required' }]),
      defaults: (o: KubeObject) => (namespaced ? { ...o, metadata: { ...o.metadata, namespace: o.metadata.namespace ?? 'default' } } : o),
      references: () => [],
    } satisfies KindSpec,
  ]),
);

export function supportedKinds(): string[] {
  return [...kindSpecs.keys()].sort();
}
