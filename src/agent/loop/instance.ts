// Syncing one version of a pod (one uid and spec hash, in its own sandbox): volumes, then syncPod with the restart
// policy and back-off, then the probes. Every failure ends up as a container's waiting reason, never thrown.
import type { ConfigMap, Container, Pod, Secret } from 'kubernetes-types/core/v1';
import { BerthError } from '../../errors';
import { crashBackOffMessage, EVENT_BACK_OFF, EVENT_OOM_KILLED, pullBackOffMessage, type PodEventRecorder } from '../events';
import { podUid, SANDBOX_CONTAINER } from '../labels';
import type { CrashLoopBackOff } from '../pods/backoff';
import type { ImagePullBackOff } from '../pods/image-backoff';
import { REASON_IMAGE_PULL_BACK_OFF } from '../pods/image-backoff';
import { REASON_CRASH_LOOP_BACK_OFF, restartDecider } from '../pods/restart';
import { REASON_CONTAINER_CREATING, type WaitingReason } from '../pods/status';
import { syncPod, type SyncResult } from '../pods/sync';
import type { PodObservation, ProbeManager } from '../probes';
import type { ContainerRuntime, ObservedContainer } from '../runtime';
import type { DesiredSet } from '../state';
import { resolvePodMounts, type Mount } from '../volumes';
import type { InstanceRecord } from './book';

export interface InstanceDeps {
  runtime: ContainerRuntime;
  probes: ProbeManager;
  backoff: CrashLoopBackOff;
  pullBackoff: ImagePullBackOff;
  cluster: string;
  stateDir: string;
  runtimeDir: string;
  hostName: string;
  hostIP?: string;
  allowHostPath: boolean;
  allowPrivileged: boolean;
  /** The pods' events (the kubelet's), reported with them. */
  events: PodEventRecorder;
}

export interface InstanceSync {
  key: string;
  pod: Pod;
  observed: readonly ObservedContainer[];
  set: DesiredSet;
  record: InstanceRecord;
  now: Date;
}

/** Syncs one version of a pod; returns syncPod's result (undefined when its volumes could not be set up). */
export async function syncInstance(deps: InstanceDeps, { key, pod, observed, set, record, now }: InstanceSync): Promise<SyncResult | undefined> {
  const namespace = pod.metadata?.namespace ?? 'default';
  let mounts: Record<string, Mount[]>;
  try {
    mounts = await resolvePodMounts(pod, {
      stateDir: deps.stateDir,
      runtimeDir: deps.runtimeDir,
      allowHostPath: deps.allowHostPath,
      configMaps: set.configMaps,
      secrets: set.secrets,
      persistentVolumes: set.persistentVolumes,
      persistentVolumeClaims: set.persistentVolumeClaims,
    });
  } catch (err) {
    // The kubelet keeps such a pod in ContainerCreating (event FailedMount) and retries.
    record.waiting = allWaiting(pod, creating(err));
    return undefined;
  }
  const waiting: Record<string, WaitingReason> = {};
  const decide = restartDecider(pod, deps.backoff, (container, decision) => {
    if (decision.action === 'backoff') waiting[container.name] = { reason: decision.reason, message: decision.message };
  });
  const shouldRestart = (container: Container, last: ObservedContainer, at: Date) => decide(container, last, at);
  const result = await syncPod(deps.runtime, pod, observed, {
    cluster: deps.cluster,
    now,
    hostIP: deps.hostIP,
    nodeName: deps.hostName,
    configMaps: byName<ConfigMap>(set.configMaps, namespace),
    secrets: byName<Secret>(set.secrets, namespace),
    mounts: (container) => mounts[container.name] ?? [],
    recordEvent: (event) => deps.events.record(pod, event),
    allowPrivileged: deps.allowPrivileged,
    shouldRestart,
    pullBackoff: deps.pullBackoff,
    sandboxBackoff: deps.backoff,
  });
  const sandboxFailure = result.waiting[SANDBOX_CONTAINER];
  const { [SANDBOX_CONTAINER]: _sandbox, ...containers } = result.waiting;
  const before = record.waiting;
  record.waiting = {
    ...(sandboxFailure ? allWaiting(pod, { reason: REASON_CONTAINER_CREATING, message: `FailedCreatePodSandBox: ${sandboxFailure.message}` }) : {}),
    ...waiting,
    ...containers,
  };
  backOffEvents(deps.events, pod, before, record.waiting);
  deps.probes.updatePod(key, probeObservation(pod, await withStarted(deps.runtime, observed, result)));
  return result;
}

/**
 * What was observed, with the containers this sync started read back: their probes start now, as the kubelet's
 * start event syncs the pod and runs its readiness probe, not on the next pass.
 */
