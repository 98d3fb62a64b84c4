// The registry of kinds: for each, its zod schema (the shape, as Kubernetes' strict decoding), its semantic rules
// (as the API server's validation), its defaults (Kubernetes' defaulters) and the objects it refers to.
import type { KindSpec, Reference } from './registry';
import type { Issue, KubeObject } from './types';
import type { Schema } from './schema/fields';
import { fastCheck } from './schema/check';
import { checkShape } from './schema/issues';
import * as schemas from './schema/kinds';
import { cleanClone } from './defaults/clone';
import * as d from './defaults/kinds';
import { Issues } from './validate/issues';
import { validateObjectMeta, type MetaRules } from './validate/meta';
import * as v from './validate/kinds';
import * as refs from './validate/references';

interface KindDef<T> {
  apiVersion: string;
  kind: string;
  namespaced: boolean;
  schema: Schema;
  /** Name rules; absent for kinds whose metadata is checked by `validate` itself (Inventory). */
  meta?: MetaRules;
  validate?: (out: Issues, obj: T) => void;
  defaults?: (obj: T) => void;
  references?: (obj: T) => Reference[];
}

function define<T>(def: KindDef<T>): KindSpec {
  const check = fastCheck(def.schema);
  // Semantic rules run on the defaulted object, as in Kubernetes (default, then validate); load.ts asks for the
  // defaults of the same object right after, so the copy is handed over once instead of being made twice.
  const handover = new WeakMap<object, KubeObject>();
  const withDefaults = (raw: object): KubeObject => {
    const copy = cleanClone(raw) as KubeObject;
    if (def.namespaced) copy.metadata.namespace ??= 'default';
    def.defaults?.(copy as T);
    return copy;
  };
  return {
    apiVersion: def.apiVersion,
    kind: def.kind,
    namespaced: def.namespaced,
    validate(raw): Issue[] {
      const shape = check(raw) ? [] : checkShape(def.schema, raw);
      // Fields in the wrong place leave the rest well typed: report the semantic problems with them, all at once.
      // A wrong type stops here, as Kubernetes' decoding does before validation.
      if (shape.some((i) => i.code !== 'FieldNotSupported')) return shape;
      const obj = withDefaults(raw);
      const out = new Issues();
      out.push(shape);
      if (def.meta) validateObjectMeta(out, obj.metadata, def.meta);
      def.validate?.(out, obj as T);
      if (out.list.length === 0) handover.set(raw, obj);
      return out.list;
    },
    defaults(valid) {
      const ready = handover.get(valid);
      if (ready) {
        handover.delete(valid);
        return ready;
      }
      return withDefaults(valid);
    },
    references: (valid) => def.references?.(valid as T) ?? [],
  };
}

const SUBDOMAIN: MetaRules = { name: 'subdomain' };

const KINDS: KindSpec[] = [
  define({ apiVersion: 'v1', kind: 'Namespace', namespaced: false, schema: schemas.namespace, meta: { name: 'label' } }),
  define({ apiVersion: 'v1', kind: 'Pod', namespaced: true, schema: schemas.pod, meta: SUBDOMAIN, validate: v.validatePod, defaults: d.defaultPod, references: refs.workloadReferences }),
  define({ apiVersion: 'v1', kind: 'ConfigMap', namespaced: true, schema: schemas.configMap, meta: SUBDOMAIN, validate: v.validateConfigMap }),
  define({ apiVersion: 'v1', kind: 'Secret', namespaced: true, schema: schemas.secret, meta: SUBDOMAIN, validate: v.validateSecret, defaults: d.defaultSecret }),
  define({ apiVersion: 'v1', kind: 'Service', namespaced: true, schema: schemas.service, meta: { name: 'dns1035' }, validate: v.validateService, defaults: d.defaultService }),
  define({ apiVersion: 'v1', kind: 'PersistentVolume', namespaced: false, schema: schemas.persistentVolume, meta: SUBDOMAIN, validate: v.validatePersistentVolume, defaults: d.defaultPersistentVolume }),
  define({
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespaced: true, schema: schemas.persistentVolumeClaim, meta: SUBDOMAIN,
    validate: v.validatePersistentVolumeClaim, defaults: d.defaultPersistentVolumeClaim, references: refs.claimReferences,
  }),
  define({ apiVersion: 'apps/v1', kind: 'Deployment', namespaced: true, schema: schemas.deployment, meta: SUBDOMAIN, validate: v.validateDeployment, defaults: d.defaultDeployment, references: refs.workloadReferences }),
  define({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespaced: true, schema: schemas.replicaSet, meta: SUBDOMAIN, validate: v.validateReplicaSet, defaults: d.defaultReplicaSet, references: refs.workloadReferences }),
  define({ apiVersion: 'apps/v1', kind: 'DaemonSet', namespaced: true, schema: schemas.daemonSet, meta: SUBDOMAIN, validate: v.validateDaemonSet, defaults: d.defaultDaemonSet, references: refs.workloadReferences }),
  define({
    apiVersion: 'batch/v1', kind: 'Job', namespaced: true, schema: schemas.job,
    // Pods carry the Job's name as the job-name label, whose values are at most 63 characters.
    meta: { name: 'subdomain', maxNameLength: 63, maxNameReason: 'it becomes the job-name label of its pods' },
    validate: v.validateJob, defaults: d.defaultJob, references: refs.workloadReferences,
  }),
  define({
    apiVersion: 'batch/v1', kind: 'CronJob', namespaced: true, schema: schemas.cronJob,
    meta: { name: 'subdomain', maxNameLength: 52, maxNameReason: 'its Jobs are named after it with an 11-character suffix' },
    validate: v.validateCronJob, defaults: d.defaultCronJob, references: refs.workloadReferences,
  }),
  define({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', namespaced: true, schema: schemas.ingress, meta: SUBDOMAIN, validate: v.validateIngress, references: refs.ingressReferences }),
  define({
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', namespaced: true, schema: schemas.horizontalPodAutoscaler, meta: SUBDOMAIN,
    validate: v.validateHorizontalPodAutoscaler, defaults: d.defaultHorizontalPodAutoscaler, references: refs.autoscalerReferences,
  }),
  define({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', namespaced: true, schema: schemas.podDisruptionBudget, meta: SUBDOMAIN, validate: v.validatePodDisruptionBudget }),
  define({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', namespaced: false, schema: schemas.priorityClass, meta: SUBDOMAIN, validate: v.validatePriorityClass, defaults: d.defaultPriorityClass }),
  define({ apiVersion: 'berth.dev/v1', kind: 'Cluster', namespaced: false, schema: schemas.cluster, meta: SUBDOMAIN, validate: v.validateCluster, defaults: d.defaultCluster }),
  define({ apiVersion: 'berth.dev/v1', kind: 'Inventory', namespaced: false, schema: schemas.inventory, validate: v.validateInventoryObject, defaults: d.defaultInventory }),
];

export const kindSpecs = new Map<string, KindSpec>(KINDS.map((k) => [`${k.apiVersion}/${k.kind}`, k]));

export function supportedKinds(): string[] {
  return [...kindSpecs.keys()].sort();
}
