// The probes of one container as the kubelet's prober workers keep them (pkg/kubelet/prober/worker.go), pure: time
// is passed in (milliseconds since the epoch) and every function returns a new state.
//
// The kubelet's rules kept here:
// - a published result starts at Failure for readiness, Success for liveness, Unknown for startup, and is reset to
//   those whenever a new container (a new id) appears;
// - no probe runs before initialDelaySeconds after the container started, then one every periodSeconds;
// - a result is published once successThreshold (or failureThreshold) consecutive probes agree;
// - a probe that errors (Unknown: the probe could not be run, e.g. a named port that does not exist) is thrown away;
// - Warning counts as Success;
// - a startup probe gates liveness and readiness until it succeeds, then stops;
// - after a published liveness or startup failure the container must be restarted: its probes are put on hold until
//   a new container id appears (kubelet #21751);
// - a container that is not running is not ready.
// One difference: the kubelet ticks from when the worker started, so a probe can run up to a period after it is due;
// here a probe runs when it is due.
import type { Container, Probe } from 'kubernetes-types/core/v1';

export type ProbeKind = 'startup' | 'liveness' | 'readiness';
export const PROBE_KINDS: readonly ProbeKind[] = ['startup', 'liveness', 'readiness'];

/** What one run of a prober says. Warning is success with a remark (a redirect to another host). */
export type ProbeOutcome = 'Success' | 'Warning' | 'Failure' | 'Unknown';

export interface ProbeResult {
  result: ProbeOutcome;
  /** Why it failed or what it warns about: "HTTP probe failed with statuscode: 500". */
  message?: string;
}

/** The value the kubelet's results manager holds for a probe. */
export type PublishedResult = 'Success' | 'Failure' | 'Unknown';

export interface ProbeTiming {
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  successThreshold: number;
  failureThreshold: number;
}

export interface ProbeState {
  kind: ProbeKind;
  probe: Probe;
  timing: ProbeTiming;
  value: PublishedResult;
  message?: string;
  /** The last result that counted, and how many times in a row it came. */
  lastResult?: 'Success' | 'Failure';
  resultRun: number;
  /** After a published liveness or startup failure: no probing until a new container appears. */
  onHold: boolean;
  lastProbeAt?: number;
}

export interface ContainerProbeState {
  containerId?: string;
  running: boolean;
  /** When the container started (ms). */
  startedAt?: number;
  probes: Partial<Record<ProbeKind, ProbeState>>;
}

/** A change of a published result, for the consumer. `restart` asks for the container to be restarted. */
export interface ProbeChange {
  kind: ProbeKind;
  result: PublishedResult;
  message?: string;
  containerId?: string;
  restart: boolean;
}

export interface Transition {
  state: ContainerProbeState;
  changes: ProbeChange[];
}

/** The container as observed: its current instance's id, whether it runs, and since when (ms). */
export interface ObservedProbeContainer {
  id: string;
  running: boolean;
  startedAt?: number;
}

const INITIAL: Record<ProbeKind, PublishedResult> = { readiness: 'Failure', liveness: 'Success', startup: 'Unknown' };

/** Kubernetes' defaults (SetDefaults_Probe), for probes that did not come through the manifest defaults. */
export function probeTiming(probe: Probe): ProbeTiming {
  return {
    initialDelaySeconds: probe.initialDelaySeconds ?? 0,
    periodSeconds: probe.periodSeconds ?? 10,
    timeoutSeconds: probe.timeoutSeconds ?? 1,
    successThreshold: probe.successThreshold ?? 1,
    failureThreshold: probe.failureThreshold ?? 3,
  };
}

export function newProbeState(kind: ProbeKind, probe: Probe): ProbeState {
  return { kind, probe, timing: probeTiming(probe), value: INITIAL[kind], resultRun: 0, onHold: false };
}

/** The probes of a container's spec, none run yet. */
export function newContainerProbeState(container: Container): ContainerProbeState {
  const probes: Partial<Record<ProbeKind, ProbeState>> = {};
  const specs: Record<ProbeKind, Probe | undefined> = {
    startup: container.startupProbe,
    liveness: container.livenessProbe,
    readiness: container.readinessProbe,
  };
  for (const kind of PROBE_KINDS) if (specs[kind]) probes[kind] = newProbeState(kind, specs[kind]!);
  return { running: false, probes };
}

