import type { Node, Pod } from 'kubernetes-types/core/v1';
import { compareStrings, PodIndex, podNamespace } from './order';
import type { LiveSnapshot } from './snapshot';

/**
 * A pod stays where it runs: a desired pod without spec.nodeName that already runs (same namespace/name) on a live
 * host gets that host, as a bound pod keeps its node in Kubernetes. The scheduler then places only the rest.
 * With `nodes`, only hosts still in the inventory are kept (pods on a removed host are placed anew). When a pod runs
 * on several hosts (a move in progress), the first host by name wins. Returns the pods in input order; adopted ones
 * are copies with spec.nodeName set, the others are the same objects.
 */
export function adoptLiveHosts(desiredPods: readonly Pod[], live: LiveSnapshot, nodes?: readonly Node[]): Pod[] {
  const inventory = nodes ? new Set(nodes.map((n) => n.metadata?.name)) : undefined;
  const running: Array<{ namespace: string; name: string; host: string }> = [];
  for (const h of live.hosts) {
    if (inventory && !inventory.has(h.name)) continue;
    for (const p of h.pods) running.push({ namespace: podNamespace(p), name: p.metadata?.name ?? '', host: h.name });
  }
  const { index } = PodIndex.of(running, (a, b) => (compareStrings(b.host, a.host) < 0 ? b : a));
  return desiredPods.map((pod) => {
    if (pod.spec?.nodeName) return pod;
    const host = index.get(pod)?.host;
    return host === undefined ? pod : { ...pod, spec: { ...pod.spec!, nodeName: host } };
  });
}
