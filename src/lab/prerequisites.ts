// What the lab needs from Debian, installed when missing: only the missing packages, with apt-get's own progress.
import fs from 'node:fs';
import path from 'node:path';
import { isStaticElf } from './elf';
import { LabError } from './errors';
import { runStreaming } from './exec';

export const BUSYBOX = '/bin/busybox';

export interface Prerequisite {
  /** The Debian package that provides it. */
  package: string;
  /** What the lab uses from it, for messages. */
  provides: string;
  present(): boolean;
}

export const PREREQUISITES: Prerequisite[] = [
  { package: 'docker.io', provides: 'dockerd', present: () => onPath('dockerd') },
  { package: 'openssh-server', provides: '/usr/sbin/sshd', present: () => fs.existsSync('/usr/sbin/sshd') },
  { package: 'openssh-client', provides: 'ssh-keygen', present: () => onPath('ssh-keygen') },
  { package: 'iptables', provides: 'iptables', present: () => onPath('iptables') },
  { package: 'iproute2', provides: 'ip', present: () => onPath('ip') },
  { package: 'busybox-static', provides: BUSYBOX, present: () => fs.existsSync(BUSYBOX) },
];

export function missingPackages(prerequisites = PREREQUISITES): string[] {
  return prerequisites.filter((p) => !p.present()).map((p) => p.package);
}

/** Installs what is missing with apt-get (update first: a fresh machine has no package lists). */
export async function installPrerequisites(progress: (line: string) => void): Promise<string[]> {
  const missing = missingPackages();
  if (missing.length > 0) {
    if (!onPath('apt-get')) throw new LabError(`the lab needs ${missing.join(', ')} (Debian packages) and this machine has no apt-get; install them and run this again`);
    progress(`installing ${missing.join(' ')} with apt-get`);
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    await runStreaming('apt-get', ['update'], env, (l) => progress(`  ${l}`));
    await runStreaming('apt-get', ['install', '-y', ...missing], env, (l) => progress(`  ${l}`));
    const still = missingPackages();
    if (still.length > 0) throw new LabError(`apt-get installed ${missing.join(', ')} but ${still.join(', ')} still look missing`);
  }
  // Debian's `busybox` package has a dynamically linked one; replacing it is the person's call, not the lab's.
  if (!isStaticElf(fs.readFileSync(BUSYBOX))) {
    throw new LabError(`${BUSYBOX} is dynamically linked, so it cannot run in an image FROM scratch; install busybox-static (apt-get install busybox-static, which replaces busybox) and run this again`);
  }
  return missing;
}

function onPath(command: string): boolean {
  const dirs = (process.env.PATH || '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin').split(':');
  // Root's usual sbin folders too: `sudo` may hand a PATH without them.
  return [...dirs, '/usr/sbin', '/sbin'].some((dir) => {
    try {
      fs.accessSync(path.join(dir, command), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
