// `berth lab up`: makes whatever is missing or broken, leaves whatever is healthy. Running it again changes nothing.
import fs from 'node:fs';
import type Docker from 'dockerode';
import { labConfig, MAX_HOSTS, type LabConfig } from './config';
import { LabError } from './errors';
import { ensureHost } from './host';
import { ensureDemoImages, mainEngine } from './images';
import { ensureKey, publicKey, writeIfChanged } from './keys';
import { knownHostsText } from './known-hosts';
import { acquireLock } from './lock';
import { checkRoutes, ensureBridge } from './network';
import { labFiles, labHosts } from './plan';
import { installPrerequisites } from './prerequisites';
import { ensureLabRepo } from './repo';
import { requireRoot } from './root';
import { readLabState, writeLabState, LAB_STATE_VERSION, type LabState } from './state';
import { statusOf, type LabOptions } from './status';
import type { LabStatus } from './status-render';

/** Hosts of a new lab when `--hosts` is not given: enough for zones a, b, c. */
export const DEFAULT_HOSTS = 3;

export interface LabUpOptions extends LabOptions {
  /** How many hosts the lab should have. Default: as many as it has, or 3 for a new lab. Never fewer than it has. */
  hosts?: number;
  /** The cluster-repo-template folder to make the lab's cluster repo from. */
  template: string;
  /** The machine's main Docker Engine, where the demo images are built. Default: DOCKER_HOST or /var/run/docker.sock. */
  docker?: Docker;
}

export async function labUp({ config: overrides, hosts, template, docker, progress = () => {} }: LabUpOptions): Promise<LabStatus> {
  requireRoot();
  const config = labConfig(overrides);
  if (hosts !== undefined && !(Number.isInteger(hosts) && hosts >= 1 && hosts <= MAX_HOSTS)) {
    throw new LabError(`--hosts must be a whole number from 1 to ${MAX_HOSTS}, not ${hosts}`);
  }
  if (!fs.existsSync(template)) throw new LabError(`no cluster repo template at ${template}`);
  const files = labFiles(config);
  const release = await acquireLock(files.lock, progress);
  try {
    const installed = await installPrerequisites(progress);
    if (installed.length > 0) progress(`installed ${installed.join(', ')}`);
    const engine = await mainEngine(docker);
    fs.mkdirSync(config.home, { recursive: true, mode: 0o700 });
    fs.chmodSync(config.home, 0o700); // sshd's StrictModes refuses keys in a folder others may write to
    const previous = readLabState(files.state);
    if (previous) sameConfig(previous.config, config);
    const current = previous?.hosts.length ?? 0;
    const count = Math.max(hosts ?? (current || DEFAULT_HOSTS), current);
    if (hosts !== undefined && hosts < current) {
      progress(`the lab has ${current} hosts and up never removes any; for ${hosts}: berth lab down, then berth lab up --hosts ${hosts}`);
    }
    await checkRoutes(config);
    if (await ensureKey(files.identityFile, 'berth-lab')) progress(`generated the client key ${files.identityFile}`);
    for (const line of await ensureBridge(config)) progress(line);
    const planned = labHosts(config, count);
    const hostStates = await Promise.all(planned.map((host) => ensureHost(config, host, files, progress)));
    const knownHosts = knownHostsText(planned.map((h) => ({ address: h.address, publicKey: publicKey(h.sshd.hostKey) })));
    if (writeIfChanged(files.knownHosts, knownHosts, 0o644)) progress(`wrote ${files.knownHosts}`);
    const built = await ensureDemoImages(engine, progress);
    const inventory = { hosts: planned.map((h) => ({ name: h.name, address: h.address })), identityFile: files.identityFile, knownHosts: files.knownHosts };
    const repoChange = await ensureLabRepo(files.repo, template, inventory);
    if (repoChange) progress(repoChange);
    const state: LabState = {
      version: LAB_STATE_VERSION,
      config,
      hosts: hostStates,
      repo: files.repo,
      identityFile: files.identityFile,
      knownHosts: files.knownHosts,
      images: [...(previous?.images ?? []).filter((i) => !built.some((b) => b.tag === i.tag)), ...built],
    };
    if (JSON.stringify(state) !== JSON.stringify(previous)) writeLabState(files.state, state);
    return await statusOf(state);
  } finally {
    release();
  }
}

/** A lab is made with one config; another one for the same home would orphan what the first made. */
function sameConfig(made: LabConfig, asked: LabConfig): void {
  const differs = (Object.keys(asked) as Array<keyof LabConfig>).filter((k) => made[k] !== asked[k]);
  if (differs.length > 0) {
    const what = differs.map((k) => `${k} ${made[k]} (asked: ${asked[k]})`).join(', ');
    throw new LabError(`the lab in ${made.home} was made with ${what}; run berth lab down first to change it`, { differs });
  }
}
