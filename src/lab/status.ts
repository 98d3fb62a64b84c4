// `berth lab status`: the state file, checked against the living processes.
import { labConfig, type LabConfig } from './config';
import { dockerStatus, dockerdPid, sshStatus, sshdPid } from './daemons';
import { labFiles, labHost } from './plan';
import { requireRoot } from './root';
import { readLabState, type LabState } from './state';
import type { LabStatus } from './status-render';

export interface LabOptions {
  /** Which lab: the default one unless a test makes its own. */
  config?: Partial<LabConfig>;
  /** Called with one line per step taken (the CLI prints them on stderr). */
  progress?: (line: string) => void;
}

/** The lab's hosts with the state of their daemons now, or undefined when there is no lab. */
export async function labStatus({ config: overrides }: LabOptions = {}): Promise<LabStatus | undefined> {
  requireRoot();
  const state = readLabState(labFiles(labConfig(overrides)).state);
  return state ? statusOf(state) : undefined;
}

export async function statusOf(state: LabState): Promise<LabStatus> {
  const hosts = await Promise.all(
    state.hosts.map(async (h) => {
      const host = labHost(state.config, Number(h.name.slice(1)));
      const [ssh, docker] = await Promise.all([sshStatus(host), dockerStatus(host)]);
      return { ...h, sshdPid: sshdPid(host) ?? h.sshdPid, dockerdPid: dockerdPid(host) ?? h.dockerdPid, ssh, docker };
    }),
  );
  return { hosts, repo: state.repo, knownHosts: state.knownHosts, identityFile: state.identityFile };
}
