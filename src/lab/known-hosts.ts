// The lab's known_hosts: the lab made every host key itself, so recording them is verification, not blind trust.
import { SSH_PORT } from './plan';

export interface HostKeyEntry {
  address: string;
  port?: number;
  /** The public key line as ssh-keygen wrote it: "ssh-ed25519 AAAA… comment". */
  publicKey: string;
}

/** OpenSSH known_hosts lines: "10.77.0.11 ssh-ed25519 AAAA…" ([address]:port when the port is not 22). */
export function knownHostsText(entries: HostKeyEntry[]): string {
  return entries
    .map(({ address, port = SSH_PORT, publicKey }) => {
      const [type, key] = publicKey.trim().split(/\s+/);
      const host = port === SSH_PORT ? address : `[${address}]:${port}`;
      return `${host} ${type} ${key}\n`;
    })
    .join('');
}
