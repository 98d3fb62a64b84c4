// Opens one SSH connection to a host and checks its host key against the inventory's known_hosts: an unknown,
// changed or revoked key ends the handshake before any credential is sent.
// ssh2 is CommonJS: Node's ESM loader sees only some of its names, so everything goes through the default export.
import ssh2, { type Client, type ConnectConfig, type ServerHostKeyAlgorithm } from 'ssh2';
import { BerthError } from '../../errors';
import { HostAuthError, HostKeyChangedError, HostKeyRevokedError, HostKeyUnknownError, HostUnreachableError } from './errors';
import { hostKeyAlgorithms } from './host-key';
import { loadIdentity, type Identity } from './identity';
import { readKnownHosts } from './known-hosts-file';
import { preferredHostKeyTypes, verifyHostKey, type KnownHosts } from './known-hosts';
import type { SshTarget } from './target';

export interface DialOptions {
  /** Time for TCP connect, handshake and authentication. Default 10 s. */
  readyTimeoutMs?: number;
  /** SSH-level keepalive: a probe every interval; the connection is dropped after countMax unanswered. */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** Aborting gives up the attempt at once (the fleet closing), rejecting with the signal's reason. */
  signal?: AbortSignal;
}

export const DIAL_DEFAULTS = { readyTimeoutMs: 10_000, keepaliveIntervalMs: 5_000, keepaliveCountMax: 3 } as const;

// ssh2's own default order, used after the types known_hosts already has for the host (as OpenSSH orders them).
const HOST_KEY_ALGORITHMS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];

/** A connected, authenticated client. Its later errors and close are the caller's to handle. */
export async function dial(target: SshTarget, options: DialOptions = {}): Promise<Client> {
  const { readyTimeoutMs, keepaliveIntervalMs, keepaliveCountMax, signal } = { ...DIAL_DEFAULTS, ...options };
  const identity = await loadIdentity(target);
  const known = await readKnownHosts(target.knownHosts);
  let refusal: Error | undefined;
  const config: ConnectConfig = {
    host: target.address,
    port: target.port,
    username: target.user,
    ...identity,
    readyTimeout: readyTimeoutMs,
    keepaliveInterval: keepaliveIntervalMs,
    keepaliveCountMax,
    algorithms: { serverHostKey: hostKeyOrder(known, target) as ServerHostKeyAlgorithm[] },
    hostVerifier: (key: Buffer) => {
      refusal = checkKey(known, target, key);
      return refusal === undefined;
    },
  };
  const client = new ssh2.Client();
  return new Promise<Client>((resolve, reject) => {
    const settle = () => {
      signal?.removeEventListener('abort', onAbort);
      client.removeListener('ready', onReady).removeListener('error', fail).removeListener('close', onClose);
    };
    const fail = (err: Error) => {
      settle();
      client.on('error', () => {}); // late errors of an abandoned client must not crash the process
      client.destroy();
      reject(refusal ?? (err instanceof BerthError ? err : translate(err, target, identity, readyTimeoutMs)));
    };
    const onReady = () => {
      settle();
      resolve(client);
    };
    const onClose = () => fail(new Error('the host closed the connection during the handshake'));
    const onAbort = () => fail(signal?.reason);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    client.once('ready', onReady).once('error', fail).once('close', onClose).connect(config);
  });
}

function checkKey(known: KnownHosts, target: SshTarget, key: Buffer): Error | undefined {
  const check = verifyHostKey(known, target.address, target.port, key);
  switch (check.status) {
    case 'match':
      return undefined;
    case 'unknown':
      return new HostKeyUnknownError(target, key, target.knownHosts);
    case 'changed':
      return new HostKeyChangedError(target, key, target.knownHosts, check.known);
    case 'revoked':
      return new HostKeyRevokedError(target, key, target.knownHosts, check.entry);
  }
}

/** Host key algorithms to ask for: the types known_hosts has for the host first, as OpenSSH orders them. */
export function hostKeyOrder(known: KnownHosts, target: SshTarget): string[] {
  const preferred = preferredHostKeyTypes(known, target.address, target.port).flatMap(hostKeyAlgorithms);
  const first = preferred.filter((a) => HOST_KEY_ALGORITHMS.includes(a));
  return [...new Set([...first, ...HOST_KEY_ALGORITHMS])];
}

function translate(err: Error & { level?: string; code?: string }, target: SshTarget, identity: Identity, readyTimeoutMs: number): Error {
  if (err.level === 'client-authentication') {
    return new HostAuthError(target, 'privateKey' in identity ? `the key ${target.identityFile}` : `the keys of ssh-agent (${identity.agent})`);
  }
  if (err.level === 'client-timeout') return new HostUnreachableError(target, `no SSH handshake within ${readyTimeoutMs / 1000}s`, { timeoutMs: readyTimeoutMs });
  return new HostUnreachableError(target, err.code ? `${err.code} (${err.message})` : err.message);
}