/** Started as the kubelet says: running, and its startup probe (if any) succeeded. */
export function isStarted(state: ContainerProbeState): boolean {
  return state.running && (!state.probes.startup || state.probes.startup.value === 'Success');
}

/** Ready as the kubelet says: started, and its readiness probe (if any) published Success. */
export function isReady(state: ContainerProbeState): boolean {
  return isStarted(state) && (!state.probes.readiness || state.probes.readiness.value === 'Success');
}

/** A new observation of the container: a new id resets every probe; a container that stopped is not ready. */
export function observeContainer(state: ContainerProbeState, observed: ObservedProbeContainer | undefined): Transition {
  const changes: ProbeChange[] = [];
  let probes = state.probes;
  const running = observed?.running ?? false;
  if (observed && observed.id !== state.containerId) {
    probes = {};
    for (const kind of PROBE_KINDS) {
      const old = state.probes[kind];
      if (!old) continue;
      probes[kind] = newProbeState(kind, old.probe);
      if (state.containerId !== undefined && old.value !== INITIAL[kind] && kind === 'readiness') {
        changes.push({ kind, result: INITIAL[kind], containerId: observed.id, restart: false });
      }
    }
  }
  const readiness = probes.readiness;
  if (!running && readiness && readiness.value !== 'Failure') {
    probes = { ...probes, readiness: { ...readiness, value: 'Failure', message: undefined, lastResult: undefined, resultRun: 0 } };
    changes.push({ kind: 'readiness', result: 'Failure', containerId: observed?.id ?? state.containerId, restart: false });
  }
  const next: ContainerProbeState = {
    containerId: observed?.id ?? state.containerId,
    running,
    startedAt: observed ? observed.startedAt : state.startedAt,
    probes,
  };
  return { state: next, changes };
}

/**
 * When the probe of `kind` should run next (ms), or undefined when it should not run: no such probe, the container is
 * not running, on hold after a failure, a startup probe that succeeded, or liveness/readiness before startup succeeded.
 */
export function nextDue(state: ContainerProbeState, kind: ProbeKind): number | undefined {
  const p = state.probes[kind];
  if (!p || !state.running || state.startedAt === undefined || p.onHold) return undefined;
  if (kind === 'startup' ? p.value === 'Success' : !isStarted(state)) return undefined;
  const afterDelay = state.startedAt + p.timing.initialDelaySeconds * 1000;
  if (p.lastProbeAt === undefined) return afterDelay;
  return Math.max(afterDelay, p.lastProbeAt + p.timing.periodSeconds * 1000);
}

/** Whether the probe of `kind` should run at `now`. */
export function isDue(state: ContainerProbeState, kind: ProbeKind, now: number): boolean {
  const due = nextDue(state, kind);
  return due !== undefined && due <= now;
}

/**
 * Counts the result of a probe that began at `at` against the thresholds. `containerId` is the container it probed:
 * a result for an older container is thrown away.
 */
export function recordResult(state: ContainerProbeState, kind: ProbeKind, containerId: string, result: ProbeResult, at: number): Transition {
  const p = state.probes[kind];
  if (!p || containerId !== state.containerId || p.onHold) return { state, changes: [] };
  let next: ProbeState = { ...p, lastProbeAt: at };
  const outcome = result.result === 'Warning' ? 'Success' : result.result;
  const changes: ProbeChange[] = [];
  if (outcome !== 'Unknown') {
    next.resultRun = next.lastResult === outcome ? next.resultRun + 1 : 1;
    next.lastResult = outcome;
    const threshold = outcome === 'Success' ? next.timing.successThreshold : next.timing.failureThreshold;
    if (next.resultRun >= threshold) {
      const restart = outcome === 'Failure' && kind !== 'readiness';
      if (next.value !== outcome || restart) {
        changes.push({ kind, result: outcome, message: result.message, containerId, restart });
      }
      next = { ...next, value: outcome, message: result.message };
      if (restart) next = { ...next, onHold: true, resultRun: 0 };
    }
  }
  return { state: { ...state, probes: { ...state.probes, [kind]: next } }, changes };
}
