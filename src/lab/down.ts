// `berth lab down`: undoes exactly what `up` made — found from lab.json and from the names only the lab uses, so a
// crashed `up` is cleaned too — and nothing else. Running it twice is fine.
import fs from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { labConfig, type LabConfig } from './config';
import { dockerAnswers } from './probe';
import { removeDemoImages } from './images';
import { acquireLock } from './lock';
import { deleteBridge, deleteHostNetwork, listNetns, netnsPids } from './network';
import { must, run } from './exec';
import { mountsUnder } from './mounts';
import { labFiles, labHost, netnsIndex, type LabHost } from './plan';
import { hasMarker, isAlive, readPidFile, stopProcess, waitUntil } from './processes';
import { requireRoot } from './root';
import { readLabState, type LabState } from './state';
import type { LabOptions } from './status';

export interface LabDownOptions extends LabOptions {
  /** The machine's main Docker Engine, where `up` built the demo images. */
  docker?: Docker;
}

export async function labDown({ config: overrides, docker = new Docker(), progress = () => {} }: LabDownOptions = {}): Promise<void> {
  requireRoot();
  let config = labConfig(overrides);
  let state: LabState | undefined;
  try {
    state = readLabState(labFiles(config).state);
  } catch (err) {
    progress(`ignoring ${labFiles(config).state}: ${(err as Error).message}`);
  }
  if (state) config = state.config;
  const files = labFiles(config);
  const release = await acquireLock(files.lock, progress);
  try {
    const hosts = (await labHostIndexes(config, state)).map((i) => labHost(config, i));
    await Promise.all(hosts.map((host) => stopHost(host, progress)));
    for (const line of await deleteBridge(config)) progress(line);
    await unmountLeftovers(config, progress);
    if (state?.images.length) {
      await removeDemoImages(docker, state.images, progress).catch((err) => progress(`kept the demo images: ${(err as Error).message}`));
    }
    removeFiles(config, hosts);
  } finally {
    release();
    removeIfEmpty(config.runDir);
  }
}

/** Every host index the lab may have made: from lab.json, its namespaces, and its host folders. */
async function labHostIndexes(config: LabConfig, state: LabState | undefined): Promise<number[]> {
  const found = new Set<number>((state?.hosts ?? []).map((h) => Number(h.name.slice(1))));
  for (const name of await listNetns()) {
    const index = netnsIndex(config, name);
    if (index) found.add(index);
  }
  for (const dir of [config.home, config.runDir]) {
    for (const entry of safeReaddir(dir)) if (/^h[1-9]\d*$/.test(entry)) found.add(Number(entry.slice(1)));
  }
  return [...found].sort((a, b) => a - b);
}

async function stopHost(host: LabHost, progress: (line: string) => void): Promise<void> {
  // Containers first, through the host's own engine, so none outlives it; everything in that engine is the lab's.
  if (await dockerAnswers(host.docker.socket)) {
    const engine = new Docker({ socketPath: host.docker.socket });
    const containers = await engine.listContainers({ all: true }).catch(() => []);
    await Promise.all(containers.map((c) => engine.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
    if (containers.length > 0) progress(`${host.name}: removed ${containers.length} containers`);
  }
  for (const [name, pidFile, marker] of [
    ['dockerd', host.docker.pidFile, host.docker.execRoot],
    ['sshd', host.sshd.pidFile, host.sshd.config],
  ] as const) {
    const pid = readPidFile(pidFile);
    if (hasMarker(pid, marker)) {
      await stopProcess(pid, 20_000);
      progress(`${host.name}: stopped ${name} (pid ${pid})`);
    }
  }
  // What is left in the namespace was started on the host (SSH sessions, agents): the host's, so the lab's.
  const rest = await netnsPids(host.netns);
  if (rest.length > 0) {
    for (const pid of rest) signal(pid, 'SIGTERM');
    if (!(await waitUntil(() => rest.every((pid) => !isAlive(pid)), 5_000))) for (const pid of rest) signal(pid, 'SIGKILL');
    await waitUntil(() => rest.every((pid) => !isAlive(pid)), 5_000);
    progress(`${host.name}: stopped ${rest.length} more processes in ${host.netns}`);
  }
  if (await deleteHostNetwork(host)) progress(`${host.name}: deleted network namespace ${host.netns} and link ${host.veth}`);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

async function unmountLeftovers(config: LabConfig, progress: (line: string) => void): Promise<void> {
  const points = mountsUnder(fs.readFileSync('/proc/self/mountinfo', 'utf8'), [config.home, config.runDir]);
  for (const point of points) {
    if ((await run('umount', [point])).code !== 0) await must('umount', ['-l', point]);
    progress(`unmounted ${point}`);
  }
}

/** The lab's own entries in its folders; anything else a person put there stays, and so does its folder. */
function removeFiles(config: LabConfig, hosts: LabHost[]): void {
  const files = labFiles(config);
  for (const file of [files.state, files.identityFile, `${files.identityFile}.pub`, files.knownHosts, files.repo]) fs.rmSync(file, { recursive: true, force: true });
  for (const host of hosts) {
    fs.rmSync(host.dir, { recursive: true, force: true });
    fs.rmSync(host.runDir, { recursive: true, force: true });
  }
  for (const entry of safeReaddir(config.home)) if (entry.startsWith('.lab.json.')) fs.rmSync(path.join(config.home, entry), { force: true });
  removeIfEmpty(config.home);
}

function removeIfEmpty(dir: string): void {
  if (fs.existsSync(dir) && safeReaddir(dir).length === 0) fs.rmdirSync(dir);
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
