// The lab's address and path plan: every name, address and file of host hN follows from the config and N alone,
// so `up` can repair a half-made lab and `down` can find what a crashed `up` left behind.
import path from 'node:path';
import type { LabConfig } from './config';
import { formatIPv4, parseCidr } from '../common';

/** Where a lab host's sshd listens. */
export const SSH_PORT = 22;

export interface LabHost {
  /** The inventory name, hN. */
  name: string;
  index: number;
  /** The host's address on the bridge. */
  address: string;
  netns: string;
  /** The root-namespace end of the host's veth pair; the other end is eth0 in the namespace. */
  veth: string;
  /** Durable files: keys, sshd config, the engine's data root, the agent's home, logs. */
  dir: string;
  /** Runtime files: pid files, the engine's socket and exec root. */
  runDir: string;
  sshd: { config: string; hostKey: string; pidFile: string; log: string };
  docker: {
    dataRoot: string;
    execRoot: string;
    pidFile: string;
    socket: string;
    /** DOCKER_HOST for this host's engine. */
    host: string;
    /** The Docker bridge's address and range (dockerd --bip). */
    bip: string;
    /** The engine's own daemon.json, so the machine's /etc/docker/daemon.json never leaks into a lab engine. */
    configFile: string;
    /** A containerd namespace of its own, in case the engines ever share a system containerd. */
    containerdNamespace: string;
    log: string;
  };
  /** BERTH_AGENT_HOME: the agent derives its state and socket paths from it. */
  agentHome: string;
}

export interface LabFiles {
  home: string;
  state: string;
  identityFile: string;
  knownHosts: string;
  repo: string;
  lock: string;
}

export function labFiles(config: LabConfig): LabFiles {
  return {
    home: config.home,
    state: path.join(config.home, 'lab.json'),
    identityFile: path.join(config.home, 'id_ed25519'),
    knownHosts: path.join(config.home, 'known_hosts'),
    repo: path.join(config.home, 'repo'),
    lock: path.join(config.runDir, 'lab.lock'),
  };
}

/** The bridge's own address with its prefix, e.g. 10.77.0.1/24. */
export function bridgeAddress(config: LabConfig): string {
  const subnet = parseCidr(config.subnet)!;
  return `${formatIPv4(subnet.base + 1)}/${subnet.bits}`;
}

export function hostName(index: number): string {
  return `h${index}`;
}

export function labHost(config: LabConfig, index: number): LabHost {
  const name = hostName(index);
  const subnet = parseCidr(config.subnet)!;
  const dockerNet = parseCidr(config.dockerSubnets)!;
  const dir = path.join(config.home, name);
  const runDir = path.join(config.runDir, name);
  const socket = path.join(runDir, 'docker.sock');
  return {
    name,
    index,
    address: formatIPv4(subnet.base + 10 + index),
    netns: `${config.netnsPrefix}${name}`,
    veth: `${config.vethPrefix}${name}`,
    dir,
    runDir,
    sshd: {
      config: path.join(dir, 'sshd_config'),
      hostKey: path.join(dir, 'ssh_host_ed25519_key'),
      pidFile: path.join(runDir, 'sshd.pid'),
      log: path.join(dir, 'sshd.log'),
    },
    docker: {
      dataRoot: path.join(dir, 'docker'),
      execRoot: path.join(runDir, 'docker'),
      pidFile: path.join(runDir, 'docker.pid'),
      socket,
      host: `unix://${socket}`,
      bip: `${formatIPv4(dockerNet.base + index * 256 + 1)}/24`,
      configFile: path.join(dir, 'daemon.json'),
      containerdNamespace: `${config.netnsPrefix}${name}`,
      log: path.join(dir, 'dockerd.log'),
    },
    agentHome: path.join(dir, 'agent'),
  };
}

export function labHosts(config: LabConfig, count: number): LabHost[] {
  return Array.from({ length: count }, (_, i) => labHost(config, i + 1));
}

/** The index of a lab host's network namespace name (`berth-h3` → 3), or undefined for any other name. */
export function netnsIndex(config: LabConfig, netns: string): number | undefined {
  if (!netns.startsWith(config.netnsPrefix)) return undefined;
  const match = /^h([1-9]\d*)$/.exec(netns.slice(config.netnsPrefix.length));
  return match ? Number(match[1]) : undefined;
}

/** The environment every SSH session on the host gets (sshd SetEnv): who the host is, and where its engine is. */
export function hostEnv(host: LabHost): Record<string, string> {
  return { BERTH_HOST: host.name, BERTH_HOST_IP: host.address, DOCKER_HOST: host.docker.host, BERTH_AGENT_HOME: host.agentHome };
}
