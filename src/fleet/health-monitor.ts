// Heartbeats: every few seconds, each host's agent is asked GET /v1/healthz with a short time limit, each host on its
// own timer, so a dead or slow host never delays another. The answers (and silences) become the host's Node
// conditions (health-conditions.ts); a change of Ready is reported to onChange.
import type { NodeCondition } from 'kubernetes-types/core/v1';
import { agentPaths } from '../agent';
import { DEFAULT_GRACE_PERIOD_MS, nodeConditions, readyStatus } from './health-conditions';
import type { HostSession } from './session';
import { agentClientFor } from './ssh/agent-client';

export interface HostHealth {
  host: string;
  lastHeartbeat?: Date;
  lastError?: string;
  agentVersion?: string;
  conditions: NodeCondition[];
}

/** Asks one host's agent whether it is there; rejects when it is not. */
export type HealthProbe = (host: string, signal: AbortSignal) => Promise<{ version: string }>;

export interface HostMonitorOptions {
  probe: HealthProbe;
  /** Between the end of one heartbeat and the next. Default 5 s. */
  intervalMs?: number;
  /** Time limit of one heartbeat. Default 3 s. */
  timeoutMs?: number;
  /** Silence after which a host is no longer Ready. Default 40 s. */
  gracePeriodMs?: number;
  now?: () => Date;
  /** Called when a host's Ready status changes (also the first time it is known). */
  onChange?: (health: HostHealth) => void;
}

interface Watched {
  health: HostHealth;
  timer?: NodeJS.Timeout;
  abort: AbortController;
}

export class HostMonitor {
  readonly #options: Required<Omit<HostMonitorOptions, 'onChange'>> & Pick<HostMonitorOptions, 'onChange'>;
  readonly #hosts = new Map<string, Watched>();

  constructor({ probe, intervalMs = 5_000, timeoutMs = 3_000, gracePeriodMs = DEFAULT_GRACE_PERIOD_MS, now = () => new Date(), onChange }: HostMonitorOptions) {
    this.#options = { probe, intervalMs, timeoutMs, gracePeriodMs, now, onChange };
  }

  /** Starts heartbeating these hosts and stops for the others. */
  setHosts(hosts: Iterable<string>): void {
    const wanted = new Set(hosts);
    for (const host of this.#hosts.keys()) if (!wanted.has(host)) this.unwatch(host);
    for (const host of wanted) this.watch(host);
  }

  watch(host: string): void {
    if (this.#hosts.has(host)) return;
    const watched: Watched = { health: { host, conditions: [] }, abort: new AbortController() };
    this.#hosts.set(host, watched);
    void this.#beat(watched);
  }

  unwatch(host: string): void {
    const watched = this.#hosts.get(host);
    if (!watched) return;
    clearTimeout(watched.timer);
    watched.abort.abort();
    this.#hosts.delete(host);
  }

  /** The host's health as of now (silence counts even between heartbeats; onChange hears of it at the next one). */
  health(host: string): HostHealth | undefined {
    const watched = this.#hosts.get(host);
    if (!watched) return undefined;
    const { health } = watched;
    return { ...health, conditions: nodeConditions({ ...health, previous: health.conditions }, this.#options.now(), this.#options.gracePeriodMs) };
  }

  all(): HostHealth[] {
    return [...this.#hosts.keys()].map((host) => this.health(host)!);
  }

  close(): void {
    for (const host of [...this.#hosts.keys()]) this.unwatch(host);
  }

  async #beat(watched: Watched): Promise<void> {
    const { probe, timeoutMs, intervalMs, now } = this.#options;
    const signal = AbortSignal.any([watched.abort.signal, AbortSignal.timeout(timeoutMs)]);
    try {
      const answer = await Promise.race([probe(watched.health.host, signal), rejectOnAbort(signal, timeoutMs)]);
      watched.health.lastHeartbeat = now();
      watched.health.lastError = undefined;
      watched.health.agentVersion = answer.version;
    } catch (error) {
      watched.health.lastError = error instanceof Error ? error.message : String(error);
    }
    if (watched.abort.signal.aborted) return;
    this.#evaluate(watched);
    watched.timer = setTimeout(() => void this.#beat(watched), intervalMs);
  }

  #evaluate(watched: Watched): void {
    const { health } = watched;
    const before = health.conditions;
    health.conditions = nodeConditions({ ...health, previous: before }, this.#options.now(), this.#options.gracePeriodMs);
    if (before.length === 0 || readyStatus(before) !== readyStatus(health.conditions)) this.#options.onChange?.({ ...health });
  }
}

/** Heartbeats over each host's session: GET /v1/healthz on the agent's socket, as the host's environment places it. */
export function sessionHealthProbe(sessionOf: (host: string) => HostSession | Promise<HostSession>, { timeoutMs = 3_000 } = {}): HealthProbe {
  const sockets = new Map<string, string>();
  return async (host) => {
    const session = await sessionOf(host);
    let socket = sockets.get(host);
    if (!socket) sockets.set(host, (socket = agentPaths(await session.env()).socketPath));
    return agentClientFor(session, socket, { timeoutMs }).healthz();
  };
}

function rejectOnAbort(signal: AbortSignal, timeoutMs: number): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(new Error(signal.reason?.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'stopped'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}
