// A host's v1 Node conditions from its agent's heartbeats, as Kubernetes' node lifecycle controller decides them:
// Ready=True while the agent answered within the grace period (40 s, kube-controller-manager's
// --node-monitor-grace-period); after that, Ready=Unknown with reason NodeStatusUnknown (what the controller sets when
// the kubelet stops posting; `kubectl get nodes` shows it as NotReady), back to True on the next answer. A host never
// heard from is Unknown with NodeStatusNeverUpdated. Pure: time is passed in.
import type { NodeCondition } from 'kubernetes-types/core/v1';

export const DEFAULT_GRACE_PERIOD_MS = 40_000;

export const REASON_AGENT_READY = 'AgentReady';
export const REASON_NODE_STATUS_UNKNOWN = 'NodeStatusUnknown';
export const REASON_NODE_STATUS_NEVER_UPDATED = 'NodeStatusNeverUpdated';

export interface Heartbeats {
  /** When the agent last answered. */
  lastHeartbeat?: Date;
  /** Why the last call failed, if it did (cleared by an answer). */
  lastError?: string;
  /** The conditions computed last time: they keep lastTransitionTime while the status stays. */
  previous?: readonly NodeCondition[];
}

export function nodeConditions({ lastHeartbeat, lastError, previous = [] }: Heartbeats, now: Date, gracePeriodMs = DEFAULT_GRACE_PERIOD_MS): NodeCondition[] {
  const before = previous.find((c) => c.type === 'Ready');
  let ready: NodeCondition;
  if (!lastHeartbeat) {
    ready = {
      type: 'Ready',
      status: 'Unknown',
      reason: REASON_NODE_STATUS_NEVER_UPDATED,
      message: lastError ? `Agent never answered: ${lastError}` : 'Agent never answered.',
    };
  } else if (now.getTime() - lastHeartbeat.getTime() <= gracePeriodMs) {
    ready = { type: 'Ready', status: 'True', reason: REASON_AGENT_READY, message: 'berth agent is answering', lastHeartbeatTime: kubeTime(lastHeartbeat) };
  } else {
    ready = {
      type: 'Ready',
      status: 'Unknown',
      reason: REASON_NODE_STATUS_UNKNOWN,
      message: `Agent stopped answering${lastError ? `: ${lastError}` : '.'}`,
      lastHeartbeatTime: kubeTime(lastHeartbeat),
    };
  }
  // The kubelet stamps the transition of its own True at the heartbeat that brought it; the controller stamps the
  // move to Unknown when it notices.
  ready.lastTransitionTime =
    before && before.status === ready.status && before.lastTransitionTime
      ? before.lastTransitionTime
      : kubeTime(ready.status === 'True' && lastHeartbeat ? lastHeartbeat : now);
  return [ready];
}

/** The Ready condition's status: 'True', 'False' or 'Unknown' ('Unknown' when there is none). */
export function readyStatus(conditions: readonly NodeCondition[]): string {
  return conditions.find((c) => c.type === 'Ready')?.status ?? 'Unknown';
}

/** metav1.Time's wire form: RFC 3339 in UTC, whole seconds. */
export function kubeTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
