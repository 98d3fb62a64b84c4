// A private Docker Engine for tests that stop and start one (the machine's own engine is never touched): dockerd in
// a network namespace of its own, with its own data root, exec root, pid file, socket and bridge range, as
// /work/shared/lab.md shows. Everything is named berth-tdk-<pid>; remove() takes all of it away.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';

export interface PrivateDockerd {
  name: string;
  /** /var/run/netns/<name>: run processes there with `nsenter --net=<netns>`. */
  netns: string;
  /** DOCKER_HOST for clients of this engine. */
  host: string;
  docker: Docker;
  /** The bridge's address: the host side of the pods' network. */
  gateway: string;
  /** The engine's pid, while it runs. */
  pid(): number | undefined;
  /** Starts the engine (again) and waits until it answers. */
  start(): Promise<void>;
  /** SIGTERM by its pid file (the engine stops its containers), and waits until it has exited. */
  stop(): Promise<void>;
  /** Stops it, then removes its netns, unmounts what it left mounted and deletes its folders. */
  remove(): Promise<void>;
  /** The engine's log so far. */
  log(): string;
}

export async function startDockerd(name = `berth-tdk-${process.pid}`): Promise<PrivateDockerd> {
  const netns = `/var/run/netns/${name}`;
  const dataRoot = `/var/lib/${name}`;
  const runDir = `/run/${name}`;
  const pidFile = join(runDir, 'docker.pid');
  const socket = join(runDir, 'docker.sock');
  const logFile = join(runDir, 'dockerd.log');
  // A /24 of its own, so two of these (two test runs) never share a range.
  const subnet = `10.213.${process.pid % 250}`;
  const docker = new Docker({ socketPath: socket });
  mkdirSync(runDir, { recursive: true, mode: 0o700 });
  mkdirSync(dataRoot, { recursive: true, mode: 0o700 });
  // Its own (empty) config: a machine's /etc/docker/daemon.json may name a data root or hosts of its own.
  writeFileSync(join(runDir, 'daemon.json'), '{}\n');
  if (!existsSync(netns)) {
    execFileSync('ip', ['netns', 'add', name]);
    execFileSync('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
  }

  const pid = (): number | undefined => {
    try {
      const n = Number(readFileSync(pidFile, 'utf8').trim());
      process.kill(n, 0);
      return n;
    } catch {
      return undefined;
    }
  };
  const waitFor = async (check: () => Promise<boolean> | boolean, what: string, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`private dockerd ${name}: ${what} within ${timeoutMs} ms; log:\n${tail()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const tail = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n') : '');

  const engine: PrivateDockerd = {
    name,
    netns,
    host: `unix://${socket}`,
    docker,
    gateway: `${subnet}.1`,
    pid,
    async start() {
      if (pid()) return;
      const out = openSync(logFile, 'a');
      // nsenter, not `ip netns exec`: the latter remounts /sys and dockerd then finds no cgroups (lab.md).
      const args = [`--net=${netns}`, 'setsid', 'dockerd', '--config-file', join(runDir, 'daemon.json'), '--data-root', dataRoot];
      args.push('--exec-root', join(runDir, 'exec'), '--pidfile', pidFile, '-H', `unix://${socket}`, '--bip', `${subnet}.1/24`);
      spawn('nsenter', args, { detached: true, stdio: ['ignore', out, out] }).unref();
      await waitFor(() => docker.ping().then(() => true, () => false), 'did not answer', 60_000);
    },
    async stop() {
      const n = pid();
      if (!n) return;
      process.kill(n, 'SIGTERM');
      await waitFor(() => pid() === undefined, 'did not exit after SIGTERM', 60_000);
    },
    async remove() {
      await engine.stop().catch(() => {
        const n = pid();
        if (n) process.kill(n, 'SIGKILL');
      });
      const containerd = join(runDir, 'exec', 'containerd', 'containerd.pid');
      if (existsSync(containerd)) {
        try {
          process.kill(Number(readFileSync(containerd, 'utf8').trim()), 'SIGKILL');
        } catch {
          // gone with its dockerd, as it should be
        }
      }
      for (const mount of mountsUnder([dataRoot, runDir]).reverse()) execFileSync('umount', ['-l', mount]);
      if (existsSync(netns)) execFileSync('ip', ['netns', 'del', name]);
      rmSync(dataRoot, { recursive: true, force: true });
      rmSync(runDir, { recursive: true, force: true });
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
  };
  try {
    await engine.start();
  } catch (err) {
    await engine.remove();
    throw err;
  }
  return engine;
}

/** Mount points at or under these folders, in the order they were mounted. */
function mountsUnder(roots: string[]): string[] {
  const points = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((p): p is string => Boolean(p))
    .map((p) => p.replace(/\\040/g, ' '));
  return points.filter((p) => roots.some((r) => p === r || p.startsWith(`${r}/`)));
}
