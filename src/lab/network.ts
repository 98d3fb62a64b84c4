// The lab's network: one bridge in the root namespace, one namespace per host joined to it by a veth pair, and the
// FORWARD rule without which a root-namespace dockerd's DROP policy eats host-to-host traffic (lab.md's pitfall).
import fs from 'node:fs';
import type { LabConfig } from './config';
import { LabError } from './errors';
import { must, run } from './exec';
import { bridgeAddress, type LabHost } from './plan';
import { netnsPath } from './processes';
import { routeConflicts, type Route } from './routes';

/** The rule, as iptables arguments after the chain; -C, -I and -D take the same. */
export function forwardRule(config: LabConfig): string[] {
  return ['-i', config.bridge, '-o', config.bridge, '-m', 'comment', '--comment', `berth lab ${config.home}`, '-j', 'ACCEPT'];
}

interface IpLink {
  ifname: string;
  master?: string;
  operstate?: string;
  flags?: string[];
  addr_info?: Array<{ family: string; local: string; prefixlen: number }>;
}

async function ipJson<T>(args: string[]): Promise<T | undefined> {
  const result = await run('ip', ['-j', ...args]);
  if (result.code !== 0) return undefined;
  return JSON.parse(result.stdout || '[]') as T;
}

async function link(name: string, netns?: string): Promise<IpLink | undefined> {
  const links = await ipJson<IpLink[]>([...(netns ? ['-n', netns] : []), 'addr', 'show', 'dev', name]);
  return links?.[0];
}

function isUp(l: IpLink | undefined): boolean {
  return !!l && (l.flags ?? []).includes('UP');
}

function hasAddress(l: IpLink | undefined, cidr: string): boolean {
  return !!l?.addr_info?.some((a) => a.family === 'inet' && `${a.local}/${a.prefixlen}` === cidr);
}

export async function checkRoutes(config: LabConfig): Promise<void> {
  const routes = (await ipJson<Route[]>(['route', 'show'])) ?? [];
  const problems = routeConflicts(routes, config);
  if (problems.length > 0) throw new LabError(`${problems.join('; ')}; choose other ranges`, { problems });
}

/** Makes the bridge and its address, and the FORWARD rule; returns what it had to do. */
export async function ensureBridge(config: LabConfig): Promise<string[]> {
  const done: string[] = [];
  const address = bridgeAddress(config);
  let bridge = await link(config.bridge);
  if (!bridge) {
    await must('ip', ['link', 'add', config.bridge, 'type', 'bridge']);
    done.push(`created bridge ${config.bridge}`);
    bridge = await link(config.bridge);
  }
  if (!hasAddress(bridge, address)) {
    await must('ip', ['addr', 'replace', address, 'dev', config.bridge]);
    done.push(`${config.bridge}: address ${address}`);
  }
  if (!isUp(bridge)) await must('ip', ['link', 'set', config.bridge, 'up']);
  if ((await run('iptables', ['-C', 'FORWARD', ...forwardRule(config)])).code !== 0) {
    await must('iptables', ['-I', 'FORWARD', ...forwardRule(config)]);
    done.push(`iptables: FORWARD accepts traffic within ${config.bridge}`);
  }
  return done;
}

/** Makes the host's namespace, veth pair, address and default route; whatever is already right is left alone. */
export async function ensureHostNetwork(config: LabConfig, host: LabHost): Promise<boolean> {
  const cidr = `${host.address}/24`;
  const gateway = bridgeAddress(config).split('/')[0];
  const nsExists = fs.existsSync(netnsPath(host.netns));
  const veth = nsExists ? await link(host.veth) : undefined;
  const eth0 = veth ? await link('eth0', host.netns) : undefined;
  if (nsExists && veth?.master === config.bridge && isUp(veth) && isUp(eth0) && hasAddress(eth0, cidr)) {
    const routes = (await ipJson<Route[]>(['-n', host.netns, 'route', 'show', 'default'])) ?? [];
    if (routes.length > 0) return false;
  }
  if (!nsExists) await must('ip', ['netns', 'add', host.netns]);
  if (!veth) {
    await deleteLink(host.veth);
    await must('ip', ['link', 'add', host.veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', host.netns]);
  }
  await must('ip', ['link', 'set', host.veth, 'master', config.bridge, 'up']);
  await must('ip', ['-n', host.netns, 'addr', 'replace', cidr, 'dev', 'eth0']);
  await must('ip', ['-n', host.netns, 'link', 'set', 'eth0', 'up']);
  await must('ip', ['-n', host.netns, 'link', 'set', 'lo', 'up']);
  await must('ip', ['-n', host.netns, 'route', 'replace', 'default', 'via', gateway]);
  // A host made anew has a new MAC behind its old address: the machine's neighbour entry for it would keep sending to
  // the old one (dropped) for up to 45 s, until it goes stale. Forgotten now, it is resolved on the next packet.
  await run('ip', ['neigh', 'flush', 'to', host.address]);
  return true;
}

/** The lab's network namespaces that exist now, by name. */
export async function listNetns(): Promise<string[]> {
  const list = (await ipJson<Array<{ name: string }>>(['netns', 'list'])) ?? [];
  return list.map((n) => n.name);
}

/** Pids of every process in the namespace: all of them are the lab host's (its daemons, SSH sessions, agents). */
export async function netnsPids(netns: string): Promise<number[]> {
  const result = await run('ip', ['netns', 'pids', netns]);
  return result.code === 0 ? result.stdout.split(/\s+/).filter(Boolean).map(Number) : [];
}

export async function deleteHostNetwork(host: LabHost): Promise<boolean> {
  let did = false;
  if (fs.existsSync(netnsPath(host.netns))) {
    await must('ip', ['netns', 'del', host.netns]);
    did = true;
  }
  // Deleting the namespace deletes the veth pair, asynchronously: only a link that outlives it is ours to delete.
  if (await deleteLink(host.veth)) did = true;
  return did;
}

/**
 * Deletes the link if it is there; whether it was. A namespace just deleted takes its veth peer with it a moment
 * later, so the link may vanish under us: that is no failure.
 */
async function deleteLink(name: string): Promise<boolean> {
  if (!(await link(name))) return false;
  const result = await run('ip', ['link', 'del', name]);
  if (result.code !== 0 && (await link(name))) throw new LabError(`ip link del ${name} failed: ${result.stderr.trim()}`);
  return true;
}

export async function deleteBridge(config: LabConfig): Promise<string[]> {
  const done: string[] = [];
  while ((await run('iptables', ['-C', 'FORWARD', ...forwardRule(config)])).code === 0) {
    await must('iptables', ['-D', 'FORWARD', ...forwardRule(config)]);
    done.push('removed the FORWARD rule');
  }
  if (await link(config.bridge)) {
    await must('ip', ['link', 'del', config.bridge]);
    done.push(`deleted bridge ${config.bridge}`);
  }
  return done;
}
