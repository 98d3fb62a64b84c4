// Hand-built, already-defaulted desired objects, as src/manifest hands them to the controllers.
import type { DaemonSet, Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { CronJob, CronJobSpec, Job, JobSpec } from 'kubernetes-types/batch/v1';
import type { Node, Pod, PodSpec, PodTemplateSpec, Service, ServicePort, Taint } from 'kubernetes-types/core/v1';
import type { Cluster, DesiredState, Inventory, KubeObject, Loaded } from '../../../src/manifest';

const origin = (file: string) => ({ file, line: 1, col: 1, doc: 0 });

export function desiredState(objects: Array<{ kind?: string }>, nodes: Node[] = []): DesiredState {
  const cluster = { apiVersion: 'berth.dev/v1', kind: 'Cluster', metadata: { name: 'test' }, spec: {} } as unknown as Cluster;
  const inventory: Inventory = { apiVersion: 'berth.dev/v1', kind: 'Inventory', metadata: { name: 'hosts' }, defaults: {}, hosts: [] };
  return {
    cluster: { object: cluster, origin: origin('cluster.yaml') },
    inventory: { object: inventory, origin: origin('hosts.yaml') },
    nodes,
    objects: objects.map((o, i): Loaded => ({ object: o as KubeObject, origin: origin(`apps/${i}.yaml`) })),
  };
}

export function podSpec(image = 'registry.local/web:1.0', extra: Partial<PodSpec> = {}): PodSpec {
  return {
    containers: [
      {
        name: 'app',
        image,
        imagePullPolicy: 'IfNotPresent',
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
      },
    ],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    schedulerName: 'default-scheduler',
    securityContext: {},
    ...extra,
  };
}

export function template(labels: Record<string, string>, spec: PodSpec = podSpec()): PodTemplateSpec {
  return { metadata: { labels }, spec };
}

export function deployment(name: string, opts: { replicas?: number; namespace?: string; image?: string; spec?: Partial<PodSpec> } = {}): Deployment {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: opts.namespace ?? 'default' },
    spec: {
      replicas: opts.replicas ?? 1,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: template(labels, podSpec(opts.image, opts.spec)),
    },
  };
}

export function replicaSet(name: string, replicas: number, namespace = 'default'): ReplicaSet {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace },
    spec: { replicas, selector: { matchLabels: labels }, template: template(labels) },
  };
}

export function daemonSet(name: string, spec: Partial<PodSpec> = {}): DaemonSet {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'default' },
    spec: { selector: { matchLabels: labels }, template: template(labels, podSpec('registry.local/agent:1', spec)) },
  };
}

export function node(name: string, opts: { labels?: Record<string, string>; taints?: Taint[]; unschedulable?: boolean } = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...opts.labels } },
    spec: { ...(opts.taints ? { taints: opts.taints } : {}), ...(opts.unschedulable ? { unschedulable: true } : {}) },
  };
}

export function jobSpec(overrides: Partial<JobSpec> = {}, labels: Record<string, string> = { app: 'batch' }): JobSpec {
  return {
    completions: 1,
    parallelism: 1,
    backoffLimit: 6,
    completionMode: 'NonIndexed',
    suspend: false,
    template: template(labels, podSpec('registry.local/batch:1', { restartPolicy: 'Never' })),
    ...overrides,
  };
}

export function job(name: string, overrides: Partial<JobSpec> = {}): Job {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: 'default' }, spec: jobSpec(overrides) };
}

/** A CronJob created long before the tests' clocks, so its recent slots are due. */
export function cronJob(name: string, schedule: string, overrides: Partial<CronJobSpec> = {}): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default', creationTimestamp: '2020-01-01T00:00:00Z' },
    spec: {
      schedule,
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: { labels: { cron: name } }, spec: jobSpec({}, { cron: name }) },
      ...overrides,
    },
  };
}

export function service(name: string, selector: Record<string, string> | undefined, ports: ServicePort[]): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: { type: 'ClusterIP', ...(selector ? { selector } : {}), ports, sessionAffinity: 'None' },
  };
}

export function pod(name: string, labels: Record<string, string>, extra: Partial<Pod> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels }, spec: podSpec(), ...extra };
}

export function configMap(name: string): KubeObject & { data: Record<string, string> } {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { key: 'value' } };
}
