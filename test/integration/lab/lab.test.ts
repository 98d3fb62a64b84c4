// A private lab, made and removed by this file, beside the shared one: the steps run in order, as a person would.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labConfig, labDown, labUp, type LabStatus } from '../../../src/lab';
import { readLabState } from '../../../src/lab/state';
import { berth, git, ROOT } from '../../helpers/cli';
import { LAB_TEMPLATE, labFlags, PRIVATE_LAB_CONFIG, ssh, sshArgs } from '../../helpers/lab';

const config = labConfig(PRIVATE_LAB_CONFIG);
const stateFile = path.join(config.home, 'lab.json');

async function up(hosts?: number): Promise<{ status: LabStatus; lines: string[] }> {
  const lines: string[] = [];
  const status = await labUp({ config, hosts, template: LAB_TEMPLATE, progress: (l) => lines.push(l) });
  return { status, lines };
}

async function statusJson(): Promise<LabStatus> {
  const r = await berth('lab', 'status', '-o', 'json', ...labFlags(PRIVATE_LAB_CONFIG));
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

function readCmdline(pid: string): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/** Every trace the lab could leave on the machine. */
function leftovers(): string[] {
  const found: string[] = [];
  const netns = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  found.push(...netns.split('\n').filter((l) => l.startsWith(config.netnsPrefix)).map((l) => `netns ${l}`));
  const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' });
  found.push(...links.split('\n').filter((l) => l.includes(` ${config.vethPrefix}h`) || l.includes(` ${config.bridge}:`)).map((l) => `link ${l.split(':')[1]}`));
  const rules = execFileSync('iptables', ['-S', 'FORWARD'], { encoding: 'utf8' });
  found.push(...rules.split('\n').filter((l) => l.includes(config.bridge)).map((l) => `rule ${l}`));
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    const cmdline = readCmdline(pid).replace(/\0/g, ' ');
    if (cmdline.includes(`${config.home}/`) || cmdline.includes(`${config.runDir}/`)) found.push(`process ${pid} ${cmdline}`);
  }
  for (const dir of [config.home, config.runDir]) if (fs.existsSync(dir)) found.push(`folder ${dir}`);
  const mounts = fs.readFileSync('/proc/self/mountinfo', 'utf8');
  found.push(...mounts.split('\n').filter((l) => l.includes(`${config.home}/`) || l.includes(`${config.runDir}/`)).map((l) => `mount ${l}`));
  return found;
}

