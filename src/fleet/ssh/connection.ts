// One kept-alive SSH connection per host, shared by every call. When it drops, it reconnects in the background
// at once, then with back-off (1 s doubling to 30 s) while attempts fail; calls during a back-off wait for the next
// attempt if their time allows, else fail at once with the last error, so a dead host costs nobody a full timeout.
import type { Client } from 'ssh2';
import { backOffDelay, sleep } from '../../common';
import { BerthError } from '../../errors';
import type { Deadline } from './deadline';
import { dial, type DialOptions } from './dial';
import { HostUnreachableError } from './errors';
import { Semaphore } from './semaphore';
import type { SshTarget } from './target';

export interface ConnectionOptions extends DialOptions {
  /** Wait after the first failed attempt; doubles per failure up to maxBackoffMs. Default 1 s. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Session channels (exec, sftp) open at once on the connection; OpenSSH's MaxSessions defaults to 10. Default 8. */
  maxSessions?: number;
}

export const CONNECTION_DEFAULTS = { backoffMs: 1_000, maxBackoffMs: 30_000, maxSessions: 8 } as const;

export class SshConnection {
  readonly target: SshTarget;
  /** Taken around every session channel. */
  readonly sessions: Semaphore;
  readonly #options: ConnectionOptions & Required<Pick<ConnectionOptions, 'backoffMs' | 'maxBackoffMs' | 'maxSessions'>>;
  #client?: Client;
  #attempt?: Promise<Client>;
  #failures = 0;
  #retryAt = 0;
  #lastError?: Error;
  #timer?: NodeJS.Timeout;
  #keptAlive = false;
  #closed = false;
  readonly #closing = new AbortController();

  constructor(target: SshTarget, options: ConnectionOptions = {}) {
    this.target = target;
    this.#options = { ...CONNECTION_DEFAULTS, ...options };
    this.sessions = new Semaphore(this.#options.maxSessions);
  }

  /** Whether a connection is up now (for status pages; calls just use client()). */
  get connected(): boolean {
    return this.#client !== undefined;
  }

  /** The connected client, connecting if need be. */
  async client({ signal, at }: Deadline): Promise<Client> {
    for (;;) {
      if (this.#closed) throw closedError(this.target.host);
      if (this.#client) return this.#client;
      if (this.#attempt) return await this.#attempt;
      const wait = this.#retryAt - Date.now();
      if (wait <= 0) return await this.#connect();
      if (Date.now() + wait >= at && this.#lastError) throw this.#lastError;
      await sleep(wait, signal);
    }
  }

  /** Ends the connection and stops reconnecting; later calls fail with FleetClosed. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#closing.abort(closedError(this.target.host));
    const client = this.#client;
    this.#client = undefined;
    if (client) await endClient(client);
  }

  #connect(): Promise<Client> {
    const attempt = dial(this.target, { ...this.#options, signal: this.#closing.signal }).then(
      (client) => {
        this.#attempt = undefined;
        if (this.#closed) {
          client.end();
          throw closedError(this.target.host);
        }
        this.#failures = 0;
        this.#retryAt = 0;
        this.#keptAlive = true;
        this.#client = client;
        // Errors after the handshake (keepalive timeout, reset) are followed by 'close', handled there.
        client.on('error', (err) => (this.#lastError = new HostUnreachableError(this.target, err.message)));
        client.once('close', () => this.#dropped(client));
        return client;
      },
      (err: Error) => {
        this.#attempt = undefined;
        this.#failures++;
        this.#lastError = err;
        this.#retryAt = Date.now() + backOffDelay({ initialMs: this.#options.backoffMs, capMs: this.#options.maxBackoffMs }, this.#failures);
        if (this.#keptAlive) this.#schedule(this.#retryAt - Date.now());
        throw err;
      },
    );
    this.#attempt = attempt;
    return attempt;
  }

  #dropped(client: Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    if (this.#closed) return;
    this.#lastError = new HostUnreachableError(this.target, 'the SSH connection dropped');
    this.#schedule(0);
  }

  /** A background attempt, so a kept-alive connection comes back before anyone needs it. */
  #schedule(delayMs: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      if (this.#closed || this.#client || this.#attempt) return;
      this.#connect().catch(() => undefined); // its failure schedules the next attempt
    }, delayMs);
    this.#timer.unref();
  }
}

function closedError(host: string): BerthError {
  return new BerthError('FleetClosed', `host ${host}: the fleet's connections are closed`, { host });
}

function endClient(client: Client): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 1_000).unref();
    client.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    client.end();
  });
}
