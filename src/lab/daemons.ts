// Each lab host's sshd and Docker Engine: healthy ones are left alone; dead or silent ones are (re)started.
import fs from 'node:fs';
import { LabError } from './errors';
import { SSH_PORT, type LabHost } from './plan';
import { dockerAnswers, sshAnswers } from './probe';
import { isAlive, isLabProcess, readPidFile, startInNetns, stopProcess, waitUntil } from './processes';
import type { ProcessStatus } from './status-render';

const SSHD_START_MS = 10_000;
const DOCKERD_START_MS = 60_000;

/** dockerd's command line for the host: every path its own, and its own daemon.json. */
export function dockerdArgs(host: LabHost): string[] {
  const d = host.docker;
  return [
    'dockerd',
    `--config-file=${d.configFile}`,
    `--data-root=${d.dataRoot}`,
    `--exec-root=${d.execRoot}`,
    `--pidfile=${d.pidFile}`,
    `--host=${d.host}`,
    `--bip=${d.bip}`,
    `--containerd-namespace=${d.containerdNamespace}`,
    `--containerd-plugins-namespace=${d.containerdNamespace}-plugins`,
  ];
}

export function sshdArgs(host: LabHost): string[] {
  // -D: stay in the foreground, so the pid we spawn is the daemon's (it still writes its PidFile).
  return ['/usr/sbin/sshd', '-D', '-f', host.sshd.config, '-E', host.sshd.log];
}

export function sshdPid(host: LabHost): number | undefined {
  const pid = readPidFile(host.sshd.pidFile);
  return isLabProcess(pid, host.netns, host.sshd.config) ? pid : undefined;
}

export function dockerdPid(host: LabHost): number | undefined {
  const pid = readPidFile(host.docker.pidFile);
  return isLabProcess(pid, host.netns, host.docker.execRoot) ? pid : undefined;
}

export async function sshStatus(host: LabHost): Promise<ProcessStatus> {
  if (!sshdPid(host)) return 'Stopped';
  return (await sshAnswers(host.address, SSH_PORT)) ? 'Running' : 'Unresponsive';
}

export async function dockerStatus(host: LabHost): Promise<ProcessStatus> {
  if (!dockerdPid(host)) return 'Stopped';
  return (await dockerAnswers(host.docker.socket)) ? 'Running' : 'Unresponsive';
}

/** Whether the new daemon answers yet; a daemon that died fails at once, with no point in waiting longer. */
async function answersWhileAlive(pid: number, answers: () => Promise<boolean>, exited: string): Promise<boolean> {
  if (await answers()) return true;
  if (!isAlive(pid)) throw new LabError(exited);
  return false;
}

/** Starts the host's sshd unless it runs and answers; `restart` when its config changed. Returns its pid. */
export async function ensureSshd(host: LabHost, restart: boolean, progress: (line: string) => void): Promise<number> {
  if (!restart && (await sshStatus(host)) === 'Running') return sshdPid(host)!;
  const old = sshdPid(host);
  if (old) await stopProcess(old);
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // sshd's privilege separation folder
  progress(`${host.name}: starting sshd on ${host.address}:${SSH_PORT}`);
  fs.rmSync(host.sshd.pidFile, { force: true });
  const pid = await startInNetns(host.netns, sshdArgs(host), host.sshd.log);
  if (!(await waitUntil(() => answersWhileAlive(pid, () => sshAnswers(host.address, SSH_PORT, 500), `${host.name}: sshd exited while starting; see ${host.sshd.log}`), SSHD_START_MS, 100))) {
    throw new LabError(`${host.name}: sshd did not answer on ${host.address}:${SSH_PORT} within ${SSHD_START_MS / 1000} s; see ${host.sshd.log}`, { host: host.name });
  }
  return pid;
}

/** Starts the host's Docker Engine unless it runs and answers. Returns its pid. */
export async function ensureDockerd(host: LabHost, progress: (line: string) => void): Promise<number> {
  const status = await dockerStatus(host);
  if (status === 'Running') return dockerdPid(host)!;
  const old = dockerdPid(host);
  if (old) await stopProcess(old, 20_000);
  progress(`${host.name}: starting dockerd (${host.docker.host})`);
  // A pid file naming a live process that is not the lab's (a reused pid) would make dockerd refuse to start.
  fs.rmSync(host.docker.pidFile, { force: true });
  const pid = await startInNetns(host.netns, dockerdArgs(host), host.docker.log);
  if (!(await waitUntil(() => answersWhileAlive(pid, () => dockerAnswers(host.docker.socket, 1_000), `${host.name}: dockerd exited while starting; see ${host.docker.log}`), DOCKERD_START_MS, 200))) {
    throw new LabError(`${host.name}: dockerd did not answer on ${host.docker.socket} within ${DOCKERD_START_MS / 1000} s; see ${host.docker.log}`, { host: host.name });
  }
  return pid;
}
