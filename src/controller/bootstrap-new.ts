import { bootstrapHost, HostAuthError, HostIdentityError, HostKeyChangedError, HostKeyRevokedError, HostKeyUnknownError, HostTimeoutError, HostUnreachableError, type AgentBundle, type BootstrapReport, type Fleet } from '../fleet';
import type { HostObservation, HostRecord } from './observe';
import { AgentApiError } from '../agent';

/** A host is not bootstrapped again sooner than this after a try, whatever happened. */
export const BOOTSTRAP_RETRY_MS = 120_000;

const CONNECTION_ERRORS = [HostUnreachableError, HostTimeoutError, HostAuthError, HostIdentityError, HostKeyUnknownError, HostKeyChangedError, HostKeyRevokedError];

/**
 * Why a host's agent should be (re)installed now, or undefined: SSH works but no agent answers (a host new in the
 * inventory), or the agent answers with another version than the controller's bundle (an upgrade in place). Never
 * when SSH itself fails (bootstrap cannot help; `berth hosts` says what to do) and never twice within the retry time.
 */
export function bootstrapReason(observation: HostObservation, record: HostRecord, bundleVersion: string, now: Date): string | undefined {
  if (record.bootstrappedAt && now.getTime() - Date.parse(record.bootstrappedAt) < BOOTSTRAP_RETRY_MS) return undefined;
  if (observation.ok) {
    const running = observation.facts.agentVersion;
    return running && running !== bundleVersion ? `agent ${running} is not the controller's ${bundleVersion}` : undefined;
  }
  if (CONNECTION_ERRORS.some((type) => observation.error instanceof type)) return undefined;
  // An agent that answers with an error is there: reinstalling it would not help.
  if (observation.error instanceof AgentApiError) return undefined;
  return `no agent answers (${observation.error.message})`;
}

/** Runs bootstraps in the background, at most one per host at a time; the loop goes on meanwhile. */
export class Bootstrapper {
  readonly #running = new Map<string, Promise<BootstrapReport>>();

  constructor(private readonly bundle: AgentBundle, private readonly cluster: () => string) {}

  get version(): string {
    return this.bundle.version;
  }

  isRunning(host: string): boolean {
    return this.#running.has(host);
  }

  start(fleet: Fleet, host: string, onDone: (report: BootstrapReport) => void): void {
    if (this.#running.has(host)) return;
    const run = bootstrapHost(fleet.session(host), { bundle: this.bundle, cluster: this.cluster() })
      .then((report) => {
        onDone(report);
        return report;
      })
      .finally(() => this.#running.delete(host));
    this.#running.set(host, run);
  }

  async idle(): Promise<void> {
    await Promise.allSettled([...this.#running.values()]);
  }
}
