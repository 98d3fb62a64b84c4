// One pod's lifecycle on this host, level-triggered like the kubelet's SyncPod: from what runs now (observed), take
// the next steps toward the spec and return them. Calling it again with nothing changed does nothing.
// Order: sandbox → init containers one at a time, each to success → app containers.
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { BerthError } from '../../errors';
import {
  EVENT_CREATED, EVENT_FAILED, EVENT_PULLED, EVENT_PULLING, EVENT_STARTED,
  presentMessage, pulledMessage, pullFailedMessage, pullingMessage,
  type PodEventInput,
} from '../events';
import { defaultPullPolicy, specHashOf } from '../../manifest';
import { podUid, SANDBOX_CONTAINER } from '../labels';
import { containerSpec, type ContainerRuntime, type ObservedContainer, type PullPolicy } from '../runtime';
import { containerDone, finishedPhase } from './finished';
import { pullBackoffKey, REASON_ERR_IMAGE_PULL } from './image-backoff';
import { ensureSandbox, REASON_MISSING_SANDBOX, REASON_NEW_SANDBOX } from './sandbox';
import { instancesByName, pruneOlder } from './sync-instances';
import { graceSecondsOf, killPod, orphansOf } from './sync-kill';
import type { RestartDecider, SyncContext, SyncResult } from './sync-types';

/** restartPolicy Always, no back-off: the default until the back-off is wired in. */
export const alwaysRestart: RestartDecider = () => true;

export type { RestartDecider, SyncAction, SyncContext, SyncResult } from './sync-types';

export const REASON_MISSING = REASON_MISSING_SANDBOX;
export const REASON_RESTART = 'restart';
export const REASON_SANDBOX_CHANGED = REASON_NEW_SANDBOX;

/** `observed` may hold any containers of the cluster: only this pod's (uid and spec hash) are considered. */
export async function syncPod(runtime: ContainerRuntime, pod: Pod, observed: readonly ObservedContainer[], ctx: SyncContext): Promise<SyncResult> {
  const specHash = specHashOf(pod);
  const uid = podUid(pod);
  const mine = observed.filter((c) => c.identity.cluster === ctx.cluster && c.identity.podUid === uid && c.identity.specHash === specHash);
  const instances = instancesByName(mine);
  const result: SyncResult = { actions: [], waiting: {} };
  const base = { cluster: ctx.cluster, specHash };
  const shouldRestart = ctx.shouldRestart ?? alwaysRestart;

  // Containers whose sandbox is gone are stopped gracefully first (the pod loop does it in the background beforehand,
  // so a long grace period holds up no other pod; here they are found only when syncPod runs on its own).
  const orphans = orphansOf(mine);
  if (orphans.length) {
    const stopped = await killPod(runtime, orphans, graceSecondsOf(pod), { pod });
    result.actions.push(...stopped.map((a) => ({ ...a, reason: REASON_SANDBOX_CHANGED })));
  }
  // A pod that finished never runs again: not in a new sandbox after an engine restart, not after an agent restart.
  if (finishedPhase(pod, mine)) return result;
  try {
    const sandbox = await ensureSandbox(runtime, pod, instances.get(SANDBOX_CONTAINER) ?? [], ctx, result);
    result.sandboxId = sandbox.id;
    result.podIP = pod.spec?.hostNetwork ? ctx.hostIP : sandbox.ip;
  } catch (err) {
    result.waiting[SANDBOX_CONTAINER] = waitingOf(err);
    return result;
  }
  // Containers of an earlier sandbox are replaced, init containers first, as the kubelet does when it recreates a
  // sandbox. Their last instance is kept (logs, restart counts).
  const joined = `container:${result.sandboxId}`;
  /** The newest instance in this sandbox, if any. */
  const current = (name: string) => {
    const last = instances.get(name)?.[0];
    return last && last.networkMode === joined ? last : undefined;
  };
  /** Creates a first or replacement instance; after `previous` in attempt and restart count. */
  const replace = async (container: Container, reason: string): Promise<boolean> => {
    const list = instances.get(container.name) ?? [];
    const created = await run(container, list[0], list.length ? reason : REASON_MISSING);
    if (created) await pruneOlder(runtime, list, result.actions);
    return created;
  };

  const isInit = (container: Container) => (pod.spec?.initContainers ?? []).includes(container);
  const event = (container: Container, type: PodEventInput['type'], eventReason: string, message: string) =>
    ctx.recordEvent?.({ type, reason: eventReason, message, container: container.name, ...(isInit(container) ? { init: true } : {}) });
  /** The kubelet's "Error: …" event of a container that could not be created or started. */
  const failed = (container: Container, err: unknown) => {
    const waiting = waitingOf(err);
    result.waiting[container.name] = waiting;
    // A failed pull has its own event (pullImage), as the kubelet's image manager reports it.
    if (waiting.reason !== REASON_ERR_IMAGE_PULL) event(container, 'Warning', EVENT_FAILED, `Error: ${waiting.message}`);
  };

  const run = async (container: Container, previous: ObservedContainer | undefined, reason: string): Promise<boolean> => {
    const attempt = previous ? previous.identity.attempt + 1 : 0;
    const restartCount = previous ? previous.identity.restartCount + 1 : 0;
    try {
      if (!(await pullImage(runtime, uid, container, ctx, result, (type, r, m) => event(container, type, r, m)))) return false;
      const spec = containerSpec(pod, container, {
        ...base,
        attempt,
        restartCount,
        sandboxId: result.sandboxId!,
        podIP: result.podIP,
        hostIP: ctx.hostIP,
        nodeName: ctx.nodeName,
        configMaps: ctx.configMaps ?? new Map(),
        secrets: ctx.secrets ?? new Map(),
        mounts: ctx.mounts?.(container),
        allowPrivileged: ctx.allowPrivileged,
      });
      const id = await runtime.createContainer(spec);
      result.actions.push({ type: 'create', container: container.name, id, attempt, reason });
      event(container, 'Normal', EVENT_CREATED, `Created container ${container.name}`);
      await runtime.start(id);
      result.actions.push({ type: 'start', container: container.name, id });
      event(container, 'Normal', EVENT_STARTED, `Started container ${container.name}`);
      return true;
    } catch (err) {
      failed(container, err);
      return false;
    }
  };
  const start = async (container: Container, c: ObservedContainer): Promise<boolean> => {
    try {
      await runtime.start(c.id);
      result.actions.push({ type: 'start', container: container.name, id: c.id });
      event(container, 'Normal', EVENT_STARTED, `Started container ${container.name}`);
      return true;
    } catch (err) {
      failed(container, err);
      return false;
    }
  };

  const spec = pod.spec!;
  // Init containers ran already when an app container runs in this sandbox (their instances may be pruned since).
  const initialized = spec.containers.some((c) => current(c.name));
  if (!initialized) {
    for (const init of spec.initContainers ?? []) {
      const last = current(init.name);
      if (!last) {
        await replace(init, REASON_SANDBOX_CHANGED);
        return result;
      }
      if (last.state === 'created') {
        await start(init, last);
        return result;
      }
      if (last.state === 'running') return result;
      if (last.exitCode === 0) continue;
      if (shouldRestart(init, last, ctx.now)) await replace(init, REASON_RESTART);
      return result;
    }
  }

  for (const container of spec.containers) {
    const last = current(container.name);
    if (!last && containerDone(pod, instances.get(container.name)?.[0])) continue;
    if (!last) await replace(container, REASON_SANDBOX_CHANGED);
    else if (last.state === 'created') await start(container, last);
    else if (last.state === 'exited' && shouldRestart(container, last, ctx.now)) await replace(container, REASON_RESTART);
  }
  return result;
}

