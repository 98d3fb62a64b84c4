import { bool, int, intOrString, object, oneOf, opt, str } from './fields';
import { kindWithSpec, templateMeta } from './meta';
import { podTemplate } from './pod';
import { labelSelector } from './selector';

const rollingUpdate = object({ maxSurge: opt(intOrString), maxUnavailable: opt(intOrString) });

export const deployment = kindWithSpec(
  object({
    replicas: opt(int),
    selector: labelSelector,
    template: podTemplate,
    strategy: opt(object({ type: opt(oneOf(['RollingUpdate', 'Recreate'])), rollingUpdate: opt(rollingUpdate) })),
    minReadySeconds: opt(int),
    revisionHistoryLimit: opt(int),
    progressDeadlineSeconds: opt(int),
    paused: opt(bool),
  }),
);

export const replicaSet = kindWithSpec(object({ replicas: opt(int), minReadySeconds: opt(int), selector: labelSelector, template: podTemplate }));

export const daemonSet = kindWithSpec(
  object({
    selector: labelSelector,
    template: podTemplate,
    updateStrategy: opt(object({ type: opt(oneOf(['RollingUpdate', 'OnDelete'])), rollingUpdate: opt(rollingUpdate) })),
    minReadySeconds: opt(int),
    revisionHistoryLimit: opt(int),
  }),
);

export const jobSpec = object(
  {
    parallelism: opt(int),
    completions: opt(int),
    activeDeadlineSeconds: opt(int),
    backoffLimit: opt(int),
    completionMode: opt(oneOf(['NonIndexed', 'Indexed'])),
    suspend: opt(bool),
    ttlSecondsAfterFinished: opt(int),
    selector: opt(labelSelector),
    manualSelector: opt(bool),
    template: podTemplate,
  },
  {
    unsupported: {
      podFailurePolicy: 'Berth retries failed pods up to backoffLimit',
      successPolicy: '',
      backoffLimitPerIndex: '',
      maxFailedIndexes: '',
      podReplacementPolicy: '',
      managedBy: '',
    },
  },
);

export const job = kindWithSpec(jobSpec);

export const cronJob = kindWithSpec(
  object({
    schedule: str,
    timeZone: opt(str),
    startingDeadlineSeconds: opt(int),
    concurrencyPolicy: opt(oneOf(['Allow', 'Forbid', 'Replace'])),
    suspend: opt(bool),
    successfulJobsHistoryLimit: opt(int),
    failedJobsHistoryLimit: opt(int),
    jobTemplate: object({ metadata: opt(templateMeta), spec: jobSpec }),
  }),
);
