// `berth hosts trust NAME` end to end, through the built CLI, against a real sshd.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fleet, parseKnownHosts } from '../../../src/fleet';
import { berth, berthBin, tempDir } from '../../helpers/cli';
import { startSshd, type Sshd } from '../../helpers/sshd';

describe('berth hosts trust records a host key only once a person has seen its fingerprint', () => {
  let sshd: Sshd;
  let repo: string;
  let printed: string;
  let knownHosts: string;
  const trust = (...args: string[]) => berthBin(['hosts', 'trust', ...args, '--repo', repo]);

  beforeAll(async () => {
    sshd = await startSshd();
    repo = path.join(tempDir(), 'cluster');
    expect((await berth('init', repo)).code).toBe(0);
    fs.writeFileSync(
      path.join(repo, 'hosts.yaml'),
      [
        'apiVersion: berth.dev/v1',
        'kind: Inventory',
        'metadata: { name: test }',
        `defaults: { user: ${sshd.user}, identityFile: ${sshd.dir}/id_ed25519, knownHosts: .berth/known_hosts }`,
        'hosts:',
        `  - { name: h1, address: 127.0.0.1, port: ${sshd.port} }`,
        '',
      ].join('\n'),
    );
    knownHosts = path.join(repo, '.berth', 'known_hosts');
    printed = execFileSync('ssh-keygen', ['-l', '-f', path.join(sshd.dir, 'host_ed25519.pub')], { encoding: 'utf8' }).split(' ')[1];
  });
  afterAll(async () => {
    await sshd.stop();
    fs.rmSync(sshd.dir, { recursive: true, force: true });
    fs.rmSync(path.dirname(repo), { recursive: true, force: true });
  });

  it('without a terminal and without --yes, shows the fingerprint, records nothing, and says what to run', () => {
    const r = trust('h1');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`host h1 (127.0.0.1:${sshd.port}) presents ssh-ed25519 ${printed}\n`);
    expect(r.stderr).toMatch(/^not recorded: compare the fingerprint with the host's \(ssh-keygen -lf \/etc\/ssh\/ssh_host_ed25519_key.pub on h1\), then run: berth hosts trust h1 --repo .* --yes\n$/);
    expect(fs.existsSync(knownHosts)).toBe(false);
  });

  it('with --yes, records the key (a new file of mode 0600), and the fleet then connects', async () => {
    const r = trust('h1', '--yes');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('recorded in .berth/known_hosts: h1 is trusted');
    expect(fs.statSync(knownHosts).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(knownHosts, 'utf8')).toBe(`${sshd.knownHostsLine} h1\n`);
    const fleet = new Fleet(sshd.inventory('h1', { knownHosts: knownHosts }), { repoRoot: sshd.dir });
    try {
      expect((await fleet.session('h1').exec('echo trusted')).stdout).toBe('trusted\n');
    } finally {
      await fleet.close();
    }
  });

  it('run again, changes nothing', () => {
    const r = trust('h1', '--yes');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/already trusted \(\.berth\/known_hosts line 1\); nothing changed\n$/);
    expect(fs.readFileSync(knownHosts, 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('refuses a changed key loudly, even with --yes; --replace swaps the old entry for the new key', () => {
    const other = ssh2.utils.generateKeyPairSync('ed25519').public.split(' ').slice(0, 2).join(' ');
    fs.writeFileSync(knownHosts, `[127.0.0.1]:${sshd.port} ${other} old\n`);
    const refused = trust('h1', '--yes');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED for host h1/);
    expect(refused.stderr).toContain('berth hosts trust h1 --replace');
    expect(fs.readFileSync(knownHosts, 'utf8')).toBe(`[127.0.0.1]:${sshd.port} ${other} old\n`);

    const replaced = trust('h1', '--yes', '--replace');
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toContain('(replacing 1 old entry)');
    expect(fs.readFileSync(knownHosts, 'utf8')).toBe(`${sshd.knownHostsLine} h1\n`);
  });

  it('refuses a revoked key whatever the flags', () => {
    fs.appendFileSync(knownHosts, `@revoked * ${sshd.knownHostsLine.split(' ').slice(1).join(' ')}\n`);
    const before = fs.readFileSync(knownHosts, 'utf8');
    const r = trust('h1', '--yes', '--replace');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/REVOKED host key/);
    expect(fs.readFileSync(knownHosts, 'utf8')).toBe(before);
    expect(parseKnownHosts(before).entries).toHaveLength(2);
  });

  it('names the hosts of the inventory when the name is not one of them', () => {
    const r = trust('h9');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: host h9 is not in hosts.yaml (it has: h1)\n');
  });
});
