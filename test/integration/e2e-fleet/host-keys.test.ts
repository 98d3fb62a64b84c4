// Host keys of a real lab host (h1's own sshd, its key made by `berth lab up`): refused when unknown or changed, and
// trusted only through `berth hosts trust`, which records exactly the key the host has. Reads the hosts only, so it
// does not hold the lab.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LabStatus } from '../../../src/lab';
import { HostKeyChangedError, HostKeyUnknownError, type Fleet } from '../../../src/fleet';
import { berthBin, copyLabRepo, labFleet, removeRepoCopy, sharedLab } from './lab-fleet';

const KNOWN_HOSTS = '.berth/known_hosts';

let lab: LabStatus;
let repo: string;
let knownHosts: string;
let labLines: string[];
let printed: string;
let fleet: Fleet | undefined;

beforeAll(async () => {
  lab = await sharedLab();
  repo = copyLabRepo(lab, { knownHosts: KNOWN_HOSTS });
  knownHosts = path.join(repo, KNOWN_HOSTS);
  fs.mkdirSync(path.dirname(knownHosts), { recursive: true });
  labLines = fs.readFileSync(lab.knownHosts, 'utf8').trim().split('\n');
  const hostKey = path.join(path.dirname(lab.knownHosts), 'h1', 'ssh_host_ed25519_key.pub');
  printed = execFileSync('ssh-keygen', ['-lf', hostKey], { encoding: 'utf8' }).split(' ')[1];
});

afterEach(async () => {
  await fleet?.close();
  fleet = undefined;
});

afterAll(() => removeRepoCopy(repo));

const writeKnownHosts = (lines: string[]) => fs.writeFileSync(knownHosts, lines.map((l) => `${l}\n`).join(''));
const labLine = (address: string) => labLines.find((l) => l.startsWith(`${address} `))!;
const connect = (host = 'h1') => {
  fleet = labFleet(repo, { readyTimeoutMs: 5_000 });
  return fleet.session(host).exec('echo $BERTH_HOST');
};

describe('host keys of a lab host', () => {
  it('a known_hosts without h1 refuses h1 (naming it, its key, and `berth hosts trust h1`) and still reaches h2', async () => {
    writeKnownHosts([labLine('10.77.0.12'), labLine('10.77.0.13')]);
    const err = await connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostKeyUnknownError);
    const message = (err as Error).message;
    console.log(`unknown key: ${message}`);
    expect(message).toContain('host h1 (10.77.0.11)');
    expect(message).toContain(`ssh-ed25519 ${printed}`);
    expect(message).toMatch(/berth hosts trust h1$/);
    expect((await fleet!.session('h2').exec('echo $BERTH_HOST')).stdout).toBe('h2\n');
  });

  it('a known_hosts with another key for 10.77.0.11 refuses h1 loudly', async () => {
    const other = ssh2.utils.generateKeyPairSync('ed25519').public.split(' ').slice(0, 2).join(' ');
    writeKnownHosts([`10.77.0.11 ${other}`, labLine('10.77.0.12')]);
    const err = await connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostKeyChangedError);
    const message = (err as Error).message;
    expect(message).toMatch(/^WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED for host h1 \(10\.77\.0\.11\)!/);
    expect(message).toContain(`It presented ssh-ed25519 ${printed}`);
    expect(message).toContain('berth hosts trust h1 --replace');
    // ...and `berth hosts trust` will not paper over it without --replace.
    const trust = berthBin(['hosts', 'trust', 'h1', '--repo', repo, '--yes']);
    expect(trust.code).not.toBe(0);
    expect(trust.stderr).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED');
    expect(fs.readFileSync(knownHosts, 'utf8')).toContain(other);
  });

  it('berth hosts trust h1 shows the fingerprint ssh-keygen gives for the lab\'s key, and records that key only with --yes', async () => {
    writeKnownHosts([]);
    const asked = berthBin(['hosts', 'trust', 'h1', '--repo', repo]);
    expect(asked.code).toBe(1);
    expect(asked.stdout).toBe(`host h1 (10.77.0.11:22) presents ssh-ed25519 ${printed}\n`);
    expect(asked.stderr).toContain('not recorded');
    expect(fs.readFileSync(knownHosts, 'utf8')).toBe('');

    const trusted = berthBin(['hosts', 'trust', 'h1', '--repo', repo, '--yes']);
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(trusted.stdout).toBe(`host h1 (10.77.0.11:22) presents ssh-ed25519 ${printed}\nrecorded in ${KNOWN_HOSTS}: h1 is trusted\n`);
    expect(fs.readFileSync(knownHosts, 'utf8')).toBe(`${labLine('10.77.0.11')} h1\n`);
    expect((await connect()).stdout).toBe('h1\n');

    const again = berthBin(['hosts', 'trust', 'h1', '--repo', repo, '--yes']);
    expect(again.stdout).toContain('already trusted');
  });
});
