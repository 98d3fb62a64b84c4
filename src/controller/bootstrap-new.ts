import { bootstrapHost, HostAuthError, HostIdentityError, HostKeyChangedError, HostKeyRevokedError, HostKeyUnknownError, HostTimeoutError, HostUnreachableError, type AgentBundle, type BootstrapReport, type Fleet } from '../fleet';
import type { HostObservation } from './observe';
import { AgentApiError } from '../agent';
import type { Decision } from './events';
import { queueKey, retryingIn, WorkQueue, type WorkQueueBackOff } from './workqueue';

/** A bootstrap uploads the agent and waits for it to answer: retried 10 s after a try, doubling to 5 minutes. */
export const BOOTSTRAP_BACK_OFF: WorkQueueBackOff = { baseDelayMs: 10_000, maxDelayMs: 300_000 };

const CONNECTION_ERRORS = [HostUnreachableError, HostTimeoutError, HostAuthError, HostIdentityError, HostKeyUnknownError, HostKeyChangedError, HostKeyRevokedError];

/**
 * Why a host's agent should be (re)installed, or undefined: SSH works but no agent answers (a host new in the
 * inventory), or the agent answers with another version than the controller's bundle (an upgrade in place). Never
 * when SSH itself fails (bootstrap cannot help; `berth hosts` says what to do).
 */
export function bootstrapReason(observation: HostObservation, bundleVersion: string): string | undefined {
  if (observation.ok) {
    const running = observation.facts.agentVersion;
    return running && running !== bundleVersion ? `agent ${running} is not the controller's ${bundleVersion}` : undefined;
  }
  if (CONNECTION_ERRORS.some((type) => observation.error instanceof type)) return undefined;
  // An agent that answers with an error is there: reinstalling it would not help.
  if (observation.error instanceof AgentApiError) return undefined;
  return `no agent answers (${observation.error.message})`;
}

/** The event of a finished bootstrap, and the error to keep in the host's record (undefined when it went well). */
export function bootstrapDecision(report: BootstrapReport, retry: string): { decision: Decision; error?: string } {
  const { host } = report;
  const object = { kind: 'Node', name: host };
  if (report.outcome !== 'failed' && report.outcome !== 'missing-prerequisites') {
    return { decision: { object, host, reason: 'Bootstrapped', type: 'Normal', message: `agent ${report.version} ${report.outcome} on ${host}` } };
  }
  const error = `bootstrap of ${host} failed: ${report.error ?? report.missing.map((m) => `${m.message} (${m.fix})`).join('; ')}`;
  return { decision: { object, host, reason: 'BootstrapFailed', type: 'Warning', message: `${error}; ${retry}` }, error };
}

export interface BootstrapperOptions {
  clock?: () => Date;
  backOff?: WorkQueueBackOff;
  /** What installs the agent; default bootstrapHost over the host's SSH session. */
  install?: typeof bootstrapHost;
}

/**
 * Runs bootstraps in the background, at most one per host at a time; the loop goes on meanwhile. Every try backs the
 * host off (a try that reported success counts too until the agent is seen answering with the bundle's version, so a
 * pass that observed the host before the try ended does not start another); seeing it so forgets the host.
 */
export class Bootstrapper {
  readonly #running = new Map<string, Promise<BootstrapReport>>();
  readonly #queue: WorkQueue;
  readonly #clock: () => Date;
  readonly #install: typeof bootstrapHost;

  constructor(private readonly bundle: AgentBundle, private readonly cluster: () => string, { clock = () => new Date(), backOff = BOOTSTRAP_BACK_OFF, install = bootstrapHost }: BootstrapperOptions = {}) {
    this.#queue = new WorkQueue(backOff);
    this.#clock = clock;
    this.#install = install;
  }

  get version(): string {
    return this.bundle.version;
  }

  isRunning(host: string): boolean {
    return this.#running.has(host);
  }

  /** bootstrapReason, when no bootstrap of the host runs and it is not backed off after its last try. */
  reason(observation: HostObservation, now: Date): string | undefined {
    const key = queueKey({ kind: 'Node', name: observation.host });
    if (this.#running.has(observation.host)) return undefined;
    const why = bootstrapReason(observation, this.version);
    if (!why && observation.ok) this.#queue.forget(key);
    return why && this.#queue.due(key, now) ? why : undefined;
  }

  /** Installs the agent on the host; onDone gets the event to record and the error to keep (none on success). */
  start(fleet: Fleet, host: string, onDone: (decision: Decision, error: string | undefined) => void): void {
    if (this.#running.has(host)) return;
    const run = this.#install(fleet.session(host), { bundle: this.bundle, cluster: this.cluster() })
      .then((report) => {
        const at = this.#clock();
        const { decision, error } = bootstrapDecision(report, retryingIn(this.#queue.failed(queueKey({ kind: 'Node', name: host }), at), at));
        onDone(decision, error);
        return report;
      })
      .finally(() => this.#running.delete(host));
    this.#running.set(host, run);
  }

  async idle(): Promise<void> {
    await Promise.allSettled([...this.#running.values()]);
  }
}
