import type { Pod } from 'kubernetes-types/core/v1';
import type { LiveSnapshot } from '../plan';
import { liveKey, sameLive, type LiveKey } from './live-key';

/**
 * Every pod the agents report, with spec.nodeName set to its host; a pod the last pass no longer wanted on that host
 * is being stopped, and gets metadata.deletionTimestamp as the API server would set it (the workload controllers
 * then do not count it as active).
 */
export function reportedPods(snapshot: LiveSnapshot, wanted: ReadonlySet<string> | undefined, now: Date): Pod[] {
  // The same reports and the same wanted set as the last call, which stopped nothing: the same answer.
  const key = liveKey(snapshot);
  if (lastReported && lastReported.wanted === wanted && sameLive(lastReported.live, key)) return lastReported.out;
  let stopped = false;
  const out: Pod[] = [];
  const time = now.toISOString();
  for (const host of snapshot.hosts) {
    for (const pod of host.pods) {
      if (!pod.spec?.containers?.length) continue; // a silent host's last-known placement, not a report
      // Agents report their pods as sent, spec.nodeName set: only a pod without it is copied (once per object).
      const placed = pod.spec.nodeName === host.name ? pod : withNode(pod, host.name);
      const stopping = wanted !== undefined && !wanted.has(placedKey(placed));
      stopped ||= stopping;
      out.push(stopping && !pod.metadata?.deletionTimestamp ? { ...placed, metadata: { ...pod.metadata, deletionTimestamp: time } } : placed);
    }
  }
  // A pod being stopped carries this call's time: no later call may answer with it.
  lastReported = stopped ? undefined : { live: key, wanted, out };
  return out;
}

let lastReported: { live: LiveKey; wanted: ReadonlySet<string> | undefined; out: Pod[] } | undefined;

/** `host/namespace/name` of a pod with spec.nodeName, once per object (reports are the same objects while unchanged). */
function placedKey(pod: Pod): string {
  let key = placedKeys.get(pod);
  if (key === undefined) placedKeys.set(pod, (key = `${pod.spec!.nodeName}/${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name}`));
  return key;
}
const placedKeys = new WeakMap<Pod, string>();

function withNode(pod: Pod, host: string): Pod {
  const known = onHost.get(pod);
  if (known?.spec?.nodeName === host) return known;
  const placed = { ...pod, spec: { ...pod.spec!, nodeName: host } };
  onHost.set(pod, placed);
  return placed;
}
const onHost = new WeakMap<Pod, Pod>();

/** Pods by their controller: `Kind/namespace/name` of the ownerReference with controller true. */
export function podsByOwner(pods: readonly Pod[]): Map<string, Pod[]> {
  if (lastByOwner?.pods === pods) return lastByOwner.out;
  const out = new Map<string, Pod[]>();
  for (const pod of pods) {
    const key = ownerKey(pod);
    if (!key) continue;
    const list = out.get(key);
    if (list) list.push(pod);
    else out.set(key, [pod]);
  }
  lastByOwner = { pods, out };
  return out;
}

// The last call's answer: a steady pass hands in the very list reportedPods gave the pass before.
let lastByOwner: { pods: readonly Pod[]; out: Map<string, Pod[]> } | undefined;

function ownerKey(pod: Pod): string {
  let key = ownerKeys.get(pod);
  if (key === undefined) {
    const owner = pod.metadata?.ownerReferences?.find((r) => r.controller);
    key = owner ? `${owner.kind}/${pod.metadata?.namespace ?? 'default'}/${owner.name}` : '';
    ownerKeys.set(pod, key);
  }
  return key;
}
const ownerKeys = new WeakMap<Pod, string>();
