import type { ObjectMeta } from 'kubernetes-types/meta/v1';

/** A file as read from a commit or from disk: a path relative to the repo root, POSIX separators. */
export interface ManifestFile {
  path: string;
  content: Uint8Array | string;
}

/** Any Kubernetes-shaped object. Kind-specific types come from kubernetes-types. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta & { name: string };
  spec?: unknown;
}

/** Where an object came from: file, position of its document (1-based), and its index in a `kind: List`. */
export interface Origin {
  file: string;
  line: number;
  col: number;
  /** 0-based index of the YAML document in the file. */
  doc: number;
  /** 0-based index in `items` when the object came from a `kind: List`. */
  item?: number;
}

export interface Loaded<T = KubeObject> {
  object: T;
  origin: Origin;
}

/** The identity of an object: the key used to pair desired with live, and to find duplicates. */
export interface ObjectKey {
  kind: string;
  namespace?: string;
  name: string;
}

/** A field path as a list of keys and indexes: ['spec', 'containers', 0, 'image']. */
export type FieldPath = ReadonlyArray<string | number>;

/** One problem a validator found in one object, before it is given a file position. */
export interface Issue {
  path: FieldPath;
  message: string;
  /** Stable machine code, e.g. FieldValueInvalid, FieldValueRequired, FieldNotSupported (Kubernetes' causes). */
  code: IssueCode;
}

export type IssueCode =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueTypeInvalid'
  | 'FieldValueDuplicate'
  | 'FieldNotSupported'
  | 'ReferenceNotFound'
  | 'KindNotSupported'
  | 'ObjectDuplicate'
  | 'NamespaceNotFound';
