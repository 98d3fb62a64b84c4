// What objects a manifest refers to, found in the defaulted object; load.ts checks that each exists.
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { PersistentVolumeClaim, PodSpec } from 'kubernetes-types/core/v1';
import type { Ingress, IngressBackend } from 'kubernetes-types/networking/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Reference } from '../registry';
import type { FieldPath } from '../types';

/** Kubernetes' built-in priority classes: they exist without a manifest. */
export const SYSTEM_PRIORITY_CLASSES = new Set(['system-cluster-critical', 'system-node-critical']);

/** The pod specs inside an object (a Pod's own, a template's, a CronJob's job template's), with their paths. */
export function podSpecsOf(obj: { kind?: string; spec?: unknown }): Array<{ spec: PodSpec; path: FieldPath }> {
  const spec = obj.spec as PodSpec | undefined;
  if (!spec) return [];
  switch (obj.kind) {
    case 'Pod':
      return [{ spec: spec as PodSpec, path: ['spec'] }];
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
    case 'Job': {
      const t = (obj as Job).spec?.template?.spec as PodSpec | undefined;
      return t ? [{ spec: t, path: ['spec', 'template', 'spec'] }] : [];
    }
    case 'CronJob': {
      const t = (obj as CronJob).spec?.jobTemplate?.spec?.template?.spec;
      return t ? [{ spec: t, path: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] }] : [];
    }
    default:
      return [];
  }
}

export function podSpecReferences(spec: PodSpec, path: FieldPath): Reference[] {
  const refs: Reference[] = [];
  (spec.volumes ?? []).forEach((v, i) => {
    const at = [...path, 'volumes', i];
    if (v.configMap?.name) refs.push({ kind: 'ConfigMap', name: v.configMap.name, path: [...at, 'configMap', 'name'], optional: v.configMap.optional === true });
    if (v.secret?.secretName) refs.push({ kind: 'Secret', name: v.secret.secretName, path: [...at, 'secret', 'secretName'], optional: v.secret.optional === true });
    if (v.persistentVolumeClaim) refs.push({ kind: 'PersistentVolumeClaim', name: v.persistentVolumeClaim.claimName, path: [...at, 'persistentVolumeClaim', 'claimName'] });
  });
  for (const field of ['initContainers', 'containers'] as const) {
    (spec[field] ?? []).forEach((c, i) => {
      const at = [...path, field, i];
      (c.env ?? []).forEach((e, j) => {
        const cm = e.valueFrom?.configMapKeyRef;
        const sk = e.valueFrom?.secretKeyRef;
        if (cm?.name) refs.push({ kind: 'ConfigMap', name: cm.name, path: [...at, 'env', j, 'valueFrom', 'configMapKeyRef', 'name'], optional: cm.optional === true });
        if (sk?.name) refs.push({ kind: 'Secret', name: sk.name, path: [...at, 'env', j, 'valueFrom', 'secretKeyRef', 'name'], optional: sk.optional === true });
      });
      (c.envFrom ?? []).forEach((e, j) => {
        if (e.configMapRef?.name) refs.push({ kind: 'ConfigMap', name: e.configMapRef.name, path: [...at, 'envFrom', j, 'configMapRef', 'name'], optional: e.configMapRef.optional === true });
        if (e.secretRef?.name) refs.push({ kind: 'Secret', name: e.secretRef.name, path: [...at, 'envFrom', j, 'secretRef', 'name'], optional: e.secretRef.optional === true });
      });
    });
  }
  // A missing pull secret only fails pulls from private registries, as in Kubernetes: listed, never required.
  (spec.imagePullSecrets ?? []).forEach((s, i) => {
    if (s.name) refs.push({ kind: 'Secret', name: s.name, path: [...path, 'imagePullSecrets', i, 'name'], optional: true });
  });
  if (spec.priorityClassName && !SYSTEM_PRIORITY_CLASSES.has(spec.priorityClassName)) {
    refs.push({ kind: 'PriorityClass', name: spec.priorityClassName, path: [...path, 'priorityClassName'], clusterScoped: true });
  }
  return refs;
}

export function workloadReferences(obj: { kind?: string; spec?: unknown }): Reference[] {
  return podSpecsOf(obj).flatMap(({ spec, path }) => podSpecReferences(spec, path));
}

export function claimReferences(pvc: PersistentVolumeClaim): Reference[] {
  const name = pvc.spec?.volumeName;
  return name ? [{ kind: 'PersistentVolume', name, path: ['spec', 'volumeName'], clusterScoped: true }] : [];
}

export function ingressReferences(ing: Ingress): Reference[] {
  const refs: Reference[] = [];
  const backend = (b: IngressBackend | undefined, path: FieldPath) => {
    if (b?.service?.name) refs.push({ kind: 'Service', name: b.service.name, path: [...path, 'service', 'name'] });
  };
  backend(ing.spec?.defaultBackend, ['spec', 'defaultBackend']);
  (ing.spec?.rules ?? []).forEach((r, i) => (r.http?.paths ?? []).forEach((p, j) => backend(p.backend, ['spec', 'rules', i, 'http', 'paths', j, 'backend'])));
  (ing.spec?.tls ?? []).forEach((t, i) => {
    if (t.secretName) refs.push({ kind: 'Secret', name: t.secretName, path: ['spec', 'tls', i, 'secretName'] });
  });
  return refs;
}

export function autoscalerReferences(hpa: HorizontalPodAutoscaler): Reference[] {
  const ref = hpa.spec?.scaleTargetRef;
  if (!ref) return [];
  // registry.ts's Reference kinds do not list Deployment yet; load.ts resolves any kind by name.
  return [{ kind: ref.kind as Reference['kind'], name: ref.name, path: ['spec', 'scaleTargetRef', 'name'] }];
}
