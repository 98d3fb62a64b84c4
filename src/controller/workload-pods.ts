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
      const stopping = wanted !== undefined && !wanted.has(`${host.name}/${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name}`);
      const metadata = stopping && !pod.metadata?.deletionTimestamp ? { ...pod.metadata, deletionTimestamp: time } : pod.metadata;
      out.push({ ...pod, metadata, spec: { ...pod.spec, nodeName: host.name } });
    }
  }
  return out;
}

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
