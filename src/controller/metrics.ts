import type { Pod } from 'kubernetes-types/core/v1';
import type { PodMetrics } from '../controllers';
import { agentClientFor, type Fleet } from '../fleet';

/** Usage of these pods (placed ones), asked of their hosts' agents in parallel: what the HPA reads, by pod name. */
export async function collectPodMetrics(fleet: Fleet, pods: readonly Pod[], timeoutMs: number): Promise<Map<string, PodMetrics>> {
  const byHost = new Map<string, Pod[]>();
  for (const pod of pods) {
    const host = pod.spec?.nodeName;
    if (!host || pod.status?.phase !== 'Running') continue;
    byHost.set(host, [...(byHost.get(host) ?? []), pod]);
  }
  const metrics = new Map<string, PodMetrics>();
  await fleet.fanOut(
    [...byHost.keys()],
    async (session) => {
      const agent = agentClientFor(session, undefined, { timeoutMs });
      for (const pod of byHost.get(session.host)!) {
        try {
          const stats = await agent.stats(pod.metadata!.namespace ?? 'default', pod.metadata!.name!);
          const sum = (f: (c: (typeof stats.containers)[number]) => number) => stats.containers.reduce((n, c) => n + f(c), 0);
          metrics.set(pod.metadata!.name!, {
            name: pod.metadata!.name!,
            cpuMillicores: sum((c) => c.cpuMillicores),
            memoryBytes: sum((c) => c.memoryBytes),
            timestamp: stats.containers[0]?.timestamp ?? new Date().toISOString(),
          });
        } catch {
          // A pod without metrics: the HPA treats it as Kubernetes does (conservatively).
        }
      }
    },
    { timeoutMs: timeoutMs * 4, what: 'stats' },
  );
  return metrics;
}
