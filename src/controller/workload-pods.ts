import type { Pod } from 'kubernetes-types/core/v1';
import type { LiveSnapshot } from '../plan';

/**
 * Every pod the agents report, with spec.nodeName set to its host; a pod the last pass no longer wanted on that host
 * is being stopped, and gets metadata.deletionTimestamp as the API server would set it (the workload controllers
 * then do not count it as active).
 */
export function reportedPods(snapshot: LiveSnapshot, wanted: ReadonlySet<string> | undefined, now: Date): Pod[] {
  const out: Pod[] = [];
  const time = now.toISOString();
  for (const host of snapshot.hosts) {
    for (const pod of host.pods) {
      if (!pod.spec?.containers?.length) continue; // a silent host's last-known placement, not a report
      const at = `${host.name}/${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name}`;
      // Agents report their pods as sent, spec.nodeName set: only a pod without it is copied (once per object).
      const placed = pod.spec.nodeName === host.name ? pod : withNode(pod, host.name);
      const stopping = wanted !== undefined && !wanted.has(at);
      out.push(stopping && !pod.metadata?.deletionTimestamp ? { ...placed, metadata: { ...pod.metadata, deletionTimestamp: time } } : placed);
    }
  }
  return out;
}

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
  const out = new Map<string, Pod[]>();
  for (const pod of pods) {
    const owner = pod.metadata?.ownerReferences?.find((r) => r.controller);
    if (!owner) continue;
    const key = `${owner.kind}/${pod.metadata?.namespace ?? 'default'}/${owner.name}`;
    const list = out.get(key);
    if (list) list.push(pod);
    else out.set(key, [pod]);
  }
  return out;
}
