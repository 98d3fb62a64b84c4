// The controllers module: desired objects → desired pods and generated objects ("expand" in DESIGN.md).
// Pure: no I/O, no clock (now is passed in), no randomness. One reconciler per kind, each in its own file.
export { expand, compareObjects, type ExpandOptions, type LiveState, type Expansion } from './expand';

export {
  reconcileDeployment,
  type DeploymentOptions,
  type DeploymentLive,
  type DeploymentRecord,
  type DeploymentSync,
  type RolledBack,
  type RollbackCause,
  type RollbackDecision,
  type RolloutHistoryEntry,
} from './deployment';
export { templateHash, CONDITION_ROLLED_BACK } from './deployment-sync';
export { type RolloutEvent, REASON_SCALING_REPLICA_SET } from './deployment-replicasets';
export { maxSurge, maxUnavailable, resolveFenceposts, revisionOf } from './deployment-util';
export {
  REASON_NEW_RS_CREATED,
  REASON_FOUND_NEW_RS,
  REASON_RS_UPDATED,
  REASON_NEW_RS_AVAILABLE,
  REASON_TIMED_OUT,
  REASON_PAUSED,
  REASON_RESUMED,
} from './deployment-status';
export { undoDeployment, REASON_ROLLED_BACK, REASON_ROLLOUT_UNDO } from './rollout';
export { podStartFailure, rolloutFailureTimeoutMs, clusterFailureTimeoutMs, DEFAULT_ROLLOUT_FAILURE_TIMEOUT_MS, START_FAILURE_REASONS, REASON_READINESS_FAILED, type PodFailure } from './rollout-failure';
export { isPodAvailable, isPodActive, isPodReady, crashLoopingContainer, CRASH_LOOP_RESTARTS } from './rollout-pods';
export { reconcileReplicaSet, replicaSetStatus, keptPods } from './replicaset';
export {
  reconcileDaemonSet,
  syncDaemonSet,
  nodeShouldRunDaemonPod,
  daemonPodPredicates,
  type DaemonSetLive,
  type DaemonSetSync,
} from './daemonset';
export {
  reconcileJob,
  ENV_JOB_COMPLETION_INDEX,
  type JobObserved,
  type JobResult,
  type JobCondition,
} from './job';
export {
  reconcileCronJob,
  jobFromTemplate,
  REASON_JOB_ALREADY_ACTIVE,
  REASON_MISS_SCHEDULE,
  REASON_SUCCESSFUL_CREATE,
  REASON_SUCCESSFUL_DELETE,
  type CronJobEvent,
  type CronJobLive,
  type CronJobResult,
} from './cronjob';
export { mostRecentScheduleTime, formatRFC3339 } from './schedule';
export { reconcileService, serviceEndpoints, findPort, type ServiceEndpoint, type EndpointPort } from './service';
export { reconcilePod, comparePods, type DesiredPod } from './pod';
export {
  nodeMatchesNodeSelector,
  nodeMatchesRequiredAffinity,
  nodeMatchesSelectorTerm,
  labelRequirementMatches,
  nodeTaints,
  toleratesTaint,
  toleratesTaints,
  findUntoleratedTaint,
  TAINT_NODE_UNSCHEDULABLE,
} from './predicates';
export { computeHash, safeEncodeString, fnv1a32, nameSuffix, SAFE_ALPHABET } from './hash';
export { podSpecHash, stableStringify } from '../manifest';
export { objectUid, controllerRef } from './owner';
// Jobs, CronJobs, HorizontalPodAutoscalers, PodDisruptionBudgets: what the loop observes and stores between passes.
export {
  observeJob,
  terminalCondition,
  jobExpireTime,
  POD_FAILURE_BACKOFF_MS,
  MAX_POD_FAILURE_BACKOFF_MS,
  REASON_JOB_COMPLETED,
  REASON_BACKOFF_LIMIT_EXCEEDED,
  REASON_DEADLINE_EXCEEDED,
  REASON_COMPLETIONS_REACHED,
  REASON_JOB_SUSPENDED,
  REASON_JOB_RESUMED,
  type JobRecord,
  type FinishedPod,
  type JobEvent,
} from './job-observe';
export { isPodOfJob, formatCompletedIndexes } from './job-pods';
export {
  jobName,
  REASON_SAW_COMPLETED_JOB,
  REASON_MISSING_JOB,
  REASON_TOO_MANY_MISSED_TIMES,
  REASON_INVALID_SCHEDULE,
  MAX_MISSED_SCHEDULES,
  type CronJobRecord,
} from './cronjob';
export { finishedJobsToDelete } from './cronjob-history';
export { nextScheduleTime, missedScheduleCount, formatRFC1123Z } from './schedule';
export {
  reconcileHorizontalPodAutoscaler,
  REASON_SUCCESSFUL_RESCALE,
  REASON_FAILED_GET_RESOURCE_METRIC,
  REASON_FAILED_COMPUTE_METRICS_REPLICAS,
  type HorizontalPodAutoscalerEvent,
  type HorizontalPodAutoscalerLive,
  type HorizontalPodAutoscalerRecord,
  type HorizontalPodAutoscalerResult,
} from './hpa';
export { HPA_TOLERANCE, CPU_INITIALIZATION_PERIOD_MS, INITIAL_READINESS_DELAY_MS, type PodMetrics } from './hpa-replicas';
export { DOWNSCALE_STABILIZATION_SECONDS, type TimedRecommendation, type TimedScaleEvent } from './hpa-behavior';
export {
  disruptionBudgetStatus,
  podsOfBudget,
  scaleFinder,
  DISRUPTED_POD_TIMEOUT_MS,
  REASON_SUFFICIENT_PODS,
  REASON_INSUFFICIENT_PODS,
  REASON_SYNC_FAILED,
  type ScaleFinder,
  type DisruptionBudgetResult,
  type DisruptionEvent,
} from './disruption';
export { canEvict, REASON_DISRUPTION_BUDGET, REASON_MULTIPLE_BUDGETS, REASON_BUDGET_NOT_OBSERVED, type EvictionDecision } from './disruption-evict';
export { allocateServiceAddresses, assignServiceAddresses, serviceKey, REASON_CLUSTER_IP_ALREADY_ALLOCATED, REASON_CLUSTER_IP_OUT_OF_RANGE, REASON_CLUSTER_IP_IMMUTABLE, REASON_CLUSTER_IP_RANGE_FULL, REASON_SERVICE_CIDR_UNSUPPORTED, REASON_PORT_ALREADY_ALLOCATED, REASON_PORT_OUT_OF_RANGE, REASON_PORT_RANGE_FULL, type ServiceAllocation, type ServiceAllocations, type ServiceNetwork, type ServiceAddresses, type ServiceAddressFailure } from './service-addresses';
