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
      // An agent's unchanged report is the very same pods (a 304): each keeps the copy it had, built once.
      let seen = onHost.get(pod);
      if (seen?.host !== host.name) onHost.set(pod, (seen = { host: host.name, at: `${host.name}/${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name}`, pod: { ...pod, spec: { ...pod.spec, nodeName: host.name } } }));
      const stopping = wanted !== undefined && !wanted.has(seen.at);
      out.push(stopping && !pod.metadata?.deletionTimestamp ? { ...seen.pod, metadata: { ...pod.metadata, deletionTimestamp: time } } : seen.pod);
    }
  }
  return out;
}

/** A reported pod's copy with its host: the key `host/namespace/name` and the pod with spec.nodeName set. */
const onHost = new WeakMap<Pod, { host: string; at: string; pod: Pod }>();

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
