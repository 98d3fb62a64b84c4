// A version of a pod whose sandbox died or was removed: its app containers may still run, in a network namespace
// that is no longer the pod's. As the kubelet (killPodWithSyncResult before a new sandbox), they are stopped first,
// gracefully — preStop hooks, SIGTERM, the grace period, then SIGKILL — in the background, so a long grace period
// holds up no other pod; the version waits, and the pass after the stop makes its new sandbox.
import type { Pod } from 'kubernetes-types/core/v1';
import { killPod, orphansOf } from '../pods/sync';
import type { ContainerRuntime, ObservedContainer } from '../runtime';
import type { PodWorkers } from './workers';

/** Returns true while the version must wait: its orphaned containers are being stopped. */
export function stopOrphans({ book, tasks }: PodWorkers, deps: { runtime: ContainerRuntime; log?: (message: string) => void }, key: string, pod: Pod, observed: readonly ObservedContainer[]): boolean {
  const task = `sandbox:${key}`;
  if (tasks.has(task)) return true;
  const orphans = orphansOf(observed);
  if (orphans.length === 0) return false;
  const uid = key.slice(0, key.lastIndexOf('@'));
  const hash = key.slice(key.lastIndexOf('@') + 1);
  const names = orphans.map((c) => c.identity.container).join(', ');
  deps.log?.(`pod ${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name}: sandbox changed, stopping ${names} before a new one`);
  tasks.run(task, () => killPod(deps.runtime, orphans, book.graceOf(uid, hash), { pod: book.specOf(uid, hash) ?? pod, log: deps.log }).then(() => undefined));
  return true;
}
