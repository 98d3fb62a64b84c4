// Step 7 as a trigger: one long-poll per host (GET /v1/pods?watch=true with the report's ETag), so a pod that stops
// or turns ready on any host starts the controller's next pass within moments instead of at the next timer tick.
// The long-polls go straight through each host's kept-alive SSH connection (a stream-local forward takes no session
// slot) and never through the fleet's fan-out, so the passes' status rounds never wait behind them.
import type { Event, Pod } from 'kubernetes-types/core/v1';
import type { PodsAnswer, PodsOptions } from '../agent';
import { backOffDelay, sleep } from '../common';
import { agentClientFor, type HostSession } from '../fleet';

/** What the watch needs of a host's agent (AgentClient has it). */
export interface PodsSource {
  pods(options: PodsOptions): Promise<PodsAnswer>;
}

/** A host's pods as its watch delivered them. */
export interface WatchedReport {
  etag?: string;
  generation: number;
  pods: Pod[];
  events?: Event[];
}

export interface ReportWatchOptions {
  hosts: readonly string[];
  /** A host's agent; asked once per host (again after a failure). */
  agentFor: (host: string) => PodsSource;
  /** A host's report differs from the one seen last: the new report, which the next pass uses as it is. */
  onChange: (host: string, report: WatchedReport) => void;
  /** The ETag of the report the controller last saw of a host: a change since then is told on the first answer. */
  lastSeen?: (host: string) => string | undefined;
  /** How long each long-poll waits at the agent. Default 30 s. */
  timeoutSeconds?: number;
  /** Wait after a failed poll; doubles per failure up to maxBackoffMs. Default 1 s, 30 s. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** How the watch waits out a back-off; default common's sleep (tests pass one on their fake clock). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const REPORT_WATCH_DEFAULTS = { timeoutSeconds: 30, backoffMs: 1_000, maxBackoffMs: 30_000 } as const;

interface HostWatch {
  abort: AbortController;
  done: Promise<void>;
}

export class ReportWatch {
  readonly #o: ReportWatchOptions & Required<Pick<ReportWatchOptions, 'timeoutSeconds' | 'backoffMs' | 'maxBackoffMs'>>;
  readonly #watches = new Map<string, HostWatch>();
  #closed = false;

  /** Watches through the fleet's sessions: each host's agent socket over its SSH connection (agentClientFor). */
  static overFleet(fleet: { session(host: string): HostSession }, options: Omit<ReportWatchOptions, 'agentFor'>): ReportWatch {
    return new ReportWatch({ ...options, agentFor: (host) => agentClientFor(fleet.session(host)) });
  }

  constructor(options: ReportWatchOptions) {
    this.#o = { ...REPORT_WATCH_DEFAULTS, ...options };
    this.setHosts(options.hosts);
  }

  /** Follows the inventory: hosts that left stop being watched, new ones start. */
  setHosts(names: readonly string[]): void {
    if (this.#closed) return;
    const wanted = new Set(names);
    for (const [host, watch] of this.#watches) {
      if (wanted.has(host)) continue;
      watch.abort.abort();
      this.#watches.delete(host);
    }
    for (const host of wanted) {
      if (this.#watches.has(host)) continue;
      const abort = new AbortController();
      this.#watches.set(host, { abort, done: this.#watch(host, abort.signal) });
    }
  }

  /** Ends every long-poll (the agent drops its waiter when the connection closes) and waits for them to stop. */
  async close(): Promise<void> {
    this.#closed = true;
    const watches = [...this.#watches.values()];
    this.#watches.clear();
    for (const watch of watches) watch.abort.abort();
    await Promise.all(watches.map((w) => w.done));
  }

  async #watch(host: string, signal: AbortSignal): Promise<void> {
    const o = this.#o;
    let etag = o.lastSeen?.(host);
    let agent: PodsSource | undefined;
    let failures = 0;
    while (!signal.aborted) {
      let wait = 0;
      try {
        agent ??= o.agentFor(host);
        const answer = await agent.pods({ etag, watch: true, timeoutSeconds: o.timeoutSeconds, signal });
        failures = 0;
        if (!answer.notModified) {
          const before = etag;
          etag = answer.etag;
          if (before !== undefined && before !== etag) this.#changed(host, { etag, generation: answer.list.generation, pods: answer.list.items, events: answer.list.events });
          // An agent from before watches answers at once, without an ETag: ask it no more often than a failure would.
          if (etag === undefined) wait = o.maxBackoffMs;
        }
      } catch {
        if (signal.aborted) break;
        agent = undefined; // a new client: the session may have been replaced
        failures++;
        wait = backOffDelay({ initialMs: o.backoffMs, capMs: o.maxBackoffMs }, failures);
      }
      // Stopping is not an error here: the loop ends on the aborted signal.
      if (wait > 0) await (o.sleep ?? sleep)(wait, signal).catch(() => undefined);
    }
  }

  #changed(host: string, report: WatchedReport): void {
    try {
      this.#o.onChange(host, report);
    } catch {
      // the consumer's failure is its own; the watch goes on
    }
  }
}
