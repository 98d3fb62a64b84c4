import type { Pod } from 'kubernetes-types/core/v1';
import type { LiveSnapshot } from '../plan';

/**
 * The pods as `berth get pods` shows them: each desired pod with the status its host reports (Pending with
 * PodScheduled False and the scheduler's message when it fits nowhere), then the pods still running that git no
 * longer wants, marked as terminating. Pure.
 */
export function podsWithStatus(desired: readonly Pod[], live: LiveSnapshot, unschedulable: ReadonlyMap<string, string>, now: Date): Pod[] {
  const running = new Map<string, Pod>();
  for (const host of live.hosts) for (const pod of host.pods) running.set(`${host.name}/${key(pod)}`, pod);
  const shown: Pod[] = [];
  const wanted = new Set<string>();
  for (const pod of desired) {
    const node = pod.spec?.nodeName;
    const reported = node ? running.get(`${node}/${key(pod)}`) : undefined;
    if (node) wanted.add(`${node}/${key(pod)}`);
    if (reported?.status) {
      shown.push({ ...pod, metadata: { ...pod.metadata, uid: reported.metadata?.uid ?? pod.metadata?.uid }, status: reported.status });
      continue;
    }
    const message = unschedulable.get(key(pod));
    const status: Pod['status'] = message
      ? { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastTransitionTime: now.toISOString() }] }
      : { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: node ? 'True' : 'False' }] };
    shown.push({ ...pod, status });
  }
  for (const [at, pod] of running) {
    if (wanted.has(at)) continue;
    const host = at.slice(0, at.indexOf('/'));
    shown.push({ ...pod, metadata: { ...pod.metadata, deletionTimestamp: now.toISOString() }, spec: { ...pod.spec!, nodeName: host } });
  }
  return shown;
}

function key(pod: Pod): string {
  return `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name}`;
}
