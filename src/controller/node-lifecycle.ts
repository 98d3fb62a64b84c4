import type { Node, NodeCondition, Taint } from 'kubernetes-types/core/v1';
import type { HostFacts } from '../agent';
import { DEFAULT_TOLERATION_SECONDS, TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE } from '../scheduler';
import { hostNode, nodeConditions } from '../fleet';
import type { HostRecord } from './observe';

export { TAINT_NODE_UNREACHABLE as TAINT_UNREACHABLE, TAINT_NODE_NOT_READY as TAINT_NOT_READY } from '../scheduler';
/** Kubernetes' DefaultTolerationSeconds for not-ready and unreachable: pods leave a silent host after 5 minutes. */
export const DEFAULT_EVICTION_MS = DEFAULT_TOLERATION_SECONDS * 1000;

export interface NodeLifecycle {
  node: Node;
  ready: boolean;
  /** The host's pods are to be placed elsewhere: Ready has not been True for the eviction timeout. */
  evict: boolean;
}

/**
 * The node lifecycle controller's view of one host: its Node (declared in hosts.yaml, joined with the last report and
 * the heartbeat conditions) with the taints Kubernetes puts on a node that is not Ready (NoSchedule at once, so no new
 * pod lands there; NoExecute, after which its pods are evicted). Pure: `now` is passed in.
 */
export interface NodeObserved {
  record: HostRecord;
  /** What the host reported this pass; none when it did not answer. */
  facts: HostFacts | undefined;
  now: Date;
  /** Silence before NotReady. */
  graceMs: number;
  /** NotReady before its pods are evicted. */
  evictionMs: number;
}

export function nodeLifecycle(declared: Node, { record, facts, now, graceMs, evictionMs }: NodeObserved): { lifecycle: NodeLifecycle; conditions: NodeCondition[] } {
  const conditions = nodeConditions(
    { lastHeartbeat: record.lastHeartbeat ? new Date(record.lastHeartbeat) : undefined, lastError: record.lastError, previous: record.conditions },
    now,
    graceMs,
  );
  const node = withPressureTaints(hostNode(declared, { facts, agentVersion: facts?.agentVersion, conditions }), now);
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status === 'True') return { lifecycle: { node, ready: true, evict: false }, conditions };
  const key = ready?.status === 'False' ? TAINT_NODE_NOT_READY : TAINT_NODE_UNREACHABLE;
  // Never heard from: nothing of ours runs there, so there is nothing to evict and no reason to wait (the Unknown
  // condition has a transition time all the same, so the heartbeat decides).
  const since = record.lastHeartbeat ? (ready?.lastTransitionTime ?? record.lastHeartbeat) : undefined;
  const timeAdded = ready?.lastTransitionTime ?? now.toISOString();
  const taints: Taint[] = [
    ...(node.spec?.taints ?? []),
    { key, effect: 'NoSchedule', timeAdded },
    { key, effect: 'NoExecute', timeAdded },
  ];
  const silentFor = since ? now.getTime() - new Date(since).getTime() : Infinity;
  return { lifecycle: { node: { ...node, spec: { ...node.spec, taints } }, ready: false, evict: silentFor >= evictionMs }, conditions };
}

/** Kubernetes' TaintNodesByCondition: a host under DiskPressure (its agent's state folder full) takes no new pod. */
export const TAINT_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';

function withPressureTaints(node: Node, now: Date): Node {
  const pressure = node.status?.conditions?.find((c) => c.type === 'DiskPressure' && c.status === 'True');
  if (!pressure) return node;
  const taint: Taint = { key: TAINT_DISK_PRESSURE, effect: 'NoSchedule', timeAdded: pressure.lastTransitionTime ?? now.toISOString() };
  return { ...node, spec: { ...node.spec, taints: [...(node.spec?.taints ?? []), taint] } };
}
