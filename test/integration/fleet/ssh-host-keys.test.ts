// Host keys checked against known_hosts, and the identity the controller logs in with, against a real sshd.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Fleet, type SshSession } from '../../../src/fleet';
import type { Inventory } from '../../../src/manifest';
import { startSshd, type Sshd } from '../../helpers/sshd';

describe('SSH connections check the host key against the inventory\'s known_hosts', () => {
  let sshd: Sshd;
  let fleet: Fleet | undefined;
  let printed: string;
  const knownHosts = (text: string) => fs.writeFileSync(path.join(sshd.dir, 'known_hosts'), text);
  const session = (inventory: Inventory = sshd.inventory()): SshSession => {
    fleet = new Fleet(inventory, { repoRoot: sshd.dir, readyTimeoutMs: 5_000 });
    return fleet.session('h1');
  };
  const otherKey = () => ssh2.utils.generateKeyPairSync('ed25519').public.split(' ').slice(0, 2).join(' ');

  beforeAll(async () => {
    sshd = await startSshd();
    printed = execFileSync('ssh-keygen', ['-l', '-f', path.join(sshd.dir, 'host_ed25519.pub')], { encoding: 'utf8' }).split(' ')[1];
  });
  afterEach(async () => {
    await fleet?.close();
    fs.rmSync(path.join(sshd.dir, 'known_hosts'), { force: true });
  });
  afterAll(async () => {
    await sshd.stop();
    fs.rmSync(sshd.dir, { recursive: true, force: true });
  });

  it('connects when the key is known, and runs a command', async () => {
    knownHosts(`${sshd.knownHostsLine}\n`);
    const r = await session().exec('echo hello; echo oops >&2; exit 3');
    expect(r).toEqual({ code: 3, stdout: 'hello\n', stderr: 'oops\n' });
  });

  it('refuses an unknown key, naming the host, address, key type and fingerprint, and how to trust it', async () => {
    const logged = sshd.log().length;
    const err = await session().exec('true').catch((e) => e);
    expect(err.code).toBe('HostKeyUnknown');
    expect(err.message).toContain(`host h1 (127.0.0.1:${sshd.port})`);
    expect(err.message).toContain(`ssh-ed25519 ${printed}`);
    expect(err.message).toMatch(/run: berth hosts trust h1$/);
    // The client hung up in the key exchange: no user name or key was offered to that host.
    await expect.poll(() => sshd.log().slice(logged)).toMatch(/\[preauth\]/);
    expect(sshd.log().slice(logged)).not.toMatch(/publickey|user/i);
  });

  it('refuses a changed key loudly, saying how to replace it', async () => {
    knownHosts(`# ours\n[127.0.0.1]:${sshd.port} ${otherKey()}\n`);
    const err = await session().exec('true').catch((e) => e);
    expect(err.code).toBe('HostKeyChanged');
    expect(err.message).toMatch(/^WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED for host h1/);
    expect(err.message).toMatch(/man-in-the-middle/);
    expect(err.message).toContain(`presented ssh-ed25519 ${printed}`);
    expect(err.message).toContain('known_hosts has line 2: ssh-ed25519 SHA256:');
    expect(err.message).toContain('berth hosts trust h1 --replace');
  });

  it('refuses a revoked key even when another line trusts it', async () => {
    knownHosts(`${sshd.knownHostsLine}\n@revoked * ${sshd.knownHostsLine.split(' ').slice(1).join(' ')}\n`);
    const err = await session().exec('true').catch((e) => e);
    expect(err.code).toBe('HostKeyRevoked');
    expect(err.message).toMatch(/REVOKED host key .* line 2/);
  });
});

describe('the identity a host is reached with', () => {
  let sshd: Sshd;
  let fleet: Fleet | undefined;
  let agent: ChildProcess | undefined;
  const savedSock = process.env.SSH_AUTH_SOCK;
  const exec = (overrides: Parameters<Sshd['inventory']>[1]) => {
    fleet = new Fleet(sshd.inventory('h1', overrides), { repoRoot: sshd.dir, readyTimeoutMs: 5_000 });
    return fleet.session('h1').exec('echo in');
  };

  beforeAll(async () => {
    sshd = await startSshd();
    fs.writeFileSync(path.join(sshd.dir, 'known_hosts'), `${sshd.knownHostsLine}\n`);
  });
  afterEach(async () => {
    await fleet?.close();
    if (savedSock === undefined) delete process.env.SSH_AUTH_SOCK;
    else process.env.SSH_AUTH_SOCK = savedSock;
  });
  afterAll(async () => {
    agent?.kill();
    await sshd.stop();
    fs.rmSync(sshd.dir, { recursive: true, force: true });
  });

  it.each([
    ['a missing key file', 'nope/id_ed25519', /^host h1: identityFile \/.*\/nope\/id_ed25519 does not exist \(hosts.yaml: identityFile of the host or of defaults\)$/],
    ['a public key', 'id_ed25519.pub', /^host h1: identityFile .* is a public key/],
    ['a file that is no key', 'sshd_config', /^host h1: identityFile .* is not a private key/],
  ])('refuses %s, naming the host and identityFile', async (_name, identityFile, message) => {
    const err = await exec({ identityFile }).catch((e) => e);
    expect(err.code).toBe('HostIdentity');
    expect(err.data.field).toBe('identityFile');
    expect(err.message).toMatch(message);
  });

  it('resolves ~ in identityFile to the home folder', async () => {
    const err = await exec({ identityFile: '~/berth-no-such-key' }).catch((e) => e);
    expect(err.message).toContain(`${process.env.HOME}/berth-no-such-key does not exist`);
  });

  it('reports a key the host does not accept as an authentication failure naming the user', async () => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(sshd.dir, 'stranger')]);
    const err = await exec({ identityFile: 'stranger' }).catch((e) => e);
    expect(err.code).toBe('HostAuthFailed');
    expect(err.message).toMatch(new RegExp(`refused ${sshd.user} with the key .*/stranger`));
  });

  it('without identityFile, uses ssh-agent through SSH_AUTH_SOCK', async () => {
    const socket = path.join(sshd.dir, 'agent.sock');
    agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !fs.existsSync(socket); i++) await new Promise((r) => setTimeout(r, 20));
    execFileSync('ssh-add', ['-q', path.join(sshd.dir, 'id_ed25519')], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
    process.env.SSH_AUTH_SOCK = socket;
    expect((await exec({ identityFile: undefined })).stdout).toBe('in\n');
  });

  it('without identityFile and without ssh-agent, says so for the host', async () => {
    delete process.env.SSH_AUTH_SOCK;
    const err = await exec({ identityFile: undefined }).catch((e) => e);
    expect(err.code).toBe('HostIdentity');
    expect(err.message).toMatch(/^host h1: no identityFile is set \(hosts.yaml.*\) and no ssh-agent is running \(SSH_AUTH_SOCK is not set\)$/);
  });
});
