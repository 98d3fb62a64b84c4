// Errors of reaching a host. Each names the host; callers branch on `code`. Host key errors are never retried
// into success: only a person (`berth hosts trust`) changes what is trusted.
import { BerthError } from '../../errors';
import { fingerprint, keyType } from './host-key';
import { describeEntry, type KnownHostEntry } from './known-hosts';

export interface HostAddress {
  host: string;
  address: string;
  port: number;
}

function where({ host, address, port }: HostAddress): string {
  return `host ${host} (${address}${port === 22 ? '' : `:${port}`})`;
}

function keyData(target: HostAddress, key: Buffer, knownHosts: string): Record<string, unknown> {
  return { ...target, keyType: keyType(key), fingerprint: fingerprint(key), knownHosts };
}

export class HostKeyUnknownError extends BerthError {
  constructor(target: HostAddress, key: Buffer, knownHosts: string) {
    super(
      'HostKeyUnknown',
      `${where(target)} presented a host key that ${knownHosts} does not know: ${keyType(key)} ${fingerprint(key)}; ` +
        `check it on the host (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub), then run: berth hosts trust ${target.host}`,
      keyData(target, key, knownHosts),
    );
  }
}

export class HostKeyChangedError extends BerthError {
  constructor(target: HostAddress, key: Buffer, knownHosts: string, known: KnownHostEntry[]) {
    super(
      'HostKeyChanged',
      [
        `WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED for ${where(target)}!`,
        `Someone could be eavesdropping on you right now (a man-in-the-middle attack), or the host was reinstalled.`,
        `It presented ${keyType(key)} ${fingerprint(key)}; ${knownHosts} has ${known.map(describeEntry).join(', ')}.`,
        `Connection refused. If you know why the key changed, check the new fingerprint on the host, then run: berth hosts trust ${target.host} --replace`,
      ].join('\n'),
      { ...keyData(target, key, knownHosts), known: known.map((e) => ({ line: e.line, keyType: e.keyType, fingerprint: fingerprint(e.key) })) },
    );
  }
}

export class HostKeyRevokedError extends BerthError {
  constructor(target: HostAddress, key: Buffer, knownHosts: string, entry: KnownHostEntry) {
    super(
      'HostKeyRevoked',
      `${where(target)} presented a REVOKED host key (${keyType(key)} ${fingerprint(key)}, @revoked at ${knownHosts} line ${entry.line}); ` +
        `connection refused: the key must be replaced on the host`,
      { ...keyData(target, key, knownHosts), line: entry.line },
    );
  }
}

/** The inventory's identity settings cannot be used: a missing or unreadable key file, or no key and no ssh-agent. */
export class HostIdentityError extends BerthError {
  constructor(host: string, message: string, data: Record<string, unknown> = {}) {
    super('HostIdentity', `host ${host}: ${message}`, { host, ...data });
  }
}

export class HostAuthError extends BerthError {
  constructor(target: HostAddress & { user: string }, how: string) {
    super('HostAuthFailed', `${where(target)} refused ${target.user} with ${how}; is its public key in ~${target.user}/.ssh/authorized_keys?`, { ...target, how });
  }
}

/** No SSH connection: refused, no route, silent, or dropped. Transient: the connection retries with back-off. */
export class HostUnreachableError extends BerthError {
  constructor(target: HostAddress, cause: string, data: Record<string, unknown> = {}) {
    super('HostUnreachable', `${where(target)} is unreachable: ${cause}`, { ...target, cause, ...data });
  }
}

/** A call to a host ran out of time; what it started on the host is abandoned. */
export class HostTimeoutError extends BerthError {
  constructor(host: string, what: string, timeoutMs: number) {
    super('HostTimeout', `host ${host}: ${what} timed out after ${formatMs(timeoutMs)}`, { host, what, timeoutMs });
  }
}

/** A call failed on an established connection: a channel refused, an SFTP error, a missing socket. */
export class HostCallError extends BerthError {
  constructor(host: string, what: string, cause: string) {
    super('HostCallFailed', `host ${host}: ${what} failed: ${cause}`, { host, what, cause });
  }
}

function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
