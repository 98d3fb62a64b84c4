// Labs for tests: the shared 3-host lab that the fleet tests run on (brought up by the global setup and kept), and
// the config of a private lab for a test that makes and removes its own.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { isHealthy, labStatus, labUp, type LabConfig, type LabStatus } from '../../src/lab';

export const LAB_TEMPLATE = path.resolve(__dirname, '../../cluster-repo-template');

/** The fleet tests need at least this many hosts (zones a, b, c). */
export const SHARED_LAB_HOSTS = 3;

/** A lab beside the shared one: its own names, ranges and folders. */
export const PRIVATE_LAB_CONFIG: Partial<LabConfig> = {
  home: '/var/lib/berth-lab-test',
  runDir: '/run/berth-lab-test',
  netnsPrefix: 'blt-',
  vethPrefix: 'blt-',
  bridge: 'blt-lab0',
  subnet: '10.79.0.0/24',
  dockerSubnets: '10.80.0.0/16',
};

/** The same config as `berth lab` flags (hidden ones), for running the CLI on a private lab. */
export function labFlags(config: Partial<LabConfig>): string[] {
  const flag = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return Object.entries(config).flatMap(([key, value]) => [flag(key), String(value)]);
}

/** Brings up the shared lab, or repairs or grows it to SHARED_LAB_HOSTS; fast when it is healthy. Never shrinks it. */
export function ensureSharedLab(progress?: (line: string) => void): Promise<LabStatus> {
  return labUp({ hosts: SHARED_LAB_HOSTS, template: LAB_TEMPLATE, progress });
}

/** The shared lab as it is now (for fleet tests); an error when the global setup did not bring it up or it is broken. */
export async function sharedLab(): Promise<LabStatus> {
  const status = await labStatus();
  if (!status) throw new Error('no shared lab: the global setup (test/global-setup.ts) brings it up; or run `berth lab up`');
  if (!isHealthy(status)) throw new Error(`the shared lab is not healthy: ${JSON.stringify(status.hosts.map((h) => [h.name, h.ssh, h.docker]))}; run \`berth lab up\``);
  return status;
}

/** OpenSSH client arguments for a lab host, host key checked against the lab's known_hosts, no other config. */
export function sshArgs(lab: { identityFile: string; knownHosts: string }, host: { address: string; port: number }, knownHosts = lab.knownHosts): string[] {
  return [
    '-F', '/dev/null',
    '-i', lab.identityFile,
    '-p', String(host.port),
    '-o', `UserKnownHostsFile=${knownHosts}`,
    '-o', 'GlobalKnownHostsFile=/dev/null',
    '-o', 'StrictHostKeyChecking=yes',
    '-o', 'BatchMode=yes',
    '-o', 'ConnectTimeout=5',
    `root@${host.address}`,
  ];
}

/** Runs a command on a lab host with the OpenSSH client; returns its stdout, throws (with stderr) when it fails. */
export function ssh(lab: { identityFile: string; knownHosts: string }, host: { address: string; port: number }, command: string): string {
  return execFileSync('ssh', [...sshArgs(lab, host), command], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
}
