import type { Job } from 'kubernetes-types/batch/v1';
import type { Container, EnvVar, PodTemplateSpec } from 'kubernetes-types/core/v1';
import { ANNOTATION_JOB_COMPLETION_INDEX, LABEL_JOB_COMPLETION_INDEX, LABEL_JOB_NAME, LABEL_JOB_NAME_NEW, LABEL_CONTROLLER_UID, LABEL_CONTROLLER_UID_LEGACY } from '../manifest';
import { MAX_GENERATE_NAME_LENGTH, generateName, nameSuffix, siblingNames } from './hash';
import { controllerRef, objectUid } from './owner';
import { comparePods, newPod, podShape, type DesiredPod } from './pod';

// Labels the API server puts on a Job's pod template when it generates the selector (batch/v1 constants).
// TODO(lead): move to manifest/wellknown.ts next to LABEL_JOB_NAME.
export const ENV_JOB_COMPLETION_INDEX = 'JOB_COMPLETION_INDEX';

/** What agents have reported about a Job's finished pods; absent for a Job that has not run yet. */
export interface JobObserved {
  succeeded: number;
  failed: number;
  /** Indexed Jobs: the indexes that have succeeded (status.completedIndexes). */
  completedIndexes?: number[];
  /** Indexed Jobs: failures per index (Kubernetes' pod annotation batch.kubernetes.io/job-index-failure-count). */
  indexFailures?: Record<number, number>;
}

export type JobCondition = 'Complete' | 'Failed' | 'Suspended';

export interface JobResult {
  /** The Job as the API server stores it: selector and template labels generated unless manualSelector. */
  job: Job;
  /** The pods that should be active now, sorted by name. */
  pods: DesiredPod[];
  condition?: JobCondition;
}

/**
 * Job → its active pods: parallelism, limited by the completions still missing; none once complete, suspended, or
 * failed more than backoffLimit times. NonIndexed pods are numbered by how many pods the Job has created so far, so
 * a pod that finished is replaced by a new name. activeDeadlineSeconds needs the start time and arrives with the
 * controller.
 */
export function reconcileJob(input: Job, observed: JobObserved = { succeeded: 0, failed: 0 }): JobResult {
  const job = withGeneratedSelector(input);
  const spec = job.spec!;
  if (spec.suspend) return { job, pods: [], condition: 'Suspended' };
  if (observed.failed > (spec.backoffLimit ?? 6)) return { job, pods: [], condition: 'Failed' };

  const indexed = spec.completionMode === 'Indexed';
  const parallelism = spec.parallelism ?? 1;
  const done = indexed ? new Set(observed.completedIndexes ?? []).size : observed.succeeded;
  // completions unset is a work queue: the Job is done once any pod has succeeded.
  const remaining = spec.completions == null ? (observed.succeeded > 0 ? 0 : parallelism) : spec.completions - done;
  if (remaining <= 0) return { job, pods: [], condition: 'Complete' };
  const active = Math.min(parallelism, remaining);
  if (active <= 0) return { job, pods: [] };

  const name = job.metadata!.name!;
  const namespace = job.metadata!.namespace ?? 'default';
  const owner = controllerRef(job);
  if (!indexed) {
    const shape = podShape(spec.template, namespace, owner);
    const first = observed.succeeded + observed.failed;
    return { job, pods: siblingNames(`${name}-`, `${namespace}/${name}`, active, first).map((n) => newPod(shape, n)) };
  }

  const template = withCompletionIndexEnv(spec.template);
  const completed = new Set(observed.completedIndexes ?? []);
  const pods: DesiredPod[] = [];
  for (let index = 0; index < spec.completions! && pods.length < active; index++) {
    if (completed.has(index)) continue;
    const shape = podShape(template, namespace, owner, {
      labels: { [LABEL_JOB_COMPLETION_INDEX]: String(index) },
      annotations: { [ANNOTATION_JOB_COMPLETION_INDEX]: String(index) },
      spec: { hostname: `${name}-${index}` },
    });
    const attempt = observed.indexFailures?.[index] ?? 0;
    pods.push(newPod(shape, generateName(podNamePrefixWithIndex(name, index), nameSuffix(`${namespace}/${name}/${index}/${attempt}`))));
  }
  return { job, pods: pods.sort(comparePods) };
}

/** The API server's generateSelector: job-name and controller-uid labels on the template, selector on the uid. */
function withGeneratedSelector(job: Job): Job {
  const spec = job.spec!;
  if (spec.manualSelector) return job;
  const name = job.metadata!.name!;
  const uid = objectUid('Job', job.metadata!.namespace, name);
  const labels = { ...spec.template.metadata?.labels };
  for (const key of [LABEL_JOB_NAME, LABEL_JOB_NAME_NEW]) labels[key] ??= name;
  for (const key of [LABEL_CONTROLLER_UID_LEGACY, LABEL_CONTROLLER_UID]) labels[key] ??= uid;
  const matchLabels = { ...spec.selector?.matchLabels };
  matchLabels[LABEL_CONTROLLER_UID] ??= uid;
  return {
    ...job,
    spec: {
      ...spec,
      selector: { ...spec.selector, matchLabels },
      template: { ...spec.template, metadata: { ...spec.template.metadata, labels } },
    },
  };
}

/** podGenerateNameWithIndex: `<job>-<index>-`, the job name cut so the prefix fits the generateName limit. */
function podNamePrefixWithIndex(jobName: string, index: number): string {
  const append = `-${index}-`;
  const prefix = jobName + append;
  return prefix.length > MAX_GENERATE_NAME_LENGTH ? jobName.slice(0, MAX_GENERATE_NAME_LENGTH - append.length) + append : prefix;
}

/** addCompletionIndexEnvVariables: JOB_COMPLETION_INDEX from the pod's annotation, unless a container sets it. */
function withCompletionIndexEnv(template: PodTemplateSpec): PodTemplateSpec {
  const env: EnvVar = {
    name: ENV_JOB_COMPLETION_INDEX,
    valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.annotations['${ANNOTATION_JOB_COMPLETION_INDEX}']` } },
  };
  const add = (c: Container): Container => (c.env?.some((e) => e.name === env.name) ? c : { ...c, env: [...(c.env ?? []), env] });
  const spec = template.spec!;
  return {
    ...template,
    spec: { ...spec, containers: spec.containers.map(add), ...(spec.initContainers ? { initContainers: spec.initContainers.map(add) } : {}) },
  };
}
