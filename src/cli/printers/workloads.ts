// `kubectl get` columns of the workload kinds, following kubectl's printers (printDeployment, printReplicaSet, …).
import type { DaemonSet, Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { Container } from 'kubernetes-types/core/v1';
import { formatLabelSelector } from '../../manifest';
import { humanDuration, since } from '../humanize';

export interface Printer<T> {
  columns: string[];
  wideColumns: string[];
  row(object: T, now: Date, wide: boolean): string[];
}

const WIDE = ['CONTAINERS', 'IMAGES', 'SELECTOR'];

/** layoutContainerCells: names and images, comma-separated. */
function containerCells(containers: Container[] | undefined): string[] {
  return [(containers ?? []).map((c) => c.name).join(','), (containers ?? []).map((c) => c.image ?? '').join(',')];
}


/** labels.FormatLabels: "k=v,k2=v2" sorted by key, "<none>" when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${labels![k]}`).join(',');
}

const n = (value: number | undefined) => String(value ?? 0);

export const deploymentPrinter: Printer<Deployment> = {
  columns: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
  wideColumns: WIDE,
  row(d, now, wide) {
    const s = d.status ?? {};
    const row = [d.metadata!.name!, `${s.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`, n(s.updatedReplicas), n(s.availableReplicas), since(d.metadata?.creationTimestamp, now)];
    return wide ? [...row, ...containerCells(d.spec?.template.spec?.containers), formatLabelSelector(d.spec?.selector)] : row;
  },
};

export const replicaSetPrinter: Printer<ReplicaSet> = {
  columns: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
  wideColumns: WIDE,
  row(rs, now, wide) {
    const s = rs.status;
    const row = [rs.metadata!.name!, String(rs.spec?.replicas ?? 1), n(s?.replicas), n(s?.readyReplicas), since(rs.metadata?.creationTimestamp, now)];
    return wide ? [...row, ...containerCells(rs.spec?.template?.spec?.containers), formatLabelSelector(rs.spec?.selector)] : row;
  },
};

export const daemonSetPrinter: Printer<DaemonSet> = {
  columns: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
  wideColumns: WIDE,
  row(ds, now, wide) {
    const s = ds.status;
    const row = [
      ds.metadata!.name!,
      n(s?.desiredNumberScheduled),
      n(s?.currentNumberScheduled),
      n(s?.numberReady),
      n(s?.updatedNumberScheduled),
      n(s?.numberAvailable),
      formatLabels(ds.spec?.template.spec?.nodeSelector),
      since(ds.metadata?.creationTimestamp, now),
    ];
    return wide ? [...row, ...containerCells(ds.spec?.template.spec?.containers), formatLabelSelector(ds.spec?.selector)] : row;
  },
};

export const jobPrinter: Printer<Job> = {
  columns: ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'],
  wideColumns: WIDE,
  row(job, now, wide) {
    const s = job.status ?? {};
    const parallelism = job.spec?.parallelism ?? 1;
    const completions =
      job.spec?.completions != null ? `${s.succeeded ?? 0}/${job.spec.completions}` : parallelism > 1 ? `${s.succeeded ?? 0}/1 of ${parallelism}` : `${s.succeeded ?? 0}/1`;
    let duration = '';
    if (s.startTime) duration = humanDuration((s.completionTime ? Date.parse(s.completionTime) : now.getTime()) - Date.parse(s.startTime));
    const row = [job.metadata!.name!, jobStatus(job), completions, duration, since(job.metadata?.creationTimestamp, now)];
    return wide ? [...row, ...containerCells(job.spec?.template.spec?.containers), formatLabelSelector(job.spec?.selector)] : row;
  },
};

function jobStatus(job: Job): string {
  const has = (type: string) => job.status?.conditions?.some((c) => c.type === type && c.status === 'True');
  if (has('Complete')) return 'Complete';
  if (has('Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (has('Suspended')) return 'Suspended';
  if (has('FailureTarget')) return 'FailureTarget';
  return 'Running';
}

export const cronJobPrinter: Printer<CronJob> = {
  columns: ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE'],
  wideColumns: WIDE,
  row(cj, now, wide) {
    const spec = cj.spec;
    const suspend = spec?.suspend == null ? '<unset>' : spec.suspend ? 'True' : 'False';
    const last = cj.status?.lastScheduleTime ? since(cj.status.lastScheduleTime, now) : '<none>';
    const row = [cj.metadata!.name!, spec?.schedule ?? '', spec?.timeZone ?? '<none>', suspend, String(cj.status?.active?.length ?? 0), last, since(cj.metadata?.creationTimestamp, now)];
    const template = spec?.jobTemplate.spec;
    return wide ? [...row, ...containerCells(template?.template.spec?.containers), formatLabelSelector(template?.selector) || '<none>'] : row;
  },
};
