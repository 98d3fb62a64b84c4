// The `local` transport: a HostSession for this machine itself, with no SSH in between. Commands run under `sh -c`
// as child processes, unix sockets are opened directly, and files are written atomically (temp file, then rename).
// The environment can be extended per session, as sshd's SetEnv does for the lab's hosts.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, rename, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { dirname, join, basename } from 'node:path';
import { Readable, type Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CommandResult, ExecOptions, HostSession } from './session';
import { HostCallError, HostTimeoutError } from './ssh/errors';

export interface LocalSessionOptions {
  /** The inventory name; default `local`. */
  host?: string;
  /** Added to (and overriding) this process's environment for commands and env(). */
  env?: Record<string, string>;
  /** Time limit of a unix socket connection; default 10 s. */
  connectTimeoutMs?: number;
}

const DEFAULT_EXEC_TIMEOUT_MS = 30_000;

export class LocalSession implements HostSession {
  readonly host: string;
  readonly #env: Record<string, string>;
  readonly #connectTimeoutMs: number;

  constructor({ host = 'local', env = {}, connectTimeoutMs = 10_000 }: LocalSessionOptions = {}) {
    this.host = host;
    this.#env = env;
    this.#connectTimeoutMs = connectTimeoutMs;
  }

  async env(): Promise<Record<string, string>> {
    const inherited = Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined);
    return { ...Object.fromEntries(inherited), ...this.#env };
  }

  exec(command: string, { stdin, timeoutMs = DEFAULT_EXEC_TIMEOUT_MS }: ExecOptions = {}): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', command], { env: { ...process.env, ...this.#env }, stdio: 'pipe' });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new HostTimeoutError(this.host, `command ${JSON.stringify(command.slice(0, 60))}`, timeoutMs));
      }, timeoutMs);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new HostCallError(this.host, 'a command', error.message));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve(signal ? { code, signal, stdout, stderr } : { code, stdout, stderr });
      });
      // A command that exits without reading its stdin makes the pipe fail with EPIPE: that is its business.
      child.stdin.on('error', () => undefined);
      if (stdin === undefined) child.stdin.end();
      else if (typeof stdin === 'string' || Buffer.isBuffer(stdin)) child.stdin.end(stdin);
      else stdin.pipe(child.stdin);
    });
  }

  openUnixStream(socketPath: string): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ path: socketPath });
      const fail = (message: string) => {
        socket.destroy();
        reject(new HostCallError(this.host, `connecting to ${socketPath}`, message));
      };
      socket.setTimeout(this.#connectTimeoutMs, () => fail(`no connection within ${this.#connectTimeoutMs} ms`));
      socket.once('error', (error) => fail(error.message));
      socket.once('connect', () => {
        socket.setTimeout(0);
        socket.removeAllListeners('error');
        resolve(socket);
      });
    });
  }

  async upload(content: Buffer | Readable, remotePath: string, { mode = 0o644, timeoutMs = 120_000 }: { mode?: number; timeoutMs?: number } = {}): Promise<void> {
    const temp = join(dirname(remotePath), `.${basename(remotePath)}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await mkdir(dirname(remotePath), { recursive: true });
      const source = Buffer.isBuffer(content) ? Readable.from([content]) : content;
      await pipeline(source, createWriteStream(temp, { mode, flush: true }), { signal: AbortSignal.timeout(timeoutMs) });
      await chmod(temp, mode); // the umask may have narrowed the mode given at creation
      await rename(temp, remotePath);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      if ((error as Error).name === 'AbortError') {
        throw new HostTimeoutError(this.host, `upload to ${remotePath}`, timeoutMs);
      }
      throw new HostCallError(this.host, `writing ${remotePath}`, (error as Error).message);
    }
  }
}
