// The seam between the fleet's logic (bootstrap, image shipping, agent calls, health) and how a host is reached:
// over SSH (ssh2) for real hosts, or directly on this machine (the `local` transport).
import type { Duplex, Readable } from 'node:stream';

export interface CommandResult {
  /** The command's exit code; null when it ended by a signal. */
  code: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  /** Written to the command's stdin, which is then closed. */
  stdin?: string | Buffer | Readable;
  /** Whole-command time limit; default 30 s. On expiry the command is abandoned and a HostTimeoutError thrown. */
  timeoutMs?: number;
}

/** One host, reached. Every call has a time limit; failures throw errors that name the host. */
export interface HostSession {
  /** The inventory name. */
  readonly host: string;
  /** Runs a command with the login shell of the host's user (`sh -c`); a non-zero exit is a result, not an error. */
  exec(command: string, options?: ExecOptions): Promise<CommandResult>;
  /** A byte stream to a unix socket on the host (SSH: OpenSSH stream-local forwarding, direct-streamlocal@openssh.com). */
  openUnixStream(socketPath: string): Promise<Duplex>;
  /** Writes a file atomically (temp file beside it, then rename), creating its folder. */
  upload(content: Buffer | Readable, remotePath: string, options?: { mode?: number; timeoutMs?: number }): Promise<void>;
  /** The host's environment as its SSH sessions see it (the lab sets BERTH_HOST, DOCKER_HOST, BERTH_AGENT_HOME). */
  env(): Promise<Record<string, string>>;
}
