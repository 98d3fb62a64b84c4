import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readKnownHosts, recordHostKey, verifyHostKey } from '../../../src/fleet';

const blob = () => Buffer.from(ssh2.utils.generateKeyPairSync('ed25519').public.split(' ')[1], 'base64');

describe('recording a trusted host key in a known_hosts file', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-khfile-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates a missing file with mode 0600, and its folder with 0700', async () => {
    const file = path.join(dir, '.berth', 'lab', 'known_hosts');
    const key = blob();
    await recordHostKey(file, { host: '127.0.0.1', port: 2222, key, comment: 'h1' });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(verifyHostKey(await readKnownHosts(file), '127.0.0.1', 2222, key).status).toBe('match');
  });

  it('appends to an existing file, keeping its lines, its mode, and a missing final newline', async () => {
    const file = path.join(dir, 'known_hosts');
    fs.writeFileSync(file, '# team hosts\n10.0.0.9 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG0yaW5vbmx5YXRlc3RrZXlub3RyZWFsYXRhbGwxMjM0');
    fs.chmodSync(file, 0o644);
    const key = blob();
    await recordHostKey(file, { host: '10.0.0.1', port: 22, key });
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    expect(lines.slice(0, 2)).toEqual(['# team hosts', '10.0.0.9 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG0yaW5vbmx5YXRlc3RrZXlub3RyZWFsYXRhbGwxMjM0']);
    expect(lines[2]).toBe(`10.0.0.1 ssh-ed25519 ${key.toString('base64')}`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o644);
  });

  it('with replace, the host\'s old key gives way to the new one', async () => {
    const file = path.join(dir, 'known_hosts');
    const [old, fresh] = [blob(), blob()];
    await recordHostKey(file, { host: '10.0.0.1', port: 22, key: old });
    expect(verifyHostKey(await readKnownHosts(file), '10.0.0.1', 22, fresh).status).toBe('changed');
    const { removed } = await recordHostKey(file, { host: '10.0.0.1', port: 22, key: fresh, replace: true });
    expect(removed).toBe(1);
    const known = await readKnownHosts(file);
    expect(verifyHostKey(known, '10.0.0.1', 22, fresh).status).toBe('match');
    expect(verifyHostKey(known, '10.0.0.1', 22, old).status).toBe('changed');
  });

  it('replaces the file by rename, leaving no temp files behind', async () => {
    const file = path.join(dir, 'known_hosts');
    fs.writeFileSync(file, '');
    const inodeBefore = fs.statSync(file).ino;
    await recordHostKey(file, { host: '10.0.0.1', port: 22, key: blob() });
    expect(fs.statSync(file).ino).not.toBe(inodeBefore);
    expect(fs.readdirSync(dir)).toEqual(['known_hosts']);
  });
});
