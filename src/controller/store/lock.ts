// One controller per state folder. The lock is flock(2) on <state>/controller.lock, taken through util-linux's flock(1)
// on a descriptor this process keeps open: the lock belongs to that open file, so the kernel lets go of it when the
// process ends however it ends, SIGKILL included, and no stale lock is ever left to clean up.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BerthError } from '../../errors';

const LOCK_FILE = 'controller.lock';

/** Who holds a state folder: written into the lock file by the process that holds it. */
export interface StateHolder {
  pid: number;
  startedAt: string;
}

export interface StateLock {
  /** Lets go of the lock (it also goes when the process ends). */
  release(): void;
}

/**
 * Takes the state folder's lock for this process's life, or throws StateLocked naming the process that holds it.
 * `now` is recorded as the holder's start time.
 */
export function lockState(stateDir: string, now: Date): StateLock {
  fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const file = path.join(stateDir, LOCK_FILE);
  const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
  // The child's fd 3 is this very open file: the lock it takes stays with this process once the child has exited.
  const taken = spawnSync('flock', ['--nonblock', '--exclusive', '3'], { stdio: ['ignore', 'ignore', 'pipe', fd], encoding: 'utf8' });
  if (taken.error || (taken.status !== 0 && taken.status !== 1)) {
    fs.closeSync(fd);
    const why = taken.error?.message ?? (taken.stderr.trim() || `exit ${taken.status}`);
    throw new BerthError('StateLockFailed', `cannot lock ${file}: ${why}; util-linux's flock is needed (apt-get install util-linux)`, { file });
  }
  if (taken.status === 1) {
    fs.closeSync(fd);
    const holder = readHolder(file);
    const who = holder ? `pid ${holder.pid}, started ${holder.startedAt}` : 'a process that has not said who it is yet';
    throw new BerthError('StateLocked', `another berth controller (${who}) runs on the state in ${stateDir}; stop it first (berth controller --stop, or SIGTERM to its pid) — two controllers on one state would send the hosts conflicting sets`, { stateDir, ...holder });
  }
  const holder: StateHolder = { pid: process.pid, startedAt: now.toISOString() };
  fs.ftruncateSync(fd, 0);
  fs.writeSync(fd, `${JSON.stringify(holder)}\n`, 0);
  return { release: () => fs.closeSync(fd) };
}

function readHolder(file: string): StateHolder | undefined {
  try {
    const holder = JSON.parse(fs.readFileSync(file, 'utf8')) as StateHolder;
    return Number.isInteger(holder.pid) && typeof holder.startedAt === 'string' ? holder : undefined;
  } catch {
    return undefined;
  }
}
