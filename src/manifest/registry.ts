import type { FieldPath, Issue, KubeObject } from './types';

/** A reference from one object to another in its namespace, which must exist in the repo. */
export interface Reference {
  kind: 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim' | 'PersistentVolume' | 'PriorityClass' | 'Service' | 'Deployment';
  name: string;
  /** Where the reference is written, for the error message. */
  path: FieldPath;
  /** `optional: true` references (configMapKeyRef.optional, …) may dangle, as in Kubernetes. */
  optional?: boolean;
  /** Cluster-scoped targets (PersistentVolume) ignore the namespace. */
  clusterScoped?: boolean;
}

/**
 * What Berth knows about one kind: how to validate it, default it, and which objects it refers to.
 * Validation is structural and per object (cross-object rules live in load.ts); defaulting assumes valid input.
 */
export interface KindSpec<T extends KubeObject = KubeObject> {
  apiVersion: string;
  kind: string;
  namespaced: boolean;
  validate(raw: Record<string, unknown>): Issue[];
  defaults(valid: T): T;
  references(valid: T): Reference[];
}
