// A pod's v1 PodStatus as the kubelet fills it (generateAPIPodStatus): phase, conditions, container statuses,
// addresses, start time and QoS class, from what runs (the runtime's instances), what the pod loop knows of
// containers that do not run (waiting reasons) and what the probes say. Pure: the previous status and now come in.
import type { ContainerStatus, Pod, PodStatus } from 'kubernetes-types/core/v1';
import { restartPolicyOf } from './restart';
import { podConditions } from './status-conditions';
import { containerStatuses, rfc3339, type ContainerInstance, type ProbeStatus, type WaitingReason } from './status-containers';
import { qosClass } from './status-qos';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

export interface PodStatusInput {
  pod: Pod;
  /** Every instance of the pod's containers the runtime has (several per container after restarts). */
  instances: readonly ContainerInstance[];
  /** By container name. */
  waiting?: Readonly<Record<string, WaitingReason | undefined>>;
  /** By container name; absent for a container without probes. */
  probes?: Readonly<Record<string, ProbeStatus | undefined>>;
  hostIP?: string;
  podIP?: string;
  /** The status reported last time: conditions keep their transition times, startTime is kept. */
  previous?: PodStatus;
  now: Date | string;
}

export function podStatus(input: PodStatusInput): PodStatus {
  const { pod, previous, hostIP, podIP } = input;
  const now = rfc3339(input.now)!;
  const initStatuses = containerStatuses(input, true);
  const statuses = containerStatuses(input, false);
  const computed = podPhase(pod, statuses, initStatuses);
  // The status manager refuses to move a pod out of a terminal phase.
  const phase = previous?.phase === 'Succeeded' || previous?.phase === 'Failed' ? (previous.phase as PodPhase) : computed;
  const status: PodStatus = {
    phase,
    conditions: podConditions(pod, { statuses, initStatuses, phase }, previous, now),
  };
  if (hostIP) Object.assign(status, { hostIP, hostIPs: [{ ip: hostIP }] });
  if (podIP) Object.assign(status, { podIP, podIPs: [{ ip: podIP }] });
  status.startTime = previous?.startTime ?? now;
  if (initStatuses.length) status.initContainerStatuses = initStatuses;
  status.containerStatuses = statuses;
  status.qosClass = qosClass(pod);
  return status;
}

/** The kubelet's getPhase, for the container statuses above. */
export function podPhase(pod: Pod, statuses: ContainerStatus[], initStatuses: ContainerStatus[]): PodPhase {
  const policy = restartPolicyOf(pod);
  let pendingInitialization = 0;
  let failedInitialization = 0;
  for (const c of pod.spec?.initContainers ?? []) {
    const s = initStatuses.find((x) => x.name === c.name);
    if (!s || s.state?.running) pendingInitialization++;
    else if (s.state?.terminated) {
      if (s.state.terminated.exitCode !== 0) failedInitialization++;
    } else if (s.lastState?.terminated) {
      if (s.lastState.terminated.exitCode !== 0) failedInitialization++;
    } else pendingInitialization++;
  }
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of pod.spec?.containers ?? []) {
    const s = statuses.find((x) => x.name === c.name);
    if (!s) unknown++;
    else if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }
  if (failedInitialization > 0 && policy === 'Never') return 'Failed';
  if (pendingInitialization > 0 || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    // Every container stopped: Always restarts them all; otherwise success or failure decides, OnFailure restarting.
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

export { qosClass, type QOSClass } from './status-qos';
export {
  instanceOf,
  terminatedReason,
  imageRef,
  rfc3339,
  REASON_CONTAINER_CREATING,
  REASON_POD_INITIALIZING,
  REASON_COMPLETED,
  REASON_ERROR,
  REASON_OOM_KILLED,
  REASON_CONTAINER_CANNOT_RUN,
  type ContainerInstance,
  type WaitingReason,
  type ProbeStatus,
} from './status-containers';
export {
  REASON_CONTAINERS_NOT_INITIALIZED,
  REASON_CONTAINERS_NOT_READY,
  REASON_READINESS_GATES_NOT_READY,
  REASON_POD_COMPLETED,
} from './status-conditions';
