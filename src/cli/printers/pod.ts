// `kubectl get pods` columns, following kubectl's printPod: READY counts ready containers, STATUS is the phase
// unless a container's waiting or terminated reason says more, RESTARTS adds when the last restart happened.
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1';
import { since } from '../humanize';

export const POD_COLUMNS = ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'];
export const POD_WIDE_COLUMNS = ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'];

export function podRow(pod: Pod, now: Date, wide: boolean): string[] {
  const { status, ready, total, restarts, lastRestart } = podStatus(pod);
  const restartCell = lastRestart ? `${restarts} (${since(lastRestart, now)} ago)` : String(restarts);
  const row = [pod.metadata?.name ?? '', `${ready}/${total}`, status, restartCell, since(pod.metadata?.creationTimestamp, now)];
  if (!wide) return row;
  const ip = pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>';
  const gates = pod.spec?.readinessGates ?? [];
  const gatesTrue = gates.filter((g) => pod.status?.conditions?.some((c) => c.type === g.conditionType && c.status === 'True')).length;
  return [...row, ip, pod.spec?.nodeName || '<none>', pod.status?.nominatedNodeName || '<none>', gates.length ? `${gatesTrue}/${gates.length}` : '<none>'];
}

export interface PodStatusSummary {
  status: string;
  ready: number;
  total: number;
  restarts: number;
  /** When the most recently restarted container last terminated. */
  lastRestart?: string;
}

export function podStatus(pod: Pod): PodStatusSummary {
  const spec = pod.spec;
  const st = pod.status ?? {};
  let reason: string = st.reason || st.phase || 'Unknown';
  if (st.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';
  const total = spec?.containers?.length ?? 0;
  let ready = 0;
  let restarts = 0;
  let lastRestart: string | undefined;
  const noteRestart = (c: ContainerStatus) => {
    restarts += c.restartCount ?? 0;
    const finished = c.lastState?.terminated?.finishedAt;
    if (finished && (!lastRestart || Date.parse(finished) > Date.parse(lastRestart))) lastRestart = finished;
  };

  let initializing = false;
  const inits = st.initContainerStatuses ?? [];
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i];
    noteRestart(c);
    const terminated = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (terminated) reason = terminated.reason ? `Init:${terminated.reason}` : terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode}`;
    else if (waiting?.reason && waiting.reason !== 'PodInitializing') reason = `Init:${waiting.reason}`;
    else reason = `Init:${i}/${spec?.initContainers?.length ?? inits.length}`;
    initializing = true;
    break;
  }

  const initialized = st.conditions?.some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = 0;
    lastRestart = undefined;
    let hasRunning = false;
    const statuses = st.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      noteRestart(c);
      const terminated = c.state?.terminated;
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    // A pod whose containers are partly Completed and partly still running is Running (or NotReady), not Completed.
    if (reason === 'Completed' && hasRunning) {
      reason = st.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }
  const terminal = st.phase === 'Succeeded' || st.phase === 'Failed';
  if (pod.metadata?.deletionTimestamp && st.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && !terminal) reason = 'Terminating';
  return { status: reason, ready, total, restarts, lastRestart };
}
