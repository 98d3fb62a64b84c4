import type { Pod } from 'kubernetes-types/core/v1';
import { sameItems } from '../common';
import type { LiveSnapshot } from '../plan';
import { liveKey, sameLive, type LiveKey } from './live-key';

/**
 * The pods as `berth get pods` shows them: each desired pod with the status its host reports (Pending with
 * PodScheduled False and the scheduler's message when it fits nowhere), then the pods still running that git no
 * longer wants, marked as terminating. Pure. A steady pass hands in the same desired and reported pods as the last
 * one (the expansion's cache, the agents' 304s): each then keeps the copy it had, so nothing is built again.
 */
export function podsWithStatus(desired: readonly Pod[], live: LiveSnapshot, unschedulable: ReadonlyMap<string, string>, now: Date): Pod[] {
  // The same pods and reports as the last call, which used no clock: the same answer.
  const key = liveKey(live);
  const last = lastShown;
  if (last && unschedulable.size === 0 && sameItems(last.desired, desired) && sameLive(last.live, key)) return last.shown;
  let timed = unschedulable.size > 0;
  const byHost = new Map<string, Map<string, Pod>>();
  for (const host of live.hosts) byHost.set(host.name, podsByKey(host.pods));
  const matched = new Map<string, number>();
  const shown: Pod[] = [];
  for (const pod of desired) {
    const node = pod.spec?.nodeName;
    const reported = node ? byHost.get(node)?.get(keyOf(pod)) : undefined;
    if (reported) matched.set(node!, (matched.get(node!) ?? 0) + 1);
    if (reported?.status) {
      shown.push(withReport(pod, reported));
      continue;
    }
    const message = unschedulable.get(keyOf(pod));
    const status: Pod['status'] = message
      ? { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastTransitionTime: now.toISOString() }] }
      : { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: node ? 'True' : 'False' }] };
    shown.push({ ...pod, status });
  }
  // What runs and is not wanted there: looked for only on hosts that run more than was matched.
  let wanted: Set<string> | undefined;
  for (const [host, pods] of byHost) {
    if ((matched.get(host) ?? 0) === pods.size) continue;
    wanted ??= new Set(desired.filter((p) => p.spec?.nodeName).map((p) => `${p.spec!.nodeName}/${keyOf(p)}`));
    for (const [key, pod] of pods) {
      if (wanted.has(`${host}/${key}`)) continue;
      timed = true;
      shown.push({ ...pod, metadata: { ...pod.metadata, deletionTimestamp: now.toISOString() }, spec: { ...pod.spec!, nodeName: host } });
    }
  }
  lastShown = timed ? undefined : { desired, live: key, shown };
  return shown;
}

let lastShown: { desired: readonly Pod[]; live: LiveKey; shown: Pod[] } | undefined;

/** A host's reported pods by `namespace/name`, kept while the host's list is the same array. */
function podsByKey(pods: readonly Pod[]): Map<string, Pod> {
  let map = byKey.get(pods);
  if (!map) {
    map = new Map();
    for (const pod of pods) map.set(keyOf(pod), pod);
    byKey.set(pods, map);
  }
  return map;
}
const byKey = new WeakMap<readonly Pod[], Map<string, Pod>>();

/** The desired pod with its host's report: the same copy while both are the same. */
function withReport(pod: Pod, reported: Pod): Pod {
  const last = shownAs.get(pod);
  if (last?.reported === reported) return last.shown;
  const shown = { ...pod, metadata: { ...pod.metadata, uid: reported.metadata?.uid ?? pod.metadata?.uid }, status: reported.status };
  shownAs.set(pod, { reported, shown });
  return shown;
}
const shownAs = new WeakMap<Pod, { reported: Pod; shown: Pod }>();

function keyOf(pod: Pod): string {
  let key = keys.get(pod);
  if (key === undefined) keys.set(pod, (key = `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name}`));
  return key;
}
const keys = new WeakMap<Pod, string>();
