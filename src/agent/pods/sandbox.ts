// The pod's sandbox: reused while it runs; otherwise a new one, as the kubelet makes one when the old one stopped
// (an engine restart, a kill by hand: its network namespace is gone) — after a back-off when creating them fails.
import type { Pod } from 'kubernetes-types/core/v1';
import { specHashOf } from '../../manifest';
import { podUid, SANDBOX_CONTAINER } from '../labels';
import { RuntimeError, sandboxSpec, type ContainerRuntime, type ObservedContainer } from '../runtime';
import { backoffKey } from './backoff';
import { goDuration } from './restart';
import type { SyncContext, SyncResult } from './sync-types';

/** Why a container is created: it had no instance yet; its sandbox changed (re-exported by sync.ts). */
export const REASON_MISSING_SANDBOX = 'no instance';
export const REASON_NEW_SANDBOX = 'sandbox changed';

/**
 * A sandbox that cannot be created or started (a hostPort another process holds, an engine going down) is tried
 * again at once, then after 10 s, 20 s, … up to 5 min, as a crashing container: never on every pass. The back-off
 * is the pod's CrashLoopBackOff under the container name POD, which no container of a pod can have.
 */
export class SandboxBackOff extends RuntimeError {
  constructor(windowMs: number) {
    super(`back-off ${goDuration(windowMs)} creating the pod sandbox after it failed`, { windowMs }, 'SandboxBackOff');
  }
}

/** `list`: the version's sandboxes, newest first. Returns the running one. */
export async function ensureSandbox(runtime: ContainerRuntime, pod: Pod, list: readonly ObservedContainer[], ctx: SyncContext, result: SyncResult): Promise<ObservedContainer> {
  const last = list[0];
  if (last?.state === 'running') return last;
  const key = backoffKey(podUid(pod), SANDBOX_CONTAINER);
  const now = ctx.now.getTime();
  if ((ctx.sandboxBackoff?.delay(key, now) ?? 0) > 0) throw new SandboxBackOff(ctx.sandboxBackoff!.window(key));
  for (const old of list) {
    try {
      await runtime.remove(old.id);
      result.actions.push({ type: 'remove', container: SANDBOX_CONTAINER, id: old.id, reason: REASON_NEW_SANDBOX });
    } catch {
      // One Docker cannot remove (a mount left busy by an engine stopped while starting it) must not keep the pod
      // down: it stays, stopped, and goes with the pod.
    }
  }
  const attempt = last ? last.identity.attempt + 1 : 0;
  try {
    const image = await runtime.ensureSandboxImage();
    const spec = sandboxSpec(pod, { cluster: ctx.cluster, specHash: specHashOf(pod), attempt, restartCount: attempt, image, dns: ctx.dns });
    const id = await runtime.createContainer(spec);
    result.actions.push({ type: 'create', container: SANDBOX_CONTAINER, id, attempt, reason: last ? REASON_NEW_SANDBOX : REASON_MISSING_SANDBOX });
    await runtime.start(id);
    result.actions.push({ type: 'start', container: SANDBOX_CONTAINER, id });
    const sandbox = await runtime.inspect(id);
    ctx.sandboxBackoff?.forget(key);
    return sandbox;
  } catch (err) {
    ctx.sandboxBackoff?.recordExit(key, now, 0);
    throw err;
  }
}
