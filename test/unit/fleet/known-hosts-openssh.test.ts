// Berth's known_hosts reading and fingerprints, compared with what OpenSSH's own ssh-keygen says about the same files.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint, parseKnownHosts, recordHostKey, verifyHostKey } from '../../../src/fleet';

const keygen = (...args: string[]) => execFileSync('ssh-keygen', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('known_hosts as OpenSSH reads it', () => {
  let dir: string;
  const keys: Record<string, Buffer> = {};
  const pubLine = (name: string) => fs.readFileSync(path.join(dir, `${name}.pub`), 'utf8').trim().split(' ').slice(0, 2).join(' ');

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-knownhosts-'));
    for (const [name, type] of [['ed', 'ed25519'], ['ec', 'ecdsa'], ['rsa', 'rsa']]) {
      keygen('-q', '-t', type, ...(type === 'rsa' ? ['-b', '2048'] : []), '-N', '', '-C', name, '-f', path.join(dir, name));
      keys[name] = Buffer.from(pubLine(name).split(' ')[1], 'base64');
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(['ed', 'ec', 'rsa'])('the %s key has the fingerprint ssh-keygen -l prints', (name) => {
    const printed = keygen('-l', '-E', 'sha256', '-f', path.join(dir, `${name}.pub`)).split(' ')[1];
    expect(fingerprint(keys[name])).toBe(printed);
  });

  it('finds the same hosts as ssh-keygen -F, in plain and in hashed (ssh-keygen -H) files', async () => {
    const file = path.join(dir, 'known_hosts');
    fs.writeFileSync(file, '');
    await recordHostKey(file, { host: '127.0.0.1', port: 2222, key: keys.ed, comment: 'h1' });
    await recordHostKey(file, { host: '127.0.0.2', port: 22, key: keys.ec });
    fs.appendFileSync(file, `10.1.0.*,!10.1.0.5 ${pubLine('rsa')}\n`);
    const queries: [string, number][] = [['127.0.0.1', 2222], ['127.0.0.1', 22], ['127.0.0.2', 22], ['10.1.0.7', 22], ['10.1.0.5', 22], ['10.1.0.7', 2222]];
    const ours = (text: string) => queries.map(([host, port]) => verifyHostKey(parseKnownHosts(text), host, port, keys.ed).status !== 'unknown');
    const openssh = () => queries.map(([host, port]) => found(file, port === 22 ? host : `[${host}]:${port}`));
    expect(ours(fs.readFileSync(file, 'utf8'))).toEqual(openssh());
    expect(openssh()).toEqual([true, false, true, true, false, false]);

    keygen('-H', '-f', file);
    const hashedText = fs.readFileSync(file, 'utf8');
    expect(hashedText).toMatch(/^\|1\|/m);
    expect(ours(hashedText)).toEqual(openssh());
  });

  it('writes lines ssh-keygen reads back with the key it was given', async () => {
    const file = path.join(dir, 'known_hosts_2');
    await recordHostKey(file, { host: '127.0.0.9', port: 2200, key: keys.rsa, comment: 'h9' });
    const line = keygen('-F', '[127.0.0.9]:2200', '-f', file).split('\n').find((l) => l && !l.startsWith('#'));
    expect(line).toBe(`[127.0.0.9]:2200 ${pubLine('rsa')} h9`);
  });
});

function found(file: string, name: string): boolean {
  try {
    return execFileSync('ssh-keygen', ['-F', name, '-f', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).includes('found');
  } catch {
    return false; // ssh-keygen -F exits 1 when the host is not found
  }
}
