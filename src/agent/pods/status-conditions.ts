// The pod conditions the kubelet owns (pkg/kubelet/status/generate.go): Initialized, Ready, ContainersReady; plus
// PodScheduled, which the scheduler sets in Kubernetes and Berth's controller implies by sending the pod here.
// A condition keeps its lastTransitionTime while its status does not change (the status manager's rule).
import type { ContainerStatus, Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1';

export const REASON_CONTAINERS_NOT_INITIALIZED = 'ContainersNotInitialized';
export const REASON_CONTAINERS_NOT_READY = 'ContainersNotReady';
export const REASON_READINESS_GATES_NOT_READY = 'ReadinessGatesNotReady';
export const REASON_POD_COMPLETED = 'PodCompleted';

type Condition = Omit<PodCondition, 'lastTransitionTime'>;

/** Go's %s of a []string. */
const list = (names: string[]) => `[${names.join(' ')}]`;

export function initializedCondition(pod: Pod, statuses: ContainerStatus[], initStatuses: ContainerStatus[], phase: string): Condition {
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of pod.spec?.initContainers ?? []) {
    const s = initStatuses.find((x) => x.name === c.name);
    if (!s) unknown.push(c.name);
    else if (!(s.state?.terminated?.exitCode === 0)) incomplete.push(c.name);
  }
  if (phase === 'Succeeded' && unknown.length === 0) return { type: 'Initialized', status: 'True', reason: REASON_POD_COMPLETED };
  // An app container that started means the pod was initialized before (its init containers' instances may be gone).
  if (statuses.some((s) => s.state?.running || s.state?.terminated || s.lastState?.terminated)) {
    return { type: 'Initialized', status: 'True' };
  }
  const messages = [
    ...(unknown.length ? [`containers with unknown status: ${list(unknown)}`] : []),
    ...(incomplete.length ? [`containers with incomplete status: ${list(incomplete)}`] : []),
  ];
  if (messages.length) return { type: 'Initialized', status: 'False', reason: REASON_CONTAINERS_NOT_INITIALIZED, message: messages.join(', ') };
  return { type: 'Initialized', status: 'True' };
}

export function containersReadyCondition(pod: Pod, statuses: ContainerStatus[], phase: string): Condition {
  const unknown: string[] = [];
  const unready: string[] = [];
  for (const c of pod.spec?.containers ?? []) {
    const s = statuses.find((x) => x.name === c.name);
    if (!s) unknown.push(c.name);
    else if (!s.ready) unready.push(c.name);
  }
  if (phase === 'Succeeded' && unknown.length === 0) return { type: 'ContainersReady', status: 'False', reason: REASON_POD_COMPLETED };
  const messages = [
    ...(unknown.length ? [`containers with unknown status: ${list(unknown)}`] : []),
    ...(unready.length ? [`containers with unready status: ${list(unready)}`] : []),
  ];
  if (messages.length) return { type: 'ContainersReady', status: 'False', reason: REASON_CONTAINERS_NOT_READY, message: messages.join(', ') };
  return { type: 'ContainersReady', status: 'True' };
}

/** Ready is ContainersReady, then every readiness gate's condition True (no one sets those in Berth). */
export function readyCondition(pod: Pod, containersReady: Condition, conditions: PodCondition[]): Condition {
  if (containersReady.status !== 'True') {
    return { type: 'Ready', status: containersReady.status, reason: containersReady.reason, message: containersReady.message };
  }
  const messages: string[] = [];
  for (const gate of pod.spec?.readinessGates ?? []) {
    const c = conditions.find((x) => x.type === gate.conditionType);
    if (!c) messages.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
    else if (c.status !== 'True') messages.push(`the status of pod readiness gate "${gate.conditionType}" is not "True", but ${c.status}`);
  }
  if (messages.length) return { type: 'Ready', status: 'False', reason: REASON_READINESS_GATES_NOT_READY, message: messages.join(', ') };
  return { type: 'Ready', status: 'True' };
}

/** In the kubelet's order: Initialized, Ready, ContainersReady, PodScheduled. */
export function podConditions(pod: Pod, { statuses, initStatuses, phase }: { statuses: ContainerStatus[]; initStatuses: ContainerStatus[]; phase: string }, previous: PodStatus | undefined, now: string): PodCondition[] {
  const containersReady = containersReadyCondition(pod, statuses, phase);
  const conditions: Condition[] = [
    initializedCondition(pod, statuses, initStatuses, phase),
    readyCondition(pod, containersReady, previous?.conditions ?? []),
    containersReady,
    { type: 'PodScheduled', status: 'True' },
  ];
  return conditions.map((c) => withTransition(c, previous?.conditions, now));
}

function withTransition(c: Condition, previous: PodCondition[] | undefined, now: string): PodCondition {
  const old = previous?.find((p) => p.type === c.type);
  const lastTransitionTime = old && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : now;
  const out: PodCondition = { type: c.type, status: c.status, lastTransitionTime };
  if (c.reason) out.reason = c.reason;
  if (c.message) out.message = c.message;
  return out;
}
