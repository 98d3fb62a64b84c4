// Stopping and removing a pod's containers: each app container through its preStop hook (stop.ts), the sandbox last.
import type { Pod } from 'kubernetes-types/core/v1';
import { SANDBOX_CONTAINER } from '../labels';
import type { ContainerRuntime, ObservedContainer } from '../runtime';
import { stopGracefully } from './stop';
import type { SyncAction } from './sync-types';

export const REASON_KILL = 'pod stopped';

/** Kubernetes' default terminationGracePeriodSeconds. */
export const DEFAULT_GRACE_SECONDS = 30;

export function graceSecondsOf(pod: Pod | undefined): number {
  return pod?.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
}

/**
 * Running containers of one version of a pod that its current sandbox does not hold: every running app container
 * once the sandbox died or was removed (an engine restart, a kill by hand), and any older sandbox still running.
 * Their network namespace is not the pod's any more; the kubelet kills them (killPodWithSyncResult: preStop hooks,
 * grace period) before it creates a new sandbox.
 */
export function orphansOf(observed: readonly ObservedContainer[]): ObservedContainer[] {
  const sandbox = observed
    .filter((c) => c.identity.container === SANDBOX_CONTAINER && c.state === 'running')
    .sort((a, b) => b.identity.attempt - a.identity.attempt)[0];
  return observed.filter((c) => c.state === 'running' && c.id !== sandbox?.id && (!sandbox || c.networkMode !== `container:${sandbox.id}`));
}

export interface KillOptions {
  /** The spec the containers run, for their preStop hooks. */
  pod?: Pod;
  log?: (message: string) => void;
}

/**
 * Stops the pod's app containers in parallel (preStop hook, stop signal, then SIGKILL when graceSeconds run out, as
 * the kubelet's killContainersWithSyncResult), then its sandbox at once: nothing in it needs a grace period, and an
 * httpGet hook needs its network until then.
 */
export async function killPod(runtime: ContainerRuntime, observed: readonly ObservedContainer[], graceSeconds: number, { pod, log }: KillOptions = {}): Promise<SyncAction[]> {
  const running = observed.filter((c) => c.state === 'running');
  const apps = running.filter((c) => c.identity.container !== SANDBOX_CONTAINER);
  const sandboxes = running.filter((c) => c.identity.container === SANDBOX_CONTAINER);
  const actions: SyncAction[] = [];
  const podIP = pod?.spec?.hostNetwork ? undefined : sandboxes[0]?.ip;
  const specOf = (name: string) => [...(pod?.spec?.containers ?? []), ...(pod?.spec?.initContainers ?? [])].find((c) => c.name === name);
  await Promise.all(apps.map((c) => stopGracefully(runtime, { id: c.id, spec: specOf(c.identity.container), podIP: podIP ?? c.ip }, graceSeconds, log)));
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
