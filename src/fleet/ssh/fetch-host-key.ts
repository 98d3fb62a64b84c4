// The key a host presents, read like ssh-keyscan: the handshake stops at the host key, no credential is sent.
import ssh2, { type ServerHostKeyAlgorithm } from 'ssh2';
import { DIAL_DEFAULTS, hostKeyOrder } from './dial';
import { HostUnreachableError } from './errors';
import { readKnownHosts } from './known-hosts-file';
import type { SshTarget } from './target';

export async function fetchHostKey(target: SshTarget, { timeoutMs = DIAL_DEFAULTS.readyTimeoutMs }: { timeoutMs?: number } = {}): Promise<Buffer> {
  // Ask for the types already known, so a changed key is compared with the same type ssh would compare.
  const known = await readKnownHosts(target.knownHosts);
  const client = new ssh2.Client();
  return new Promise<Buffer>((resolve, reject) => {
    let key: Buffer | undefined;
    const done = (err?: Error & { level?: string; code?: string }) => {
      client.removeAllListeners();
      client.on('error', () => {});
      client.end();
      if (key) return resolve(key);
      const why = err?.level === 'client-timeout' ? `no SSH handshake within ${timeoutMs / 1000}s` : err?.code ? `${err.code} (${err.message})` : (err?.message ?? 'the host closed the connection');
      reject(new HostUnreachableError(target, why));
    };
    client.once('error', done).once('close', () => done()).once('ready', () => done());
    client.connect({
      host: target.address,
      port: target.port,
      username: target.user,
      readyTimeout: timeoutMs,
      algorithms: { serverHostKey: hostKeyOrder(known, target) as ServerHostKeyAlgorithm[] },
      hostVerifier: (presented: Buffer) => {
        key = presented;
        return false;
      },
    });
  });
}
