// One inventory host as a place to connect to: its connection settings resolved against the cluster repo.
import os from 'node:os';
import path from 'node:path';
import type { InventoryHost } from '../../manifest';

export interface SshTarget {
  /** The inventory name. */
  host: string;
  address: string;
  port: number;
  user: string;
  /** Absolute path of the private key; unset means ssh-agent. */
  identityFile?: string;
  /** Absolute path of the known_hosts file. */
  knownHosts: string;
}

/** `~` is the controller user's home; other relative paths are relative to the cluster repo's root. */
export function resolvePath(file: string, repoRoot: string): string {
  if (file === '~') return os.homedir();
  if (file.startsWith('~/')) return path.join(os.homedir(), file.slice(2));
  return path.resolve(repoRoot, file);
}

export function sshTarget(h: InventoryHost, repoRoot: string): SshTarget {
  return {
    host: h.name,
    address: h.address,
    port: h.port ?? 22,
    user: h.user ?? 'root',
    ...(h.identityFile ? { identityFile: resolvePath(h.identityFile, repoRoot) } : {}),
    knownHosts: resolvePath(h.knownHosts ?? 'known_hosts', repoRoot),
  };
}
