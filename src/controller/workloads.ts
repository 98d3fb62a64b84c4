import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { observeJob, undoDeployment, type CronJobRecord, type DeploymentRecord, type DeploymentSync, type Expansion, type JobObserved, type JobRecord, type LiveState } from '../controllers';
import { sameItems } from '../common';
import { keyString, type DesiredState } from '../manifest';
import type { LiveSnapshot } from '../plan';
import type { Decision } from './events';
import type { StoreRecords } from './store';
import type { RolloutRevision } from './view';
import { podsByOwner, reportedPods } from './workload-pods';
import { ControllerNotFoundError } from './errors';

/** What the workload controllers keep in memory from one pass to the next: not needed to decide right after a restart. */
export interface WorkloadPass {
  last?: { expansion: Expansion; desired: DesiredState; live: LiveState; commit: string };
  /** host/namespace/name of every pod the last pass wanted: a reported pod not among them is being stopped. */
  wanted?: ReadonlySet<string>;
  /** The bound pods `wanted` was made from: the same pods again keep the same set. */
  bound?: readonly Pod[];
}

const DEPLOYMENT = 'deployment/';
const CRONJOB = 'cronjob/';
const JOB = 'job/';

/**
 * What the workload controllers need from one pass to the next and cannot read from git or the agents — a
 * Deployment's rollout record (ReplicaSets, revisions, last healthy, rollback), a CronJob's record (the slot last
 * started: written before the Job is sent, so no slot runs twice), a Job's finished pods — kept in the store, so a
 * controller killed at any moment resumes where it was.
 */
export class WorkloadMemory {
  #last?: WorkloadPass['last'];
  #wanted?: WorkloadPass['wanted'];
  #bound?: WorkloadPass['bound'];

  /** `previous`: what the last pass left (`memory`), none after a start. */
  constructor(
    private readonly store: StoreRecords,
    previous: WorkloadPass = {},
  ) {
    this.#last = previous.last;
    this.#wanted = previous.wanted;
    this.#bound = previous.bound;
  }

