// The manifest module: YAML → typed, validated, defaulted objects. Pure: no I/O, no clock.
export type { ManifestFile, KubeObject, Origin, Loaded, ObjectKey, FieldPath, Issue, IssueCode } from './types';
export { ManifestError, formatManifestError, formatObjectKey, formatFieldPath, type ManifestErrorCode } from './errors';
export { loadManifests, objectKey, keyString, CLUSTER_FILE, INVENTORY_FILE, type DesiredState, type LoadOptions, type LoadResult } from './load';
export { isManifestPath, parseManifestFile, MAX_FILE_BYTES } from './parse';
export type { Cluster, ClusterSpec } from './cluster';
export { inventoryToNodes, type Inventory, type InventoryHost, type HostConnection } from './inventory';
export { setHostUnschedulable, InventoryEditError, type InventoryEdit } from './inventory-edit';
export { setReplicas, ReplicasEditError, type ReplicasTarget, type ReplicasEdit } from './replicas-edit';
export { kindSpecs, supportedKinds } from './kinds';
export type { KindSpec, Reference } from './registry';
export * from './wellknown';
// Berth's spec hash of a pod (controllers stamp it, the agent and the plan read it), over JSON with sorted keys.
export { podSpecHash, podSpecHashOf, specHashOf } from './spechash';
export { stableStringify, memoStableStringify } from './stable-json';
// Quantities, labels, names and selectors, as Kubernetes' apimachinery has them.
export {
  parseQuantity,
  isQuantityError,
  cpuMillis,
  bytes,
  compareQuantities,
  formatQuantity,
  quantityFromMillis,
  quantityFromBytes,
  type Quantity,
  type QuantityError,
  type QuantityFormat,
} from './quantity';
export {
  parseSelector,
  selectorMatches,
  requirementMatches,
  labelSelectorMatches,
  labelSelectorAsSelector,
  selectorFromSet,
  formatSelector,
  formatLabelSelector,
  validateLabelSelector,
  isEmptyLabelSelector,
  type Selector,
  type Requirement,
  type SelectorOperator,
  type Labels,
} from './selector';
export { validateLabels, validateAnnotations, isValidLabelKey, isValidLabelValue, labelKeyErrors, ANNOTATIONS_MAX_BYTES } from './labels';
export {
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  dns1035LabelErrors,
  wildcardDns1123SubdomainErrors,
  ianaSvcNameErrors,
  qualifiedNameErrors,
  labelValueErrors,
  envVarNameErrors,
  configMapKeyErrors,
} from './names';
// Schedules, durations and addresses; rules across files (cluster.yaml × workloads); pod defaults for controllers.
export { parseSchedule, scheduleMatches, splitTimeZone, timeZoneErrors, CRON_OPTIONS, type CronSchedule, type CronFields } from './cron';
export { parsePortRange, cidrErrors, isIPAddress } from './validate/net';
export { podSecurityIssues } from './validate/security';
export { nodePortIssues } from './validate/network';
export { podSpecsOf, podSpecReferences, SYSTEM_PRIORITY_CLASSES } from './validate/references';
export { defaultPodSpec, defaultPodOnly, defaultPullPolicy, imageTag } from './defaults/pod';
export { CLUSTER_DEFAULTS, INVENTORY_DEFAULTS } from './defaults/berth';
// Node eligibility: node selectors and affinity, taints and tolerations (scheduler and DaemonSet controller).
export {
  nodeSelectorRequirementMatches,
  nodeFieldRequirementMatches,
  nodeSelectorTermMatches,
  nodeSelectorMatches,
  nodeLabelsMatch,
  requiredNodeAffinityMatches,
  OBJECT_NAME_FIELD,
  type NodeFields,
} from './nodeselector';
export {
  toleratesTaint,
  tolerationsTolerateTaint,
  isDoNotScheduleTaint,
  findMatchingUntoleratedTaint,
  nodeTaints,
  TAINT_NODE_UNSCHEDULABLE,
  UNSCHEDULABLE_TAINT,
} from './taints';
