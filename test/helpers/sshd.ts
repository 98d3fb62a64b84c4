// A real OpenSSH sshd on 127.0.0.1 for tests: its own free port, host key, client key and authorized_keys, all in a
// mode-0700 temp folder; started as a child process (`sshd -D -e`) and stopped by its pid.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Inventory, InventoryHost } from '../../src/manifest';

export interface Sshd {
  /** The temp folder: host_ed25519(.pub), id_ed25519(.pub), authorized_keys, sshd_config, known_hosts (not created). */
  dir: string;
  address: '127.0.0.1';
  port: number;
  user: string;
  /** The host key's blob, and its line as known_hosts writes it. */
  hostKey: Buffer;
  knownHostsLine: string;
  /** An inventory with this sshd as host `name`, paths relative to `dir` (the "repo root"). */
  inventory(name?: string, overrides?: Partial<InventoryHost>): Inventory;
  /** Stops the listener and every connection it serves (their processes are its descendants). */
  stop(): Promise<void>;
  /** Stops, then starts again on the same port with the same keys. */
  restart(): Promise<void>;
  /** What sshd wrote to stderr, for failing tests. */
  log(): string;
}

/** env: variables every SSH session of this sshd sees (sshd's SetEnv), given the temp folder. */
export async function startSshd({ env = () => ({}) }: { env?: (dir: string) => Record<string, string> } = {}): Promise<Sshd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-sshd-'));
  fs.chmodSync(dir, 0o700);
  const keygen = (file: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'berth-test', '-f', path.join(dir, file)]);
  keygen('host_ed25519');
  keygen('id_ed25519');
  fs.copyFileSync(path.join(dir, 'id_ed25519.pub'), path.join(dir, 'authorized_keys'));
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // privilege separation's empty chroot
  const port = await freePort();
  const setEnv = Object.entries(env(dir)).map(([k, v]) => `${k}=${v}`).join(' ');
  const config = path.join(dir, 'sshd_config');
  fs.writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${dir}/host_ed25519`,
      `PidFile ${dir}/sshd.pid`,
      `AuthorizedKeysFile ${dir}/authorized_keys`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no', // the key files sit under /tmp, which is world-writable
      'AllowStreamLocalForwarding yes',
      'Subsystem sftp internal-sftp',
      'LogLevel VERBOSE',
      ...(setEnv ? [`SetEnv ${setEnv}`] : []),
      '',
    ].join('\n'),
  );
  const [type, base64] = fs.readFileSync(path.join(dir, 'host_ed25519.pub'), 'utf8').trim().split(' ');
  let child: ChildProcess | undefined;
  let log = '';

  const start = async () => {
    child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    await waitForBanner(port, child, () => log);
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    if (!c?.pid || c.exitCode !== null) return;
    for (const pid of descendants(c.pid)) tryKill(pid);
    const exited = new Promise((resolve) => c.once('exit', resolve));
    c.kill('SIGTERM');
    await exited;
  };
  await start();

  return {
    dir,
    address: '127.0.0.1',
    port,
    user: os.userInfo().username,
    hostKey: Buffer.from(base64, 'base64'),
    knownHostsLine: `[127.0.0.1]:${port} ${type} ${base64}`,
    inventory: (name = 'h1', overrides = {}) => ({
      apiVersion: 'berth.dev/v1',
      kind: 'Inventory',
      metadata: { name: 'test' },
      defaults: {},
      hosts: [{ name, address: '127.0.0.1', port, user: os.userInfo().username, identityFile: 'id_ed25519', knownHosts: 'known_hosts', ...overrides }],
    }),
    stop,
    restart: async () => {
      await stop();
      await start();
    },
    log: () => log,
  };
}

/** A port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForBanner(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}: ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      const done = (answered: boolean) => {
        s.destroy();
        resolve(answered);
      };
      s.once('data', (d) => done(d.toString().startsWith('SSH-')));
      s.once('error', () => done(false));
      s.setTimeout(1_000, () => done(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd did not answer on port ${port}: ${log()}`);
}

/** Every process below pid (sshd's per-connection children call setsid, so a process group would miss them). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function tryKill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