type EventSink = (type: PodEventInput['type'], reason: string, message: string) => void;

/**
 * Makes the container's image present unless its pulls are backing off; false: it is not (result.waiting says why).
 * Events as the kubelet's image manager: Pulling, then Pulled or Failed (with the registry's message); Pulled "already
 * present" when nothing was pulled. The back-off's own BackOff event is the pod loop's (once per back-off).
 */
async function pullImage(runtime: ContainerRuntime, uid: string, container: Container, ctx: SyncContext, result: SyncResult, event: EventSink): Promise<boolean> {
  const image = container.image!;
  const key = pullBackoffKey(uid, image);
  const decision = ctx.pullBackoff?.decide(key, image, ctx.now.getTime());
  if (decision?.action === 'backoff') {
    result.waiting[container.name] = { reason: decision.reason, message: decision.message };
    return false;
  }
  const began = performance.now();
  let pulled: boolean;
  try {
    pulled = await runtime.ensureImage(image, (container.imagePullPolicy as PullPolicy) ?? defaultPullPolicy(image), () => event('Normal', EVENT_PULLING, pullingMessage(image)));
  } catch (err) {
    if (err instanceof BerthError && err.code === REASON_ERR_IMAGE_PULL) {
      // The registry's own words ("manifest unknown"), without the "failed to pull image" the event already says.
      const cause = typeof err.data?.cause === 'string' ? err.data.cause : err.message;
      ctx.pullBackoff?.recordFailure(key, ctx.now.getTime(), `${err.code}: ${cause}`);
      event('Warning', EVENT_FAILED, pullFailedMessage(image, cause));
    }
    throw err;
  }
  ctx.pullBackoff?.recordSuccess(key);
  event('Normal', EVENT_PULLED, pulled ? pulledMessage(image, performance.now() - began) : presentMessage(image));
  return true;
}

export function waitingOf(err: unknown): { reason: string; message: string } {
  if (err instanceof BerthError) return { reason: err.code, message: err.message };
  return { reason: 'RuntimeError', message: err instanceof Error ? err.message : String(err) };
}

export { killPod, removePod, orphansOf, graceSecondsOf, DEFAULT_GRACE_SECONDS, REASON_KILL, type KillOptions } from './sync-kill';
export { stopGracefully, runHook, MINIMUM_GRACE_SECONDS, type StopTarget } from './stop';
export { REASON_PRUNE } from './sync-instances';
export { SandboxBackOff } from './sandbox';
