// What the fault suite checks after each fault, on the hosts themselves (each lab host's own Docker Engine), not
// through Berth: which of Berth's containers run, since when, and which the engines started since a moment. "No
// healthy pod restarted" is then concrete: every container that ran before still runs, with the same ID and start
// time, and its engine started none of them again.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ControllerClient } from '../../../../src/controller';
import { labConfig, labHosts, type LabStatus } from '../../../../src/lab';
import { berthBin, hostDocker } from '../../e2e-fleet/lab-fleet';
import { waitUntil } from '../controller-lab';

export const HOSTS = ['h1', 'h2', 'h3'] as const;

export interface Run {
  host: string;
  id: string;
  /** namespace/pod/container, from Berth's labels. */
  name: string;
  startedAt: string;
}

/**
 * The running containers of the pods `client`'s controller shows, on `hosts`, by ID. Only those: a test file before
 * this one may leave containers stopping in the background (its hosts were emptied, their grace periods run on).
 */
export async function runningContainers(lab: LabStatus, client: ControllerClient, hosts: readonly string[] = HOSTS): Promise<Map<string, Run>> {
  const ours = new Set((await client.pods()).map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`));
  const runs = new Map<string, Run>();
  for (const host of hosts) {
    const docker = hostDocker(lab, host);
    const listed = await docker.listContainers({ filters: { label: ['berth.dev/managed'], status: ['running'] } });
    for (const c of listed) {
      const pod = `${c.Labels['berth.dev/namespace']}/${c.Labels['berth.dev/pod']}`;
      if (!ours.has(pod)) continue;
      const inspected = await docker.getContainer(c.Id).inspect();
      const name = `${pod}/${c.Labels['berth.dev/container']}`;
      runs.set(c.Id, { host, id: c.Id, name, startedAt: inspected.State.StartedAt });
    }
  }
  return runs;
}

/**
 * The next whole second since the epoch, as Docker's event filters take them: a container started earlier in this
 * second is not counted as started since (a restart later in it changes its start time, which is checked too).
 */
export const epochSeconds = () => Math.ceil(Date.now() / 1000);

/** IDs of the containers each host's engine started from `since` (epoch seconds) until now. */
export async function startedSince(lab: LabStatus, since: number, hosts: readonly string[] = HOSTS): Promise<Set<string>> {
  const started = new Set<string>();
  for (const host of hosts) {
    const stream = await hostDocker(lab, host).getEvents({ since, until: epochSeconds() + 1, filters: { type: ['container'], event: ['start'] } });
    const text = await new Promise<string>((resolve, reject) => {
      let out = '';
      stream.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      stream.on('end', () => resolve(out));
      stream.on('error', reject);
    });
    for (const line of text.split('\n').filter((l) => l.trim())) started.add((JSON.parse(line) as { id: string }).id);
  }
  return started;
}

/**
 * What went wrong with the containers of `before` now: each one gone, started again (another start time), or started
 * by its engine since `since`. Empty: none of them restarted.
 */
export async function restartedOf(lab: LabStatus, before: ReadonlyMap<string, Run>, since: number): Promise<string[]> {
  const hosts = [...new Set([...before.values()].map((r) => r.host))];
  const now = new Map<string, { startedAt: string }>();
  for (const host of hosts) {
    const docker = hostDocker(lab, host);
    for (const c of await docker.listContainers({ filters: { label: ['berth.dev/managed'], status: ['running'] } })) {
      if (before.has(c.Id)) now.set(c.Id, { startedAt: (await docker.getContainer(c.Id).inspect()).State.StartedAt });
    }
  }
  const started = await startedSince(lab, since, hosts);
  const problems: string[] = [];
  for (const run of before.values()) {
    const after = now.get(run.id);
    if (!after) problems.push(`${run.name} on ${run.host}: container ${run.id.slice(0, 12)} no longer runs`);
    else if (after.startedAt !== run.startedAt) problems.push(`${run.name} on ${run.host}: started again at ${after.startedAt} (was ${run.startedAt})`);
    if (started.has(run.id)) problems.push(`${run.name} on ${run.host}: its engine started ${run.id.slice(0, 12)} again`);
  }
  return problems;
}

/** The runs on some hosts only. */
export function onHosts(runs: ReadonlyMap<string, Run>, hosts: readonly string[]): Map<string, Run> {
  return new Map([...runs].filter(([, r]) => hosts.includes(r.host)));
}

/** A host's agent home (its state folder on the lab). */
export function agentHome(lab: LabStatus, host: string): string {
  return lab.hosts.find((h) => h.name === host)!.agentHome;
}

export function agentPid(lab: LabStatus, host: string): number | undefined {
  try {
    return Number(fs.readFileSync(path.join(agentHome(lab, host), 'agent.pid'), 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * kill -9 of a host's agent, by the pid its supervisor recorded (never by name: every lab host's agent runs on this
 * machine). `meanwhile` runs while it is down: the supervisor starts a new one 2 s after it died.
 */
export async function killAgent(lab: LabStatus, host: string, meanwhile?: () => void): Promise<number> {
  const pid = agentPid(lab, host);
  if (!pid) throw new Error(`no agent pid on ${host}`);
  process.kill(pid, 'SIGKILL');
  await waitUntil(`the agent of ${host} (pid ${pid}) gone`, () => !alive(pid), 10_000, 50);
  meanwhile?.();
  await waitUntil(`a new agent on ${host}`, () => {
    const next = agentPid(lab, host);
    return next !== undefined && next !== pid && alive(next);
  }, 30_000, 200);
  return pid;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Installs this build's agent on the lab's hosts (an upgrade in place: no pod restarts). Every worktree's agent has
 * the same version, and the controller installs only where the version differs, so without this the hosts could run
 * another build's agent.
 */
export function bootstrapThisBuild(repo: string): void {
  const r = berthBin(['hosts', 'bootstrap', '--repo', repo]);
  if (r.code !== 0) throw new Error(`berth hosts bootstrap failed:\n${r.stderr}${r.stdout}`);
}

/** The pid of a host's Docker Engine, from the lab's pid file. */
export function dockerdPid(host: string): number {
  const planned = labHosts(labConfig(), HOSTS.length).find((h) => h.name === host)!;
  return Number(fs.readFileSync(planned.docker.pidFile, 'utf8').trim());
}

/** Runs a command, returning its stdout (for mount, cp, umount). */
export function sh(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8' });
}
