// A pod's containerStatuses and initContainerStatuses, as the kubelet's convertToAPIContainerStatuses fills them from
// the runtime's instances: the newest instance gives state, the one before it lastState; a waiting reason the agent
// knows (ErrImagePull, CrashLoopBackOff, …) replaces the state of a container that is not running and will start
// again, the terminated instance moving to lastState.
import type { Container, ContainerState, ContainerStatus, Pod } from 'kubernetes-types/core/v1';
import type { ObservedContainer } from '../runtime';
import { initContainerOutcome, restartPolicyOf, shouldRestart } from './restart';

/** One instance of a pod's container, as the runtime reports it. Times are ISO 8601. */
export interface ContainerInstance {
  /** The container's name in the pod spec. */
  name: string;
  id: string;
  state: 'created' | 'running' | 'exited';
  exitCode: number;
  startedAt?: string;
  finishedAt?: string;
  oomKilled: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  /** Docker's error when the instance could not start (no such executable, …). */
  error?: string;
}

/** Why a container is not running, as the pod loop knows it: ContainerCreating, ErrImagePull, CrashLoopBackOff, … */
export interface WaitingReason {
  reason: string;
  message?: string;
}

/** What the probes say of a container; absent when it has none. */
export interface ProbeStatus {
  started: boolean;
  ready: boolean;
}

export const REASON_CONTAINER_CREATING = 'ContainerCreating';
export const REASON_POD_INITIALIZING = 'PodInitializing';
export const REASON_COMPLETED = 'Completed';
export const REASON_ERROR = 'Error';
export const REASON_OOM_KILLED = 'OOMKilled';
/** Docker created the container but could not start it (dockershim's reason). */
export const REASON_CONTAINER_CANNOT_RUN = 'ContainerCannotRun';

/** A runtime's observed container as a status input. */
export function instanceOf(c: ObservedContainer): ContainerInstance {
  return {
    name: c.identity.container,
    id: c.id,
    state: c.state,
    exitCode: c.exitCode,
    startedAt: c.startedAt,
    finishedAt: c.finishedAt,
    oomKilled: c.oomKilled,
    restartCount: c.identity.restartCount,
    image: c.image,
    imageID: c.imageId,
    error: c.error,
  };
}

export interface ContainerStatusInput {
  pod: Pod;
  instances: readonly ContainerInstance[];
  waiting?: Readonly<Record<string, WaitingReason | undefined>>;
  probes?: Readonly<Record<string, ProbeStatus | undefined>>;
}

export function containerStatuses(input: ContainerStatusInput, init: boolean): ContainerStatus[] {
  const spec = input.pod.spec;
  const containers = (init ? spec?.initContainers : spec?.containers) ?? [];
  // Before a container's first instance, the kubelet says PodInitializing in pods with init containers.
  const defaultReason = spec?.initContainers?.length ? REASON_POD_INITIALIZING : REASON_CONTAINER_CREATING;
  return containers.map((c) => containerStatus(input, c, init, defaultReason));
}

function containerStatus(input: ContainerStatusInput, container: Container, init: boolean, defaultReason: string): ContainerStatus {
  const [newest, previous] = input.instances
    .filter((i) => i.name === container.name)
    .sort((a, b) => b.restartCount - a.restartCount);
  const status: ContainerStatus = {
    name: container.name,
    state: { waiting: { reason: defaultReason } },
    lastState: {},
    ready: false,
    restartCount: newest?.restartCount ?? 0,
    image: newest?.image || container.image || '',
    imageID: newest ? imageRef(newest.imageID) : '',
    started: false,
  };
  if (newest) {
    status.containerID = `docker://${newest.id}`;
    status.state = stateOf(newest);
    if (previous?.state === 'exited') status.lastState = stateOf(previous);
  }
  const waiting = input.waiting?.[container.name];
  if (waiting && newest?.state !== 'running' && (newest?.state !== 'exited' || willRestart(input.pod, newest, init))) {
    if (newest?.state === 'exited') status.lastState = status.state;
    status.state = { waiting: { reason: waiting.reason, ...(waiting.message ? { message: waiting.message } : {}) } };
  }
  const running = status.state?.running !== undefined;
  const probes = input.probes?.[container.name];
  // Before the prober has a word on a container (just started, not yet registered), a container with a startup or
  // readiness probe is not started or not ready, as the kubelet's prober manager defaults them: a pod must never show
  // Ready before its readiness probe passed once (a rollout would count it available).
  status.started = running && (probes?.started ?? !container.startupProbe);
  if (init) status.ready = status.state?.terminated?.exitCode === 0;
  else status.ready = status.started && (probes?.ready ?? !container.readinessProbe);
  return status;
}

function willRestart(pod: Pod, exited: ContainerInstance, init: boolean): boolean {
  const policy = restartPolicyOf(pod);
  return init ? initContainerOutcome(policy, exited.exitCode) === 'restart' : shouldRestart(policy, exited.exitCode);
}

function stateOf(i: ContainerInstance): ContainerState {
  if (i.state === 'running') return { running: { startedAt: rfc3339(i.startedAt) } };
  if (i.state === 'created') return { waiting: { reason: REASON_CONTAINER_CREATING } };
  const terminated: ContainerState['terminated'] = {
    exitCode: i.exitCode,
    reason: terminatedReason(i),
    startedAt: rfc3339(i.startedAt),
    finishedAt: rfc3339(i.finishedAt),
    containerID: `docker://${i.id}`,
  };
  if (i.error && !i.oomKilled) terminated.message = i.error;
  return { terminated: dropUndefined(terminated) };
}

/** dockershim's reasons: the OOM killer first, then a failed start, then the exit code. */
export function terminatedReason(i: Pick<ContainerInstance, 'exitCode' | 'oomKilled' | 'error'>): string {
  if (i.oomKilled) return REASON_OOM_KILLED;
  if (i.error) return REASON_CONTAINER_CANNOT_RUN;
  return i.exitCode === 0 ? REASON_COMPLETED : REASON_ERROR;
}

/** The image id as dockershim reported it: docker-pullable://repo@sha256:… for pulled images, docker://sha256:… else. */
export function imageRef(imageID: string): string {
  if (!imageID || imageID.includes('://')) return imageID;
  return imageID.includes('@') ? `docker-pullable://${imageID}` : `docker://${imageID}`;
}

/** Kubernetes' metav1.Time: RFC 3339 to the second. Docker's zero time (0001-01-01) is no time. */
export function rfc3339(t: string | Date | undefined): string | undefined {
  if (t === undefined) return undefined;
  const ms = typeof t === 'string' ? Date.parse(t) : t.getTime();
  if (Number.isNaN(ms) || ms <= 0) return undefined;
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
