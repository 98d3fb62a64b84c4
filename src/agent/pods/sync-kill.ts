// Stopping and removing a pod's containers. preStop hooks belong to the caller (pods/ lifecycle), which runs them
// before killPod.
import { SANDBOX_CONTAINER } from '../labels';
import type { ContainerRuntime, ObservedContainer } from '../runtime';
import type { SyncAction } from './sync';

export const REASON_KILL = 'pod stopped';

/**
 * Stops the pod's app containers in parallel (their stop signal, then SIGKILL after graceSeconds, as the kubelet's
 * killContainersWithSyncResult), then its sandbox at once: nothing in it needs a grace period.
 */
export async function killPod(runtime: ContainerRuntime, observed: readonly ObservedContainer[], graceSeconds: number): Promise<SyncAction[]> {
  const running = observed.filter((c) => c.state === 'running');
  const apps = running.filter((c) => c.identity.container !== SANDBOX_CONTAINER);
  const sandboxes = running.filter((c) => c.identity.container === SANDBOX_CONTAINER);
  const actions: SyncAction[] = [];
  await Promise.all(apps.map((c) => runtime.stop(c.id, graceSeconds)));
  for (const c of apps) actions.push({ type: 'stop', container: c.identity.container, id: c.id, reason: REASON_KILL });
  await Promise.all(sandboxes.map((c) => runtime.stop(c.id, 0)));
  for (const c of sandboxes) actions.push({ type: 'stop', container: SANDBOX_CONTAINER, id: c.id, reason: REASON_KILL });
  return actions;
}

/** Removes every container of the pod (running ones forcefully: killPod first to stop them gracefully). */
export async function removePod(runtime: ContainerRuntime, observed: readonly ObservedContainer[]): Promise<SyncAction[]> {
  const apps = observed.filter((c) => c.identity.container !== SANDBOX_CONTAINER);
  const sandboxes = observed.filter((c) => c.identity.container === SANDBOX_CONTAINER);
  const actions: SyncAction[] = [];
  for (const c of [...apps, ...sandboxes]) {
    await runtime.remove(c.id);
    actions.push({ type: 'remove', container: c.identity.container, id: c.id, reason: REASON_KILL });
  }
  return actions;
}
