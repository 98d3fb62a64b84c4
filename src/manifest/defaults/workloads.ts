// Kubernetes' defaults for workloads (pkg/apis/apps/v1/defaults.go, pkg/apis/batch/v1/defaults.go).
import type { DaemonSet, Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import { defaultPodSpec } from './pod';

export function defaultDeployment(d: Deployment): void {
  const s = d.spec!;
  s.replicas ??= 1;
  const strategy = (s.strategy ??= {});
  strategy.type ??= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate ??= {});
    ru.maxUnavailable ??= '25%';
    ru.maxSurge ??= '25%';
  }
  s.revisionHistoryLimit ??= 10;
  s.progressDeadlineSeconds ??= 600;
  s.minReadySeconds ??= 0;
  defaultPodSpec(s.template.spec!, { restartPolicy: true });
}

export function defaultReplicaSet(rs: ReplicaSet): void {
  const s = rs.spec!;
  s.replicas ??= 1;
  s.minReadySeconds ??= 0;
  defaultPodSpec(s.template!.spec!, { restartPolicy: true });
}

export function defaultDaemonSet(ds: DaemonSet): void {
  const s = ds.spec!;
  const u = (s.updateStrategy ??= {});
  u.type ??= 'RollingUpdate';
  if (u.type === 'RollingUpdate') {
    const ru = (u.rollingUpdate ??= {});
    ru.maxUnavailable ??= 1;
    ru.maxSurge ??= 0;
  }
  s.revisionHistoryLimit ??= 10;
  s.minReadySeconds ??= 0;
  defaultPodSpec(s.template.spec!, { restartPolicy: true });
}

export function defaultJob(job: Job): void {
  const s = job.spec!;
  // A non-parallel Job may leave both unset: then both are 1. Parallelism alone defaults to 1; completions stays
  // unset then, meaning "done when any pod succeeds" (a work queue).
  if (s.completions === undefined && s.parallelism === undefined) s.completions = 1;
  s.parallelism ??= 1;
  s.backoffLimit ??= 6;
  s.completionMode ??= 'NonIndexed';
  s.suspend ??= false;
  const templateLabels = s.template.metadata?.labels;
  if (templateLabels && Object.keys(job.metadata?.labels ?? {}).length === 0) job.metadata!.labels = { ...templateLabels };
  defaultPodSpec(s.template.spec!, { restartPolicy: false });
}

/** Only pod defaults reach a CronJob's job template; the Job's own are applied when the Job is made. */
export function defaultCronJob(cj: CronJob): void {
  const s = cj.spec!;
  s.concurrencyPolicy ??= 'Allow';
  s.suspend ??= false;
  s.successfulJobsHistoryLimit ??= 3;
  s.failedJobsHistoryLimit ??= 1;
  defaultPodSpec(s.jobTemplate.spec!.template.spec!, { restartPolicy: false });
}
