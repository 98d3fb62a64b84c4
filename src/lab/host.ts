// One lab host made whole: folders, host key, sshd and engine configs, network, sshd and dockerd.
import fs from 'node:fs';
import type { LabConfig } from './config';
import { ensureDockerd, ensureSshd, sshdPid } from './daemons';
import { ensureKey, writeIfChanged } from './keys';
import { ensureHostNetwork } from './network';
import type { LabFiles, LabHost } from './plan';
import { hasMarker, netnsPath, readPidFile, stopProcess } from './processes';
import { sshdConfig } from './sshd-config';
import { hostState, type LabHostState } from './state';

export async function ensureHost(config: LabConfig, host: LabHost, files: LabFiles, progress: (line: string) => void): Promise<LabHostState> {
  for (const dir of [host.dir, host.runDir, host.agentHome]) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const newKey = await ensureKey(host.sshd.hostKey, `berth-lab ${host.name}`);
  if (newKey) progress(`${host.name}: generated its SSH host key`);
  const newConfig = writeIfChanged(host.sshd.config, sshdConfig(host, `${files.identityFile}.pub`));
  writeIfChanged(host.docker.configFile, '{}\n');
  if (!fs.existsSync(netnsPath(host.netns))) await stopOrphans(host, progress);
  if (await ensureHostNetwork(config, host)) progress(`${host.name}: network namespace ${host.netns}, ${host.address} on ${config.bridge}`);
  const running = sshdPid(host) !== undefined;
  const sshd = await ensureSshd(host, running && (newKey || newConfig), progress);
  const dockerd = await ensureDockerd(host, progress);
  return hostState(host, { sshd, dockerd });
}

/** Daemons whose namespace was deleted under them still run, unreachable: stop them before starting new ones. */
async function stopOrphans(host: LabHost, progress: (line: string) => void): Promise<void> {
  for (const [name, pidFile, marker] of [
    ['dockerd', host.docker.pidFile, host.docker.execRoot],
    ['sshd', host.sshd.pidFile, host.sshd.config],
  ] as const) {
    const pid = readPidFile(pidFile);
    if (hasMarker(pid, marker)) {
      progress(`${host.name}: stopping ${name} (pid ${pid}), whose network namespace is gone`);
      await stopProcess(pid, 20_000);
    }
  }
}