async function withStarted(runtime: ContainerRuntime, observed: readonly ObservedContainer[], result: SyncResult): Promise<readonly ObservedContainer[]> {
  const started = new Set(result.actions.filter((a) => a.type === 'start').map((a) => a.id));
  if (started.size === 0) return observed;
  const fresh = await Promise.all([...started].map((id) => runtime.inspect(id).catch(() => undefined)));
  const found = fresh.filter((c): c is ObservedContainer => c !== undefined);
  return [...observed.filter((c) => !started.has(c.id)), ...found];
}

/** The current instance of each container (the newest, joined to the running sandbox), as the probes want it. */
export function probeObservation(pod: Pod, observed: readonly ObservedContainer[]): PodObservation {
  const uid = podUid(pod);
  const sandbox = currentSandbox(observed.filter((c) => c.identity.podUid === uid));
  const containers: PodObservation['containers'] = {};
  for (const c of pod.spec?.containers ?? []) {
    const current = newestIn(observed, c.name, sandbox);
    containers[c.name] = current && { id: current.id, running: current.state === 'running', startedAt: current.startedAt ? Date.parse(current.startedAt) : undefined };
  }
  return { pod, podIP: pod.spec?.hostNetwork ? undefined : sandbox?.ip, containers };
}

export function currentSandbox(observed: readonly ObservedContainer[]): ObservedContainer | undefined {
  return observed
    .filter((c) => c.identity.container === SANDBOX_CONTAINER && c.state === 'running')
    .sort((a, b) => b.identity.attempt - a.identity.attempt)[0];
}

/** The newest instance of a container in this sandbox. */
export function newestIn(observed: readonly ObservedContainer[], name: string, sandbox: ObservedContainer | undefined): ObservedContainer | undefined {
  if (!sandbox) return undefined;
  return observed
    .filter((c) => c.identity.container === name && c.networkMode === `container:${sandbox.id}`)
    .sort((a, b) => b.identity.attempt - a.identity.attempt)[0];
}

/**
 * A BackOff event each time a container enters a back-off (crash loop or image pull), not on every pass it waits
 * there: a repeat bumps the event's count once per back-off, as often as the container is tried again.
 */
function backOffEvents(events: PodEventRecorder, pod: Pod, before: Record<string, WaitingReason>, after: Record<string, WaitingReason>): void {
  for (const [name, w] of Object.entries(after)) {
    if (before[name]?.reason === w.reason) continue;
    const init = (pod.spec?.initContainers ?? []).some((c) => c.name === name);
    const where = { container: name, ...(init ? { init } : {}) };
    if (w.reason === REASON_CRASH_LOOP_BACK_OFF) events.record(pod, { type: 'Warning', reason: EVENT_BACK_OFF, message: crashBackOffMessage(name, pod.metadata ?? {}), ...where });
    if (w.reason === REASON_IMAGE_PULL_BACK_OFF) {
      const image = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((c) => c.name === name)?.image ?? '';
      events.record(pod, { type: 'Normal', reason: EVENT_BACK_OFF, message: pullBackOffMessage(image), ...where });
    }
  }
}

/**
 * An OOMKilled event once per container instance, however many passes see it exited, whether or not the pod runs on
 * (a pod that finished is never synced again, yet its last container may be the one killed): the kubelet reports the
 * kill in the container's terminated state; the event makes it visible in `berth events` too.
 */
export function recordOomKills(events: PodEventRecorder, pod: Pod, observed: readonly ObservedContainer[]): void {
  for (const c of observed) {
    if (!c.oomKilled || c.identity.container === SANDBOX_CONTAINER) continue;
    const container = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((x) => x.name === c.identity.container);
    if (container) events.recordOnce(pod, `oom:${c.id}`, { type: 'Warning', reason: EVENT_OOM_KILLED, message: oomMessage(container, c), container: container.name });
  }
}

function oomMessage(container: Container, last: ObservedContainer): string {
  const limit = container.resources?.limits?.memory;
  return `Container ${container.name} was OOM-killed (exit code ${last.exitCode})${limit ? `: it used more than its memory limit of ${limit}` : ''}`;
}

function byName<T extends { metadata?: { name?: string; namespace?: string } }>(objects: readonly T[], namespace: string): Map<string, T> {
  return new Map(objects.filter((o) => (o.metadata?.namespace ?? 'default') === namespace).map((o) => [o.metadata!.name!, o]));
}

function creating(err: unknown): WaitingReason {
  const code = err instanceof BerthError ? `${err.code}: ` : '';
  return { reason: REASON_CONTAINER_CREATING, message: `${code}${err instanceof Error ? err.message : String(err)}` };
}

function allWaiting(pod: Pod, reason: WaitingReason): Record<string, WaitingReason> {
  const names = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => c.name);
  return Object.fromEntries(names.map((n) => [n, reason]));
}
