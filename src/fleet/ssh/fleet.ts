// The controller's SSH fleet: one kept-alive connection per inventory host, sessions by name, bounded fan-out.
import type { Inventory } from '../../manifest';
import { BerthError } from '../../errors';
import type { HostSession } from '../session';
import { SshConnection, type ConnectionOptions } from './connection';
import { fanOut, type FanOutOptions, type FanOutResult } from './fan-out';
import { SshSession, DEFAULT_CALL_TIMEOUT_MS } from './ssh-session';
import { sshTarget, type SshTarget } from './target';

export interface FleetOptions extends ConnectionOptions {
  /** The cluster repo's root: relative identityFile and knownHosts paths are relative to it. */
  repoRoot: string;
  /** Default time limit of each session call. Default 30 s. */
  callTimeoutMs?: number;
}

export class Fleet {
  readonly #targets: Map<string, SshTarget>;
  readonly #sessions = new Map<string, SshSession>();
  readonly #options: FleetOptions;
  #closed = false;

  constructor(inventory: Pick<Inventory, 'hosts'>, options: FleetOptions) {
    this.#options = options;
    this.#targets = new Map(inventory.hosts.map((h) => [h.name, sshTarget(h, options.repoRoot)]));
  }

  /** Inventory names, in inventory order. */
  get hosts(): string[] {
    return [...this.#targets.keys()];
  }

  target(name: string): SshTarget {
    const target = this.#targets.get(name);
    if (!target) {
      throw new BerthError('HostNotFound', `host ${name} is not in the inventory (hosts.yaml has: ${this.hosts.join(', ') || 'no hosts'})`, { host: name });
    }
    return target;
  }

  /** The host's session; its connection opens on first use and is kept. */
  session(name: string): SshSession {
    let session = this.#sessions.get(name);
    if (!session) {
      if (this.#closed) throw new BerthError('FleetClosed', `host ${name}: the fleet's connections are closed`, { host: name });
      const connection = new SshConnection(this.target(name), this.#options);
      session = new SshSession(connection, { timeoutMs: this.#options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS });
      this.#sessions.set(name, session);
    }
    return session;
  }

  /** fn on each named host (default: all), `concurrency` at a time; never throws (unknown names are failed results). */
  fanOut<T>(hosts: readonly string[] | undefined, fn: (session: HostSession, signal: AbortSignal) => Promise<T>, options: FanOutOptions = {}): Promise<FanOutResult<T>[]> {
    const names = hosts ?? this.hosts;
    return fanOut(names.map((host) => ({ host })), ({ host }, signal) => fn(this.session(host), signal), options);
  }

  /** Ends every connection; the fleet cannot be used afterwards. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#sessions.values()].map((s) => s.connection.close()));
  }
}
