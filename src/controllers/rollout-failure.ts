// Beyond Kubernetes: a new pod that cannot start fails its rollout in about a minute, not at progressDeadlineSeconds
// (ten minutes by default). Kubernetes leaves a Deployment whose image does not exist Progressing until the deadline;
// Berth reads the reason the kubelet (the agent) reports on the pod and fails the rollout with it, so rollout.ts rolls
// back. Pure: time is passed in.
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Container, ContainerStatus, Pod, Probe } from 'kubernetes-types/core/v1';
import { durationMs } from '../common';
import { ANNOTATION_ROLLOUT_FAILURE_TIMEOUT } from '../manifest';
import { isPodReady } from './rollout-pods';

/** cluster.yaml's spec.rollouts.failureTimeout when it says nothing. */
export const DEFAULT_ROLLOUT_FAILURE_TIMEOUT_MS = 60_000;

/**
 * Waiting reasons of a container that will not start without a change (the kubelet's, as the agent reports them):
 * after the failure timeout they fail the rollout. ContainerCreating and PodInitializing are not among them: a slow
 * pull of an image that exists is progress, which progressDeadlineSeconds measures.
 */
export const START_FAILURE_REASONS = [
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'CrashLoopBackOff',
] as const;
export type StartFailureReason = (typeof START_FAILURE_REASONS)[number];
/** A running container whose readiness (or startup) probe has not passed within its budget. */
export const REASON_READINESS_FAILED = 'ReadinessProbeFailed';

export interface PodFailure {
  cause: StartFailureReason | typeof REASON_READINESS_FAILED;
  reason: string;
}

/** cluster.yaml's spec.rollouts.failureTimeout in ms (validated by the manifest; the default when absent). */
export function clusterFailureTimeoutMs(text: string | undefined): number {
  return durationMs(text, DEFAULT_ROLLOUT_FAILURE_TIMEOUT_MS);
}

/**
 * The failure timeout of this Deployment in ms: its berth.dev/rollout-failure-timeout annotation (a duration, e.g.
 * 90s; 0 turns the check off, leaving progressDeadlineSeconds), else the cluster's. The manifest validates the
 * annotation; a value that does not parse here falls back to the cluster's.
 */
export function rolloutFailureTimeoutMs(d: Deployment, clusterMs = DEFAULT_ROLLOUT_FAILURE_TIMEOUT_MS): number {
  return durationMs(d.metadata?.annotations?.[ANNOTATION_ROLLOUT_FAILURE_TIMEOUT], clusterMs);
}

/**
 * Why this pod of a new ReplicaSet has failed to start, if it has: not Ready for `timeoutMs` (since its Ready
 * condition last turned False, or since it started) and one of its containers waits for a START_FAILURE_REASONS
 * reason, has restarted and is not ready (a crash loop caught between two crashes), or runs unready past its probes'
 * own budget when that is longer. A pod without those times is left to the progress deadline.
 */
export function podStartFailure(pod: Pod, nowMs: number, timeoutMs: number): PodFailure | undefined {
  if (timeoutMs <= 0 || isPodReady(pod) || onFailedHost(pod)) return undefined;
  const since = notReadySince(pod);
  if (since === undefined || nowMs - since < timeoutMs) return undefined;
  const name = pod.metadata?.name;
  const init = pod.status?.initContainerStatuses ?? [];
  for (const s of [...init, ...(pod.status?.containerStatuses ?? [])]) {
    if (s.ready) continue;
    const of = `container ${s.name} of pod ${name}`;
    const waiting = s.state?.waiting;
    if (waiting?.reason && (START_FAILURE_REASONS as readonly string[]).includes(waiting.reason)) {
      return { cause: waiting.reason as StartFailureReason, reason: `${of}: ${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}` };
    }
    if (s.restartCount > 0 && (s.state?.running || s.state?.terminated)) {
      return { cause: 'CrashLoopBackOff', reason: `${of} keeps crashing (${s.restartCount} restarts${lastExit(s)})` };
    }
    // An init container that runs long is working (a migration), not failing: only app containers have probes.
    const spec = init.includes(s) ? undefined : pod.spec?.containers.find((c) => c.name === s.name);
    if (s.state?.running && spec && nowMs - since >= Math.max(timeoutMs, probeBudgetMs(spec))) {
      const probe = s.started === false && spec.startupProbe ? 'startup' : 'readiness';
      return { cause: REASON_READINESS_FAILED, reason: `${of} runs but its ${probe} probe has not passed in ${Math.round((nowMs - since) / 1000)} s` };
    }
  }
  return undefined;
}

/**
 * Reasons a pod is not Ready that are its host's, not its own: a host gone silent (NodeNotReady, as the node lifecycle
 * controller marks pods) or whose Docker Engine does not answer. Not a reason to roll back the template; the taint
 * manager moves such pods, and the progress deadline still counts.
 */
const HOST_FAULT_REASONS: readonly string[] = ['NodeNotReady', 'ContainerRuntimeDown'];

function onFailedHost(pod: Pod): boolean {
  const reason = pod.status?.conditions?.find((c) => c.type === 'Ready')?.reason;
  return reason !== undefined && HOST_FAULT_REASONS.includes(reason);
}

/** When the pod's Ready condition last turned False, or when it started: the failure timeout counts from there. */
function notReadySince(pod: Pod): number | undefined {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  const at = ready?.lastTransitionTime ?? pod.status?.startTime;
  const ms = at ? Date.parse(at) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * How long the probes a person wrote may take before the container can be Ready: the startup probe's whole budget,
 * then the readiness probe's initial delay and failureThreshold periods. A slow starter that says so is not failed.
 */
function probeBudgetMs(c: Container): number {
  const full = (p: Probe | undefined) => (p ? (p.initialDelaySeconds ?? 0) + (p.periodSeconds ?? 10) * (p.failureThreshold ?? 3) : 0);
  return (full(c.startupProbe) + full(c.readinessProbe)) * 1000;
}

function lastExit(s: ContainerStatus): string {
  const t = s.state?.terminated ?? s.lastState?.terminated;
  return t ? `, last exit code ${t.exitCode}${t.reason ? ` (${t.reason})` : ''}` : '';
}