describe('berth lab: hosts in network namespaces, each with its own sshd and Docker Engine', () => {
  beforeAll(() => labDown({ config }), 120_000); // what an interrupted earlier run left
  afterAll(() => labDown({ config }), 120_000);

  it('up makes a one-host lab, and up --hosts 2 adds a second host and commits it to the cluster repo', async () => {
    const first = await up(1);
    expect(first.status.hosts.map((h) => [h.name, h.address, h.ssh, h.docker])).toEqual([['h1', '10.79.0.11', 'Running', 'Running']]);
    expect(first.lines).toContain('h1: starting sshd on 10.79.0.11:22');
    const second = await up(2);
    expect(second.status.hosts.map((h) => [h.name, h.address, h.ssh, h.docker])).toEqual([
      ['h1', '10.79.0.11', 'Running', 'Running'],
      ['h2', '10.79.0.12', 'Running', 'Running'],
    ]);
    expect(second.lines.some((l) => l.startsWith('h1:'))).toBe(false);
    const repo = second.status.repo;
    expect(git(repo, 'log', '--format=%s')).toBe('berth lab: 2 hosts\nCluster repo for berth lab\n');
    expect(git(repo, 'status', '--porcelain')).toBe('');
    const hostsYaml = fs.readFileSync(path.join(repo, 'hosts.yaml'), 'utf8');
    expect(hostsYaml).toContain(`identityFile: ${config.home}/id_ed25519`);
    expect(hostsYaml).toContain('address: 10.79.0.12');
    expect((await berth('validate', repo)).code).toBe(0);
    expect(fs.statSync(config.home).mode & 0o777).toBe(0o700);
  }, 180_000);

  it('status -o json gives the hosts, the cluster repo, known_hosts and the identity file', async () => {
    const status = await statusJson();
    expect(status).toMatchObject({ repo: `${config.home}/repo`, knownHosts: `${config.home}/known_hosts`, identityFile: `${config.home}/id_ed25519` });
    expect(status.hosts[1]).toMatchObject({
      name: 'h2',
      address: '10.79.0.12',
      port: 22,
      netns: 'blt-h2',
      ssh: 'Running',
      docker: 'Running',
      dockerHost: `unix://${config.runDir}/h2/docker.sock`,
      agentHome: `${config.home}/h2/agent`,
    });
    expect(readLabState(stateFile)?.hosts.map((h) => h.sshdPid)).toEqual(status.hosts.map((h) => h.sshdPid));
  });

  it('each host takes the lab key, proves its recorded host key, says who it is, and runs its own Docker Engine', async () => {
    const status = await statusJson();
    for (const host of status.hosts) {
      const out = ssh(status, host, 'echo "$BERTH_HOST $BERTH_AGENT_HOME"; docker -H "$DOCKER_HOST" info --format "{{.ServerVersion}} {{.DockerRootDir}}"');
      expect(out.split('\n')).toEqual([`${host.name} ${host.agentHome}`, expect.stringMatching(new RegExp(` ${config.home}/${host.name}/docker$`)), '']);
    }
  });

  it('a host whose key is not in known_hosts is refused', async () => {
    const status = await statusJson();
    const empty = path.join(config.home, 'empty_known_hosts');
    fs.writeFileSync(empty, '');
    const r = spawnSync('ssh', [...sshArgs(status, status.hosts[0], empty), 'true'], { encoding: 'utf8' });
    fs.rmSync(empty);
    expect(r.status).toBe(255);
    expect(r.stderr).toContain('Host key verification failed');
  });

  it('hosts reach each other over the bridge', async () => {
    const status = await statusJson();
    const [h1, h2] = status.hosts;
    const inner = ['ssh', ...sshArgs(status, h2), 'echo $BERTH_HOST'].map((a) => `'${a}'`).join(' ');
    expect(ssh(status, h1, inner)).toBe('h2\n');
  });

  it('up on a healthy lab changes nothing', async () => {
    const before = fs.readFileSync(stateFile, 'utf8');
    const head = git(config.home + '/repo', 'rev-parse', 'HEAD');
    const started = Date.now();
    const again = await up();
    console.log(`berth lab up on a healthy 2-host lab: ${Date.now() - started} ms`);
    expect(again.lines).toEqual([]);
    expect(again.status.hosts).toHaveLength(2);
    expect(fs.readFileSync(stateFile, 'utf8')).toBe(before);
    expect(git(config.home + '/repo', 'rev-parse', 'HEAD')).toBe(head);
  }, 60_000);

  it("up repairs a host whose sshd died and one whose network namespace was deleted, keeping the hosts' keys", async () => {
    const knownHosts = fs.readFileSync(`${config.home}/known_hosts`, 'utf8');
    const [h1, h2] = (await statusJson()).hosts;
    process.kill(h1.sshdPid, 'SIGKILL');
    execFileSync('ip', ['netns', 'del', h2.netns]);
    const broken = await berth('lab', 'status', ...labFlags(PRIVATE_LAB_CONFIG));
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/h1\s+10\.79\.0\.11\s+Stopped\s+Running/);
    const { status, lines } = await up();
    expect(lines).toEqual(
      expect.arrayContaining([
        'h1: starting sshd on 10.79.0.11:22',
        `h2: stopping dockerd (pid ${h2.dockerdPid}), whose network namespace is gone`,
        'h2: network namespace blt-h2, 10.79.0.12 on blt-lab0',
        'h2: starting dockerd (unix:///run/berth-lab-test/h2/docker.sock)',
      ]),
    );
    expect(status.hosts.map((h) => [h.ssh, h.docker])).toEqual([
      ['Running', 'Running'],
      ['Running', 'Running'],
    ]);
    expect(fs.readFileSync(`${config.home}/known_hosts`, 'utf8')).toBe(knownHosts);
    expect(ssh(status, status.hosts[1], 'echo $BERTH_HOST')).toBe('h2\n');
  }, 120_000);

  it('refuses to remake the lab with another config for the same home', async () => {
    await expect(labUp({ config: { ...config, subnet: '10.81.0.0/24' }, template: LAB_TEMPLATE })).rejects.toThrow(
      `the lab in ${config.home} was made with subnet 10.79.0.0/24 (asked: 10.81.0.0/24); run berth lab down first to change it`,
    );
  });

  it('refuses to run as anyone but root', () => {
    const r = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, path.join(ROOT, 'bin/berth.mjs'), 'lab', 'status'], { encoding: 'utf8', cwd: '/' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('berth lab must run as root');
  });

  it('down removes everything the lab made — processes, containers, namespaces, links, the FORWARD rule, folders — and running it twice is fine', async () => {
    // What a fleet leaves on hosts: a process started over SSH (an agent), and a container.
    const status = await statusJson();
    const [h1, h2] = status.hosts;
    ssh(status, h1, 'setsid sleep 6001 </dev/null >/dev/null 2>&1 &');
    execFileSync('sh', ['-c', `docker save berth-demo/busybox:1.0 | ssh ${sshArgs(status, h2).map((a) => `'${a}'`).join(' ')} 'docker load -q'`]);
    ssh(status, h2, 'docker run -d --name sleeper berth-demo/busybox:1.0 sleep 6002');
    const sleepers = () => fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p) && readCmdline(p).startsWith('sleep\u0000600'));
    expect(sleepers()).toHaveLength(2);
    expect(leftovers().length).toBeGreaterThan(0);

    const r = await berth('lab', 'down', ...labFlags(PRIVATE_LAB_CONFIG));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('h2: removed 1 containers');
    expect(leftovers()).toEqual([]);
    expect(sleepers()).toEqual([]);
    expect((await berth('lab', 'down', ...labFlags(PRIVATE_LAB_CONFIG))).code).toBe(0);
    const none = await berth('lab', 'status', ...labFlags(PRIVATE_LAB_CONFIG));
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('there is no lab on this machine');
  }, 120_000);
});
