// The lab's daemons: started detached inside a host's network namespace, recognised by pid, namespace and command
// line (never by name, so nothing else on the machine is ever touched), stopped by pid.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { sleep } from '../common';
import { LabError } from './errors';

export function netnsPath(netns: string): string {
  return `/var/run/netns/${netns}`;
}

export function readPidFile(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Alive, and not a zombie waiting for a parent (pid 1 of a container may never reap the daemons it inherits). */
export function isAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Whether pid is alive with `marker` (a path only the lab uses) on its command line, in whatever namespace. */
export function hasMarker(pid: number | undefined, marker: string): pid is number {
  if (!pid || !isAlive(pid)) return false;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').some((arg) => arg.includes(marker));
  } catch {
    return false;
  }
}

function netnsId(file: string): string | undefined {
  try {
    return `net:[${fs.statSync(file).ino}]`;
  } catch {
    return undefined;
  }
}

/**
 * Whether pid is the lab's process: alive, in the host's network namespace, and with `marker` (its config file or
 * exec root) on its command line. A reused pid fails at least one of these.
 */
export function isLabProcess(pid: number | undefined, netns: string, marker: string): pid is number {
  if (!hasMarker(pid, marker)) return false;
  try {
    const ns = netnsId(netnsPath(netns));
    return !!ns && fs.readlinkSync(`/proc/${pid}/ns/net`) === ns;
  } catch {
    return false;
  }
}

const DAEMON_ENV = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' };

/** Starts argv inside the namespace, in a session of its own (setsid), output to a log file; returns its pid. */
export function startInNetns(netns: string, argv: string[], logFile: string): Promise<number> {
  const log = fs.openSync(logFile, 'a', 0o600);
  try {
    // nsenter with only --net execs the command itself, so the child's pid is the daemon's.
    // A clean environment and cwd: the daemons behave the same whoever ran `up` (a shell, a test runner).
    const child = spawn('nsenter', [`--net=${netnsPath(netns)}`, ...argv], { detached: true, stdio: ['ignore', log, log], cwd: '/', env: DAEMON_ENV });
    return new Promise((resolve, reject) => {
      child.once('error', (err) => reject(new LabError(`cannot start ${argv[0]} in ${netns}: ${err.message}`, { netns })));
      child.once('spawn', () => {
        child.unref();
        resolve(child.pid!);
      });
    });
  } finally {
    fs.closeSync(log);
  }
}

/** SIGTERM, then SIGKILL if it is still there after graceMs; resolves when it is gone. */
export async function stopProcess(pid: number, graceMs = 10_000): Promise<void> {
  if (!signal(pid, 'SIGTERM')) return;
  if (await waitUntil(() => !isAlive(pid), graceMs)) return;
  signal(pid, 'SIGKILL');
  await waitUntil(() => !isAlive(pid), 5_000);
}

function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

/** Polls `check` until it holds or the time is up; tells which. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}
