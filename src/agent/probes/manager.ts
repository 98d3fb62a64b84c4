// Runs every probe of the pods on this host on its schedule, like the kubelet's prober manager: one worker per
// container, a timer per probe, results published through one consumer. The state machine (state.ts) decides what a
// result means; this file owns the timers and their lifetime.
import type { Container, Pod } from 'kubernetes-types/core/v1';
import type { Prober } from './probers';
import {
  isReady,
  isStarted,
  newContainerProbeState,
  nextDue,
  observeContainer,
  PROBE_KINDS,
  recordResult,
  type ContainerProbeState,
  type ObservedProbeContainer,
  type ProbeChange,
  type ProbeKind,
  type ProbeResult,
  type Transition,
} from './state';

/** A published result changed. `restart`: a liveness or startup probe failed, the container must be restarted. */
export type ProbeUpdate = Omit<ProbeChange, 'kind'>;

export interface ProbeResultConsumer {
  probeResult(podUid: string, container: string, kind: ProbeKind, result: ProbeUpdate): void;
  /**
   * Every run that did not succeed (Failure, Warning), whatever the thresholds make of it: the kubelet's Unhealthy
   * event is per failed run, with the probe's output.
   */
  probeFailed?(podUid: string, container: string, kind: ProbeKind, result: ProbeResult): void;
}

/** What the pod loop observed of a pod: its address and the current instance of each container, by name. */
export interface PodObservation {
  pod: Pod;
  podIP?: string;
  containers: Record<string, ObservedProbeContainer | undefined>;
}

export interface ProbeManagerOptions {
  prober: Prober;
  consumer: ProbeResultConsumer;
  /** Milliseconds since the epoch; Date.now (which vitest's fake timers replace) by default. */
  now?: () => number;
  /** Aborting it closes the manager. */
  signal?: AbortSignal;
  /** A consumer that throws must not stop the probes. */
  onError?: (err: unknown) => void;
}

export interface ContainerProbeStatus {
  started: boolean;
  ready: boolean;
}

interface Worker {
  podUid: string;
  container: Container;
  /** The probes' spec, to notice a changed one. */
  specKey: string;
  podIP?: string;
  state: ContainerProbeState;
  timers: Partial<Record<ProbeKind, NodeJS.Timeout>>;
  running: Set<ProbeKind>;
}

export class ProbeManager {
  private readonly workers = new Map<string, Worker>();
  private readonly abort = new AbortController();
  private started = false;
  private readonly prober: Prober;
  private readonly consumer: ProbeResultConsumer;
  private readonly now: () => number;
  private readonly onError: (err: unknown) => void;

  constructor({ prober, consumer, now = () => Date.now(), signal, onError = () => {} }: ProbeManagerOptions) {
    this.prober = prober;
    this.consumer = consumer;
    this.now = now;
    this.onError = onError;
    signal?.addEventListener('abort', () => this.close(), { once: true });
  }

  start(): void {
    if (this.started || this.abort.signal.aborted) return;
    this.started = true;
    for (const w of this.workers.values()) this.schedule(w);
  }

  /** Stops every timer and cancels probes in flight; their results are dropped. */
  close(): void {
    this.abort.abort();
    for (const w of this.workers.values()) this.clearTimers(w);
    this.workers.clear();
  }

  /** Starts, resets (a new container id or a changed probe) and stops the pod's workers. Containers without probes have none. */
  updatePod(podUid: string, { pod, podIP, containers }: PodObservation): void {
    if (this.abort.signal.aborted) return;
    const wanted = new Set<string>();
    for (const container of pod.spec?.containers ?? []) {
      if (!container.startupProbe && !container.livenessProbe && !container.readinessProbe) continue;
      const key = workerKey(podUid, container.name);
      wanted.add(key);
      const specKey = JSON.stringify([container.startupProbe, container.livenessProbe, container.readinessProbe, container.ports]);
      let w = this.workers.get(key);
      if (!w || w.specKey !== specKey) {
        if (w) this.clearTimers(w);
        w = { podUid, container, specKey, state: newContainerProbeState(container), timers: {}, running: new Set() };
        this.workers.set(key, w);
      }
      w.podIP = podIP;
      this.apply(w, observeContainer(w.state, containers[container.name]));
    }
    for (const [key, w] of this.workers) {
      if (w.podUid === podUid && !wanted.has(key)) this.drop(key, w);
    }
  }

  removePod(podUid: string): void {
    for (const [key, w] of this.workers) if (w.podUid === podUid) this.drop(key, w);
  }

  /** Started and ready as the probes say; undefined for a container without probes (the status defaults apply). */
  status(podUid: string, container: string): ContainerProbeStatus | undefined {
    const w = this.workers.get(workerKey(podUid, container));
    return w && { started: isStarted(w.state), ready: isReady(w.state) };
  }

  private apply(w: Worker, { state, changes }: Transition): void {
    w.state = state;
    for (const { kind, ...update } of changes) {
      try {
        this.consumer.probeResult(w.podUid, w.container.name, kind, update);
      } catch (err) {
        this.onError(err);
      }
    }
    this.schedule(w);
  }

  private schedule(w: Worker): void {
    if (!this.started || this.abort.signal.aborted) return;
    this.clearTimers(w);
    for (const kind of PROBE_KINDS) {
      if (w.running.has(kind)) continue; // rescheduled when it completes
      const due = nextDue(w.state, kind);
      if (due === undefined) continue;
      w.timers[kind] = setTimeout(() => void this.run(w, kind), Math.max(0, due - this.now()));
    }
  }

  private async run(w: Worker, kind: ProbeKind): Promise<void> {
    delete w.timers[kind];
    const probe = w.state.probes[kind]?.probe;
    const containerId = w.state.containerId;
    if (!probe || !containerId) return;
    w.running.add(kind);
    const at = this.now();
    let result: ProbeResult;
    try {
      result = await this.prober.probe(probe, { podIP: w.podIP, container: w.container, containerId }, this.abort.signal);
    } catch (err) {
      result = { result: 'Unknown', message: err instanceof Error ? err.message : String(err) };
    }
    w.running.delete(kind);
    if (this.abort.signal.aborted || this.workers.get(workerKey(w.podUid, w.container.name)) !== w) return;
    if (result.result === 'Failure' || result.result === 'Warning') {
      try {
        this.consumer.probeFailed?.(w.podUid, w.container.name, kind, result);
      } catch (err) {
        this.onError(err);
      }
    }
    this.apply(w, recordResult(w.state, kind, containerId, result, at));
  }

  private drop(key: string, w: Worker): void {
    this.clearTimers(w);
    this.workers.delete(key);
  }

  private clearTimers(w: Worker): void {
    for (const kind of PROBE_KINDS) clearTimeout(w.timers[kind]);
    w.timers = {};
  }
}

function workerKey(podUid: string, container: string): string {
  return `${podUid}\u0000${container}`;
}
