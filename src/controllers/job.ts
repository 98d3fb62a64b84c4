import type { Job, JobSpec, JobStatus } from 'kubernetes-types/batch/v1';
import type { Container, EnvVar, Pod, PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { ANNOTATION_JOB_COMPLETION_INDEX, LABEL_JOB_COMPLETION_INDEX, LABEL_JOB_NAME, LABEL_JOB_NAME_NEW, LABEL_CONTROLLER_UID, LABEL_CONTROLLER_UID_LEGACY } from '../manifest';
import { MAX_GENERATE_NAME_LENGTH, generateName, nameSuffix, siblingSuffixes } from './hash';
import type { JobObserved } from './job-observe';
import { compareForRemoval, completionIndexOf } from './job-pods';
import { controllerRef, objectUid } from './owner';
import { comparePods, newPod, podShape, type DesiredPod, type PodShape } from './pod';
import { isPodReady } from './rollout-pods';

export type { JobObserved } from './job-observe';

// TODO(lead): move to manifest/wellknown.ts next to LABEL_JOB_NAME.
export const ENV_JOB_COMPLETION_INDEX = 'JOB_COMPLETION_INDEX';

export type JobCondition = 'Complete' | 'Failed' | 'Suspended';

export interface JobResult {
  /** The Job as the API server stores it (selector and template labels generated unless manualSelector), with
   * status from `observed` plus active and ready. */
  job: Job;
  /** The Job's desired pods, sorted by name: those that should run, plus finished ones still reported (kept for
   * their logs; the plan never runs a finished Job pod again). None once the Job has expired. */
  pods: DesiredPod[];
  condition?: JobCondition;
  /** ttlSecondsAfterFinished has passed: delete the Job (its pods are no longer desired). */
  expired?: boolean;
}

const NOTHING_OBSERVED: JobObserved = { succeeded: 0, failed: 0 };

/**
 * Job → its desired pods, as manageJob: the active pods it keeps, plus new ones up to parallelism, never more than
 * the completions still missing; none while suspended or once finished. New pods wait out the failure back-off.
 * Names: NonIndexed pods take the lowest ordinals whose name is neither running nor finished (so a finished pod's
 * name is never reused, and names are stable from pass to pass); Indexed pods are `<job>-<index>-<suffix>`, the
 * suffix hashed from the index and how often it failed. Use observeJob for `observed`.
 */
export function reconcileJob(input: Job, observed: JobObserved = NOTHING_OBSERVED): JobResult {
  const job = withGeneratedSelector(input);
  const spec = job.spec!;
  const name = job.metadata!.name!;
  const namespace = job.metadata!.namespace ?? 'default';
  const owner = controllerRef(job);
  const indexed = spec.completionMode === 'Indexed';
  const template = indexed ? withCompletionIndexEnv(spec.template) : spec.template;
  const shapes = new Map<number | undefined, PodShape>();
  const shapeOf = (index: number | undefined): PodShape => {
    let shape = shapes.get(index);
    if (!shape) shapes.set(index, (shape = index === undefined ? podShape(template, namespace, owner) : indexedShape(template, name, namespace, owner, index)));
    return shape;
  };

  const retained = observed.expired ? [] : (observed.retained ?? []).map((p) => newPod(shapeOf(indexed ? completionIndexOf(p, spec.completions) : undefined), p.metadata!.name!));
  const running = observed.finished || observed.expired || spec.suspend ? [] : activePods(spec, observed, indexed);
  const taken = new Set<string>([...(observed.reserved ?? []), ...running.map((p) => p.metadata!.name!)]);
  const kept = running.map((p) => newPod(shapeOf(indexed ? completionIndexOf(p, spec.completions) : undefined), p.metadata!.name!));
  const created: DesiredPod[] = [];
  const need = observed.finished || spec.suspend || observed.backoffUntil ? 0 : wantActive(spec, observed, running.length) - running.length;
  if (need > 0 && !indexed) {
    for (const n of freshNames(`${name}-`, `${namespace}/${name}`, taken, need)) created.push(newPod(shapeOf(undefined), n));
  } else if (need > 0) {
    const busy = new Set([...(observed.completedIndexes ?? []), ...running.map((p) => completionIndexOf(p, spec.completions))]);
    for (let index = 0; index < spec.completions! && created.length < need; index++) {
      if (busy.has(index)) continue;
      let attempt = observed.indexFailures?.[index] ?? 0;
      let podName = indexedPodName(name, namespace, index, attempt);
      while (taken.has(podName)) podName = indexedPodName(name, namespace, index, ++attempt);
      created.push(newPod(shapeOf(index), podName));
    }
  }

  const active = kept.length + created.length;
  const ready = running.filter(isPodReady).length;
  const status: JobStatus = { ...(observed.status ?? countsStatus(observed)), ...(active ? { active } : {}), ready };
  const condition: JobCondition | undefined = observed.finished ?? (spec.suspend ? 'Suspended' : undefined);
  return {
    job: { ...job, status },
    pods: [...retained, ...kept, ...created].sort(comparePods),
    ...(condition ? { condition } : {}),
    ...(observed.expired ? { expired: true } : {}),
  };
}

/** manageJob's wantActive: parallelism, capped by the completions left; a work queue with a success adds no pods. */
function wantActive(spec: JobSpec, observed: JobObserved, active: number): number {
  const parallelism = spec.parallelism ?? 1;
  if (spec.completions == null) return observed.succeeded > 0 ? active : parallelism;
  return Math.max(0, Math.min(parallelism, spec.completions - observed.succeeded));
}

/**
 * The live active pods the Job keeps: Indexed Jobs drop pods without a valid index, of an index already completed,
 * or a second pod of one index; then the surplus over wantActive goes, the least advanced first (activePodsForRemoval).
 */
function activePods(spec: JobSpec, observed: JobObserved, indexed: boolean): Pod[] {
  let pods = [...(observed.active ?? [])].sort(compareForRemoval).reverse();
  if (indexed) {
    const completed = new Set(observed.completedIndexes ?? []);
    const seen = new Set<number>();
    pods = pods.filter((p) => {
      const index = completionIndexOf(p, spec.completions);
      if (index === undefined || completed.has(index) || seen.has(index)) return false;
      seen.add(index);
      return true;
    });
  }
  return pods.slice(0, wantActive(spec, observed, pods.length));
}

/** The first `count` names `<prefix><suffix>` by ordinal that are not taken. */
function freshNames(prefix: string, key: string, taken: ReadonlySet<string>, count: number): string[] {
  // Each ordinal skipped is a distinct taken name, so taken.size + count ordinals always suffice.
  const names: string[] = [];
  for (const suffix of siblingSuffixes(key, taken.size + count)) {
    const n = generateName(prefix, suffix);
    if (taken.has(n)) continue;
    names.push(n);
    if (names.length === count) break;
  }
  return names;
}

function indexedPodName(job: string, namespace: string, index: number, attempt: number): string {
  return generateName(podNamePrefixWithIndex(job, index), nameSuffix(`${namespace}/${job}/${index}/${attempt}`));
}

function indexedShape(template: PodTemplateSpec, name: string, namespace: string, owner: OwnerReference, index: number): PodShape {
  return podShape(template, namespace, owner, {
    labels: { [LABEL_JOB_COMPLETION_INDEX]: String(index) },
    annotations: { [ANNOTATION_JOB_COMPLETION_INDEX]: String(index) },
    spec: { hostname: `${name}-${index}` },
  });
}

function countsStatus(observed: JobObserved): JobStatus {
  return { ...(observed.succeeded ? { succeeded: observed.succeeded } : {}), ...(observed.failed ? { failed: observed.failed } : {}) };
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
