// A tiny fleet for rollout tests: runs reconcileDeployment pass after pass, stores its record as the controller
// would, and "runs" the pods each pass asks for, which become Ready (or crash) on a schedule the test chooses.
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { reconcileDeployment, reconcileReplicaSet, type DeploymentRecord, type DeploymentSync } from '../../../src/controllers';

export interface SimOptions {
  /** Seconds after creation when a pod of this image, started at `created` (ms), becomes Ready; undefined: never.
   * Default 5. */
  readyAfter?: (image: string, created: number) => number | undefined;
  /** Images whose containers crash-loop (restartCount 3, waiting in CrashLoopBackOff). */
  crashing?: (image: string) => boolean;
  /** Passes a stopped pod is still reported (terminating, with a deletionTimestamp). Default 0. */
  linger?: number;
  /** Seconds between passes. Default 5. */
  interval?: number;
  /** Images whose containers never start: they wait with this reason (ErrImagePull, CreateContainerConfigError, …). */
  waiting?: (image: string) => { reason: string; message?: string } | undefined;
  /** reconcileDeployment's failure timeout (cluster.yaml's spec.rollouts.failureTimeout), in ms. */
  failureTimeoutMs?: number;
}

interface SimPod {
  pod: Pod;
  image: string;
  created: number;
  stoppedAt?: number;
}

export class RolloutSim {
  record?: DeploymentRecord;
  last?: DeploymentSync;
  t: number;
  pass = 0;
  private pods = new Map<string, SimPod[]>();

  constructor(
    start: string,
    private readonly options: SimOptions = {},
  ) {
    this.t = Date.parse(start);
  }

  /** One controller pass at the current time, then the pods it asks for start; the clock moves on. */
  step(d: Deployment): DeploymentSync {
    this.refresh();
    const live = new Map<string, Pod[]>([...this.pods].map(([rs, list]) => [rs, list.map((p) => p.pod)]));
    const result = reconcileDeployment(d, { ...this.record, pods: live }, new Date(this.t), { failureTimeoutMs: this.options.failureTimeoutMs });
    this.record = result.record;
    this.last = result;
    this.apply(result.replicaSets);
    this.pass++;
    this.t += (this.options.interval ?? 5) * 1000;
    return result;
  }

  /** Replicas of each ReplicaSet by the image tag of its template, e.g. { '1': 3, '2': 1 }; zeros included. */
  sizes(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const rs of this.last?.replicaSets ?? []) out[tag(rs)] = rs.spec!.replicas!;
    return out;
  }

  /** Pods running and Ready now (terminating ones excluded), as a load balancer would count them. */
  readyPods(): number {
    let n = 0;
    for (const list of this.pods.values()) for (const p of list) if (!p.stoppedAt && isReady(p.pod)) n++;
    return n;
  }

  /** Pods that exist now, terminating ones included, by image tag. */
  running(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const list of this.pods.values()) for (const p of list) out[p.image.split(':')[1]] = (out[p.image.split(':')[1]] ?? 0) + 1;
    return out;
  }

  private refresh(): void {
    for (const list of this.pods.values()) {
      for (const p of list) {
        const after = this.options.readyAfter ? this.options.readyAfter(p.image, p.created) : 5;
        const crashing = this.options.crashing?.(p.image) ?? false;
        const waiting = this.options.waiting?.(p.image);
        const readyAt = after === undefined || crashing || waiting ? undefined : p.created + after * 1000;
        const ready = readyAt !== undefined && readyAt <= this.t;
        p.pod = {
          ...p.pod,
          status: {
            phase: 'Running',
            conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: iso(ready ? readyAt! : p.created) }],
            containerStatuses: [
              {
                name: 'app',
                image: p.image,
                imageID: '',
                ready,
                restartCount: crashing ? 3 : 0,
                ...(crashing ? { state: { waiting: { reason: 'CrashLoopBackOff' } } } : {}),
                ...(waiting ? { state: { waiting } } : {}),
              },
            ],
          },
        };
      }
    }
  }

  private apply(replicaSets: ReplicaSet[]): void {
    const next = new Map<string, SimPod[]>();
    const linger = (this.options.linger ?? 0) * (this.options.interval ?? 5) * 1000;
    for (const [rs, list] of this.pods) {
      for (const p of list) if (p.stoppedAt !== undefined && this.t - p.stoppedAt < linger) push(next, rs, p);
    }
    for (const rs of replicaSets) {
      const name = rs.metadata!.name!;
      const current = (this.pods.get(name) ?? []).filter((p) => p.stoppedAt === undefined);
      const wanted = reconcileReplicaSet(rs, current.map((p) => p.pod));
      const names = new Set(wanted.map((p) => p.metadata.name));
      for (const p of current) {
        if (names.has(p.pod.metadata!.name!)) continue;
        if (linger > 0) push(next, name, { ...p, stoppedAt: this.t, pod: { ...p.pod, metadata: { ...p.pod.metadata, deletionTimestamp: iso(this.t) } } });
      }
      for (const want of wanted) {
        const existing = current.find((p) => p.pod.metadata!.name === want.metadata.name);
        const image = want.spec.containers[0].image!;
        push(next, name, existing ?? { pod: { ...want, spec: { ...want.spec, nodeName: 'h1' } }, image, created: this.t });
      }
    }
    this.pods = next;
  }
}

function push(map: Map<string, SimPod[]>, key: string, p: SimPod): void {
  const list = map.get(key);
  if (list) list.push(p);
  else map.set(key, [p]);
}

function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export function tag(rs: ReplicaSet): string {
  return rs.spec!.template!.spec!.containers[0].image!.split(':')[1];
}

export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A Deployment of `web` at image tag `version`, with a RollingUpdate strategy. */
export function web(version: string, replicas: number, surge: number | string, unavailable: number | string, extra: Partial<Deployment['spec']> = {}): Deployment {
  const labels = { app: 'web' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      minReadySeconds: 0,
      template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: `registry.local/web:${version}` }], restartPolicy: 'Always' } },
      ...extra,
    },
  };
}
