import type { Pod, PodCondition } from 'kubernetes-types/core/v1';
import { ANNOTATION_SPEC_HASH } from '../manifest';
import type { LiveHost } from '../plan';
import type { HostRecord } from './observe';

/**
 * The pods of a host that did not answer this pass, as the node lifecycle controller sees them: a status call that
 * times out once says nothing about the pods, so they keep what the host last reported (a Ready pod stays Ready and
 * keeps serving and counting toward its Deployment); once the host is NotReady, their Ready condition turns False, as
 * Kubernetes' MarkPodsNotReady does. After a controller restart nothing was reported yet: the host record's spec
 * hashes stand in, without status. Pure: `now` is passed in.
 */
export function silentHost(name: string, lastReported: Pod[] | undefined, record: HostRecord, hostReady: boolean, now: Date): LiveHost {
  if (!lastReported) return { name, pods: Object.entries(record.pods ?? {}).map(([key, hash]) => stubPod(key, hash)) };
  // The very array it reported: the plan keeps that host's index (LiveIndex) while nothing changes.
  if (hostReady) return { name, pods: lastReported };
  return { name, pods: lastReported.map((pod) => markNotReady(pod, name, now)) };
}

// Its containers are not counted ready either (ContainersReady False, each status ready: false): `berth get pods`
// shows 0/1 for a pod that serves no traffic, as the agent reports the pods of an engine that is down.
function markNotReady(pod: Pod, host: string, now: Date): Pod {
  const conditions = pod.status?.conditions ?? [];
  const ready = conditions.find((c) => c.type === 'Ready');
  const statuses = pod.status?.containerStatuses;
  if (ready?.status === 'False' && !statuses?.some((c) => c.ready)) return pod;
  const at = now.toISOString();
  const marked = (type: string): PodCondition => {
    const before = conditions.find((c) => c.type === type);
    if (before?.status === 'False') return before;
    return { type, status: 'False', reason: 'NodeNotReady', message: `host ${host} is not ready`, lastTransitionTime: at };
  };
  const next = conditions.map((c) => (c.type === 'Ready' || c.type === 'ContainersReady' ? marked(c.type) : c));
  if (!ready) next.push(marked('Ready'));
  return {
    ...pod,
    status: { ...pod.status, conditions: next, ...(statuses ? { containerStatuses: statuses.map((c) => (c.ready ? { ...c, ready: false } : c)) } : {}) },
  };
}

function stubPod(key: string, specHash: string): Pod {
  const at = key.indexOf('/');
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: key.slice(0, at), name: key.slice(at + 1), annotations: { [ANNOTATION_SPEC_HASH]: specHash } }, spec: { containers: [] } };
}
