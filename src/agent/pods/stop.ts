// Stopping one container gracefully, as the kubelet's killContainer: run its lifecycle.preStop hook (exec or
// httpGet), then the stop signal, then SIGKILL when the grace period runs out. The grace period counts the hook too:
// whatever the hook used is taken from the time left for SIGTERM (at least 2 s, the kubelet's minimumGracePeriod).
import type { Container, LifecycleHandler } from 'kubernetes-types/core/v1';
import { sleep } from '../../common';
import { httpGetProbe, resolvePort } from '../probes';
import type { ContainerRuntime } from '../runtime';

/** The kubelet never gives a container less than this to stop after its hook (minimumGracePeriodInSeconds). */
export const MINIMUM_GRACE_SECONDS = 2;

export interface StopTarget {
  id: string;
  /** The container's spec, for its preStop hook; unknown (an adopted container of a forgotten spec): no hook. */
  spec?: Container;
  /** The pod's address, the host of an httpGet hook unless it names one. */
  podIP?: string;
}

/** Runs the preStop hook (bounded by the grace period), then stops the container with what is left of it. */
export async function stopGracefully(runtime: ContainerRuntime, target: StopTarget, graceSeconds: number, log?: (message: string) => void): Promise<void> {
  const hook = target.spec?.lifecycle?.preStop;
  let left = graceSeconds;
  if (hook && graceSeconds > 0) {
    const started = Date.now();
    const failure = await runHook(runtime, hook, target, graceSeconds * 1000);
    // As the kubelet: a failed hook is reported (event FailedPreStopHook), and the container is stopped all the same.
    if (failure) log?.(`preStop hook of ${target.spec!.name} failed: ${failure}`);
    left = Math.max(MINIMUM_GRACE_SECONDS, graceSeconds - Math.floor((Date.now() - started) / 1000));
  }
  await runtime.stop(target.id, left);
}

/** Runs a lifecycle handler; returns undefined on success, else why it failed (a timeout included). */
export async function runHook(runtime: ContainerRuntime, hook: LifecycleHandler, target: StopTarget, timeoutMs: number): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`timed out after ${Math.round(timeoutMs / 1000)}s`), timeoutMs);
  });
  try {
    return await Promise.race([runHandler(runtime, hook, target, timeoutMs).catch((err: unknown) => (err instanceof Error ? err.message : String(err))), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function runHandler(runtime: ContainerRuntime, hook: LifecycleHandler, target: StopTarget, timeoutMs: number): Promise<string | undefined> {
  if (hook.exec) {
    const command = hook.exec.command ?? [];
    const { exitCode, stdout, stderr } = await runtime.exec(target.id, command, { timeoutMs });
    return exitCode === 0 ? undefined : `command ${JSON.stringify(command.join(' '))} exited with ${exitCode}: ${(stdout + stderr).trim()}`;
  }
  if (hook.httpGet) {
    const port = resolvePort(hook.httpGet.port, target.spec!);
    if (typeof port === 'string') return port;
    const host = hook.httpGet.host || target.podIP;
    if (!host) return 'the pod has no IP address';
    const { result, message } = await httpGetProbe({ ...hook.httpGet, host, port }, { timeoutMs });
    return result === 'Success' || result === 'Warning' ? undefined : message;
  }
  if (hook.sleep) {
    await sleep(hook.sleep!.seconds * 1000);
    return undefined;
  }
  return 'missing handler';
}
