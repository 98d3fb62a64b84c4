// The manifest module: YAML → typed, validated, defaulted objects. Pure: no I/O, no clock.
export type { ManifestFile, KubeObject, Origin, Loaded, ObjectKey, FieldPath, Issue, IssueCode } from './types';
export { ManifestError, formatManifestError, formatObjectKey, formatFieldPath, type ManifestErrorCode } from './errors';
export { loadManifests, objectKey, keyString, CLUSTER_FILE, INVENTORY_FILE, type DesiredState, type LoadResult } from './load';
export { isManifestPath, parseManifestFile, MAX_FILE_BYTES } from './parse';
export type { Cluster, ClusterSpec } from './cluster';
export { inventoryToNodes, type Inventory, type InventoryHost, type HostConnection } from './inventory';
export { kindSpecs, supportedKinds } from './kinds';
export type { KindSpec, Reference } from './registry';
export * from './wellknown';
