// HostSession over SSH: every call goes through the host's kept-alive connection, within its time limit.
import type { Duplex, Readable } from 'node:stream';
import type { Client } from 'ssh2';
import type { CommandResult, ExecOptions, HostSession } from '../session';
import type { SshConnection } from './connection';
import { withTimeout, type Deadline } from './deadline';
import { HostCallError } from './errors';
import { ChannelError, describeCommand, runExec } from './exec';
import { parseEnv, ENV_COMMAND } from './env';
import { uploadFile } from './upload';

export const DEFAULT_CALL_TIMEOUT_MS = 30_000;

export class SshSession implements HostSession {
  readonly host: string;
  readonly connection: SshConnection;
  readonly #timeoutMs: number;
  // The environment belongs to the connection it was read on: a reconnect may reach a reconfigured host.
  readonly #env = new WeakMap<Client, Promise<Record<string, string>>>();

  constructor(connection: SshConnection, { timeoutMs = DEFAULT_CALL_TIMEOUT_MS }: { timeoutMs?: number } = {}) {
    this.connection = connection;
    this.host = connection.target.host;
    this.#timeoutMs = timeoutMs;
  }

  exec(command: string, { stdin, timeoutMs = this.#timeoutMs }: ExecOptions = {}): Promise<CommandResult> {
    return this.#call(`\`${describeCommand(command)}\``, timeoutMs, true, (client, { signal }) => runExec(client, command, stdin, signal));
  }

  openUnixStream(socketPath: string, { timeoutMs = this.#timeoutMs }: { timeoutMs?: number } = {}): Promise<Duplex> {
    return this.#call(`opening unix socket ${socketPath}`, timeoutMs, false, (client, { signal }) => forwardStreamLocal(client, socketPath, signal));
  }

  upload(content: Buffer | Readable, remotePath: string, { mode = 0o644, timeoutMs = this.#timeoutMs }: { mode?: number; timeoutMs?: number } = {}): Promise<void> {
    return this.#call(`upload to ${remotePath}`, timeoutMs, true, (client, { signal }) => uploadFile(client, content, remotePath, mode, signal));
  }

  async env(): Promise<Record<string, string>> {
    const client = await withTimeout(this.host, 'connecting', this.#timeoutMs, (d) => this.connection.client(d));
    let cached = this.#env.get(client);
    if (!cached) {
      cached = this.exec(ENV_COMMAND).then((r) => {
        if (r.code !== 0) throw new HostCallError(this.host, 'reading the environment (env)', r.stderr.trim() || `exit code ${r.code}`);
        return parseEnv(r.stdout);
      });
      this.#env.set(client, cached);
      cached.catch(() => this.#env.delete(client));
    }
    return { ...(await cached) };
  }

  /** Connects, takes a session slot if the call opens a session channel, runs fn; all within timeoutMs. */
  #call<T>(what: string, timeoutMs: number, sessionChannel: boolean, fn: (client: Client, deadline: Deadline) => Promise<T>): Promise<T> {
    return withTimeout(this.host, what, timeoutMs, async (deadline) => {
      const client = await this.connection.client(deadline);
      const release = sessionChannel ? await this.connection.sessions.acquire(deadline.signal) : () => {};
      try {
        return await fn(client, deadline);
      } catch (err) {
        throw err instanceof ChannelError ? new HostCallError(this.host, what, err.message) : err;
      } finally {
        release();
      }
    });
  }
}

function forwardStreamLocal(client: Client, socketPath: string, signal: AbortSignal): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    client.openssh_forwardOutStreamLocal(socketPath, (err, channel) => {
      if (err) return reject(new ChannelError(`${err.message} (does the socket exist, and does sshd allow AllowStreamLocalForwarding?)`));
      if (signal.aborted) return void channel.close(); // too late: the caller has its timeout error
      resolve(channel);
    });
  });
}
