// lab.json: what the lab made, so `status` can report it and `down` can undo exactly it. Written atomically.
import fs from 'node:fs';
import { writeFileAtomicSync } from '../common';
import type { LabConfig } from './config';
import { LabError } from './errors';
import { SSH_PORT, type LabHost } from './plan';

export const LAB_STATE_VERSION = 1;

export interface LabHostState {
  name: string;
  address: string;
  port: number;
  netns: string;
  veth: string;
  sshdPid: number;
  dockerdPid: number;
  /** DOCKER_HOST of the host's engine. */
  dockerHost: string;
  /** BERTH_AGENT_HOME on the host. */
  agentHome: string;
}

export interface LabState {
  version: typeof LAB_STATE_VERSION;
  config: LabConfig;
  hosts: LabHostState[];
  /** The cluster repo made from the template for this lab. */
  repo: string;
  identityFile: string;
  knownHosts: string;
  /** Demo images this lab built in the machine's Docker Engine (tag and image id); `down` removes exactly these. */
  images: Array<{ tag: string; id: string }>;
}

export function hostState(host: LabHost, pids: { sshd: number; dockerd: number }): LabHostState {
  return {
    name: host.name,
    address: host.address,
    port: SSH_PORT,
    netns: host.netns,
    veth: host.veth,
    sshdPid: pids.sshd,
    dockerdPid: pids.dockerd,
    dockerHost: host.docker.host,
    agentHome: host.agentHome,
  };
}

export function readLabState(file: string): LabState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const state = JSON.parse(text) as LabState;
    if (state.version !== LAB_STATE_VERSION) throw new Error(`version ${String(state.version)}, expected ${LAB_STATE_VERSION}`);
    return state;
  } catch (err) {
    throw new LabError(`${file} is not a lab state file (${(err as Error).message}); run \`berth lab down\` and \`berth lab up\` again`, { file });
  }
}

/** A crash leaves the old state or the new one, never half of one (temp file, fsync, rename, fsync of the folder). */
export function writeLabState(file: string, state: LabState): void {
  writeFileAtomicSync(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}
