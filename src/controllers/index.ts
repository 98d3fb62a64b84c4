// The controllers module: desired objects → desired pods and generated objects ("expand" in DESIGN.md).
// Pure: no I/O, no clock (now is passed in), no randomness. One reconciler per kind, each in its own file.
import type { DaemonSet, Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { Pod, Service } from 'kubernetes-types/core/v1';
import { keyString, type DesiredState, type KubeObject } from '../manifest';
import { reconcileCronJob, type CronJobLive, type CronJobResult } from './cronjob';
import { syncDaemonSet, type DaemonSetLive } from './daemonset';
import { reconcileDeployment, type DeploymentLive, type DeploymentSync } from './deployment';
import { reconcileJob, type JobObserved, type JobResult } from './job';
import { comparePods, reconcilePod, type DesiredPod } from './pod';
import { reconcileReplicaSet, replicaSetStatus } from './replicaset';
import { reconcileService } from './service';

export interface ExpandOptions {
  now: Date;
  /** What the controller knows beyond git, by object key (keyString). Absent: nothing has been applied yet. */
  live?: LiveState;
}

export interface LiveState {
  /** By Deployment key: the record the previous pass returned (Expansion.deployments) plus the live pods. */
  deployments?: ReadonlyMap<string, DeploymentLive>;
  /** By DaemonSet key: its live pods. */
  daemonSets?: ReadonlyMap<string, DaemonSetLive>;
  /** By key of a ReplicaSet written in git (not a Deployment's): its live pods. */
  replicaSets?: ReadonlyMap<string, ReadonlyArray<Pod>>;
  jobs?: ReadonlyMap<string, JobObserved>;
  cronJobs?: ReadonlyMap<string, CronJobLive>;
}

export interface Expansion {
  /** Every desired object but pods, user-written and generated (ReplicaSets, Jobs), sorted by kind, namespace, name. */
  objects: KubeObject[];
  /** Every desired pod, bare and generated, sorted by namespace and name. Shared sub-objects: never mutate. */
  pods: DesiredPod[];
  /**
   * By Deployment key: the step's result. Store `.record` and pass it back (with live pods) as
   * LiveState.deployments next pass; record `.events`; report `.rollback` (the commit failed) when set.
   */
  deployments: Map<string, DeploymentSync>;
  /** By CronJob key: store `.record` (before applying: it is what keeps a slot from running twice); record `.events`. */
  cronJobs: Map<string, CronJobResult>;
  /** By Job key (git's and the CronJobs'): the step's result, with the Job's status. */
  jobs: Map<string, JobResult>;
  /** Objects whose reconciler failed: reported, and left out; every other object is expanded as usual. */
  failures: Array<{ key: string; message: string }>;
}

/** The desired state of a commit → every object and pod that should exist at `now`. Same input, same output. */
export function expand(state: DesiredState, { now, live = {} }: ExpandOptions): Expansion {
  const objects: KubeObject[] = [];
  const batches: DesiredPod[][] = [];
  const deployments = new Map<string, DeploymentSync>();
  const cronJobs = new Map<string, CronJobResult>();
  const jobs = new Map<string, JobResult>();
  const failures: Expansion['failures'] = [];
  const addPods = (more: DesiredPod[]) => {
    if (more.length) batches.push(more);
  };
  const addJob = (job: Job) => {
    const key = keyOf(job);
    const result = reconcileJob(job, live.jobs?.get(key));
    jobs.set(key, result);
    // Past ttlSecondsAfterFinished the Job is deleted, as Kubernetes' TTL controller does.
    if (result.expired) return addPods(result.pods);
    objects.push(asObject(result.job));
    addPods(result.pods);
  };

  for (const { object } of state.objects) {
    // One object's failure (a reconciler bug, a value it cannot handle) never stops the others.
    const objectsBefore = objects.length;
    const batchesBefore = batches.length;
    try {
      expandObject(object);
    } catch (err) {
      objects.length = objectsBefore;
      batches.length = batchesBefore;
      failures.push({ key: keyOf(object), message: (err as Error).message });
    }
  }
  return { objects: objects.sort(compareObjects), pods: sortPods(batches), deployments, cronJobs, jobs, failures };

  function expandObject(object: KubeObject): void {
    switch (object.kind) {
      case 'Deployment': {
        const key = keyOf(object);
        const known = live.deployments?.get(key);
        const result = reconcileDeployment(object as Deployment, known, now);
        deployments.set(key, result);
        objects.push(asObject(result.deployment));
        for (const rs of result.replicaSets) {
          objects.push(asObject(rs));
          addPods(reconcileReplicaSet(rs, known?.pods?.get(rs.metadata!.name!)));
        }
        break;
      }
      case 'ReplicaSet': {
        const rs = object as ReplicaSet;
        const pods = live.replicaSets?.get(keyOf(object));
        const observed: ReplicaSet = { ...rs, status: replicaSetStatus(rs, pods, now) };
        objects.push(asObject(observed));
        addPods(reconcileReplicaSet(rs, pods));
        break;
      }
      case 'DaemonSet': {
        const result = syncDaemonSet(object as DaemonSet, state.nodes, live.daemonSets?.get(keyOf(object)), now);
        objects.push(asObject(result.daemonSet));
        addPods(result.pods);
        break;
      }
      case 'Job':
        addJob(object as Job);
        break;
      case 'CronJob': {
        const key = keyOf(object);
        const result = reconcileCronJob(object as CronJob, now, live.cronJobs?.get(key));
        cronJobs.set(key, result);
        objects.push(asObject(result.cronJob));
        for (const job of result.jobs) addJob(job);
        break;
      }
      case 'Service':
        objects.push(asObject(reconcileService(object as Service)));
        break;
      case 'Pod':
        batches.push([reconcilePod(object as Pod)]);
        break;
      default:
        // ConfigMap, Secret, PersistentVolume(Claim), Namespace, Ingress, HPA, PDB, PriorityClass: as written.
        objects.push(object);
    }
  }
}

/**
 * Sorts pods that arrive in batches, one per owner, each already sorted by its reconciler: the batches are
 * concatenated in order of their first pod when no two overlap (siblings share their owner's name as prefix, so they
 * rarely do); otherwise one full sort. Same result as sorting everything, in a fraction of the comparisons.
 */
function sortPods(batches: DesiredPod[][]): DesiredPod[] {
  batches.sort((a, b) => comparePods(a[0], b[0]));
  const pods: DesiredPod[] = [];
  let disjoint = true;
  for (let i = 0; i < batches.length; i++) {
    const batch = batches[i];
    if (i > 0 && comparePods(pods[pods.length - 1], batch[0]) >= 0) disjoint = false;
    for (let j = 0; j < batch.length; j++) pods.push(batch[j]);
  }
  return disjoint ? pods : pods.sort(comparePods);
}

function keyOf(o: { kind?: string; metadata?: { name?: string; namespace?: string } }): string {
  return keyString({ kind: o.kind!, namespace: o.metadata?.namespace, name: o.metadata!.name! });
}

function asObject(o: { kind?: string }): KubeObject {
  return o as KubeObject;
}

/** kind, then namespace (cluster-scoped first), then name; code-unit order. */
export function compareObjects(a: KubeObject, b: KubeObject): number {
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  const na = a.metadata.namespace ?? '';
  const nb = b.metadata.namespace ?? '';
  if (na !== nb) return na < nb ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

export {
  reconcileDeployment,
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
export { mostRecentScheduleTime, formatRFC3339, CRON_OPTIONS } from './schedule';
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