  /** What this pass leaves for the next (and for `berth rollout history`). */
  get memory(): WorkloadPass {
    return { last: this.#last, wanted: this.#wanted, bound: this.#bound };
  }

  /** Live data for expand: records from the store joined with the pods the agents report now. */
  liveState(desired: DesiredState, snapshot: LiveSnapshot, now: Date, decisions: Decision[]): LiveState {
    const pods = reportedPods(snapshot, this.#wanted, now);
    const byOwner = podsByOwner(pods);
    const deployments = new Map<string, DeploymentRecord & { pods: Map<string, Pod[]> }>();
    const daemonSets = new Map<string, { pods: Pod[] }>();
    const replicaSets = new Map<string, Pod[]>();
    const jobs = new Map<string, JobObserved>();
    const cronJobs = new Map<string, Partial<CronJobRecord>>();
    const observe = (job: Job) => {
      const key = keyOf(job);
      const observed = observeJob(job, byOwner.get(`Job/${job.metadata!.namespace ?? 'default'}/${job.metadata!.name}`) ?? [], this.store.get<JobRecord>(JOB + key), now);
      jobs.set(key, observed);
      if (observed.record) this.store.put(JOB + key, observed.record);
      for (const e of observed.events ?? []) decisions.push({ object: { kind: 'Job', namespace: job.metadata!.namespace, name: job.metadata!.name! }, reason: e.reason, message: e.message, type: e.type });
      return observed;
    };
    const seenJobs = new Set<string>();
    for (const { object } of desired.objects) {
      const key = keyOf(object);
      const ns = object.metadata.namespace ?? 'default';
      switch (object.kind) {
        case 'Deployment': {
          const record = this.store.get<DeploymentRecord>(DEPLOYMENT + key);
          const rsPods = new Map<string, Pod[]>();
          for (const rs of record?.replicaSets ?? []) rsPods.set(rs.metadata!.name!, byOwner.get(`ReplicaSet/${ns}/${rs.metadata!.name}`) ?? []);
          if (record) deployments.set(key, { ...record, pods: rsPods });
          break;
        }
        case 'DaemonSet':
          daemonSets.set(key, { pods: byOwner.get(`DaemonSet/${ns}/${object.metadata.name}`) ?? [] });
          break;
        case 'ReplicaSet':
          replicaSets.set(key, byOwner.get(`ReplicaSet/${ns}/${object.metadata.name}`) ?? []);
          break;
        case 'Job':
          seenJobs.add(key);
          observe(object as unknown as Job);
          break;
        case 'CronJob': {
          const record = this.store.get<CronJobRecord>(CRONJOB + key);
          if (!record) break;
          const withStatus = record.jobs.map((job) => {
            seenJobs.add(keyOf(job));
            return { ...job, status: observe(job).status };
          });
          cronJobs.set(key, { ...record, jobs: withStatus });
          break;
        }
      }
    }
    for (const [key] of this.store.list(JOB)) if (!seenJobs.has(key.slice(JOB.length))) this.store.delete(key);
    return { deployments, daemonSets, replicaSets, jobs, cronJobs: cronJobs as LiveState['cronJobs'] };
  }

  /** Keeps what this pass's expansion decided, and reports its events. */
  remember({ expansion, desired, live, commit, bound, decisions }: { expansion: Expansion; desired: DesiredState; live: LiveState; commit: string; bound: readonly Pod[]; decisions: Decision[] }): void {
    this.#last = { expansion, desired, live, commit };
    if (!this.#bound || !sameItems(this.#bound, bound)) {
      this.#wanted = new Set(bound.filter((p) => p.spec?.nodeName).map((p) => `${p.spec!.nodeName}/${p.metadata!.namespace}/${p.metadata!.name}`));
      this.#bound = bound;
    }
    const keep = (prefix: string, results: Map<string, { record: unknown }>) => {
      for (const [key, result] of results) this.store.put(prefix + key, result.record);
      for (const [key] of this.store.list(prefix)) if (!results.has(key.slice(prefix.length))) this.store.delete(key);
    };
    keep(DEPLOYMENT, expansion.deployments);
    keep(CRONJOB, expansion.cronJobs);
    for (const [key, sync] of expansion.deployments) {
      const object = objectOf(key);
      for (const e of sync.events) decisions.push({ object, reason: e.reason, message: e.message, type: e.type });
    }
    for (const [key, result] of expansion.cronJobs) {
      const object = objectOf(key);
      for (const e of result.events) decisions.push({ object, reason: e.reason, message: e.message, type: e.type });
    }
    for (const f of expansion.failures) decisions.push({ object: objectOf(f.key), reason: 'ReconcileFailed', type: 'Warning', message: `${f.message}; the other objects are not affected` });
  }

  /** Why the current commit counts as failed although it loaded: a Deployment of it rolled back. */
  rolledBack(): string | undefined {
    const reasons: string[] = [];
    for (const [key, sync] of this.#last?.expansion.deployments ?? []) {
      const rb = sync.record.rolledBack;
      if (rb && rb.cause !== 'RolloutUndo') reasons.push(`deployment ${key.split('/').slice(1).join('/')} rolled back to ${rb.toReplicaSet}: ${rb.reason}`);
    }
    return reasons.length ? reasons.join('; ') : undefined;
  }

  /** A Deployment is still rolling out (new ReplicaSet not fully available). */
  progressing(): boolean {
    for (const [, sync] of this.#last?.expansion.deployments ?? []) {
      const s = sync.deployment.status;
      const want = sync.deployment.spec?.replicas ?? 1;
      if ((s?.updatedReplicas ?? 0) < want || (s?.availableReplicas ?? 0) < want || (s?.replicas ?? 0) > want) return true;
    }
    return false;
  }

  history(namespace: string, name: string): RolloutRevision[] | undefined {
    const sync = this.#last?.expansion.deployments.get(keyString({ kind: 'Deployment', namespace, name }));
    if (!sync) return undefined;
    return sync.history.map((h) => ({ ...h, ...(h.current ? { commit: this.#last!.commit } : {}) }));
  }

  /** `berth rollout undo`: the step's undo applied to the stored record; the next pass rolls it out. */
  undo(namespace: string, name: string, toRevision: number | undefined, now: Date): RolloutRevision {
    const key = keyString({ kind: 'Deployment', namespace, name });
    const deployment = this.#last?.desired.objects.find((o) => o.object.kind === 'Deployment' && keyOf(o.object) === key)?.object as unknown as Deployment | undefined;
    const live = this.#last?.live.deployments?.get(key);
    if (!deployment || !live) throw new ControllerNotFoundError(`deployment ${namespace}/${name}`, 'berth get deployments -A lists the ones this controller has rolled out');
    const sync: DeploymentSync = undoDeployment(deployment, live, now, toRevision);
    this.store.put(DEPLOYMENT + key, sync.record);
    const current = sync.history.find((h) => h.current)!;
    return { ...current };
  }
}

function keyOf(o: { kind?: string; metadata?: { namespace?: string; name?: string } }): string {
  return keyString({ kind: o.kind!, namespace: o.metadata?.namespace ?? 'default', name: o.metadata!.name! });
}

function objectOf(key: string): Decision['object'] {
  const [kind, namespace, ...rest] = key.split('/');
  return { kind, ...(namespace ? { namespace } : {}), name: rest.join('/') };
}
