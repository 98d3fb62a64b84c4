import { randomBytes } from 'node:crypto';
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { fingerprint, keyType, knownHostName, parseKnownHosts, verifyHostKey } from '../../../src/fleet';
import { hashHostName } from '../../../src/fleet/ssh/host-pattern';
import { preferredHostKeyTypes, withoutHost } from '../../../src/fleet/ssh/known-hosts';

function newKey(type: 'ed25519' | 'ecdsa' = 'ed25519'): { blob: Buffer; line: string } {
  const pub = type === 'ecdsa' ? ssh2.utils.generateKeyPairSync('ecdsa', { bits: 256 }).public : ssh2.utils.generateKeyPairSync('ed25519').public;
  const [t, b64] = pub.split(' ');
  return { blob: Buffer.from(b64, 'base64'), line: `${t} ${b64}` };
}

const A = newKey();
const B = newKey();
const E = newKey('ecdsa');

describe('known_hosts host names', () => {
  it.each([
    ['10.0.0.1', 22, '10.0.0.1'],
    ['10.0.0.1', 2222, '[10.0.0.1]:2222'],
    ['::1', 2222, '[::1]:2222'],
  ])('%s port %i is stored as %s', (host, port, name) => expect(knownHostName(host, port)).toBe(name));
});

describe('verifying a host key against known_hosts', () => {
  const hashed = (name: string) => hashHostName(name, randomBytes(20));
  it.each([
    ['a plain line with the host', `h1.example,10.0.0.1 ${A.line}`, '10.0.0.1', 22, A, 'match'],
    ['a line of another host', `10.0.0.2 ${A.line}`, '10.0.0.1', 22, A, 'unknown'],
    ['an empty file', '', '10.0.0.1', 22, A, 'unknown'],
    ['comments and blank lines only', `# 10.0.0.1 ${A.line}\n\n   \n`, '10.0.0.1', 22, A, 'unknown'],
    ['the host with another key', `10.0.0.1 ${B.line}`, '10.0.0.1', 22, A, 'changed'],
    ['the host with a key of another type', `10.0.0.1 ${E.line}`, '10.0.0.1', 22, A, 'changed'],
    ['a non-22 port written [host]:port', `[10.0.0.1]:2222 ${A.line}`, '10.0.0.1', 2222, A, 'match'],
    ['port 22 when only [host]:2222 is known', `[10.0.0.1]:2222 ${A.line}`, '10.0.0.1', 22, A, 'unknown'],
    ['port 2222 when only port 22 is known', `10.0.0.1 ${A.line}`, '10.0.0.1', 2222, A, 'unknown'],
    ['a hashed name', `${hashed('10.0.0.1')} ${A.line}`, '10.0.0.1', 22, A, 'match'],
    ['a hashed name with port', `${hashed('[10.0.0.1]:2222')} ${A.line}`, '10.0.0.1', 2222, A, 'match'],
    ['a hashed name of another host', `${hashed('10.0.0.2')} ${A.line}`, '10.0.0.1', 22, A, 'unknown'],
    ['a hashed name with another key', `${hashed('10.0.0.1')} ${B.line}`, '10.0.0.1', 22, A, 'changed'],
    ['a wildcard pattern', `10.0.0.* ${A.line}`, '10.0.0.1', 22, A, 'match'],
    ['a ? pattern', `10.0.0.? ${A.line}`, '10.0.0.12', 22, A, 'unknown'],
    ['a negated pattern vetoing the line', `10.0.0.*,!10.0.0.1 ${A.line}`, '10.0.0.1', 22, A, 'unknown'],
    ['host names in any case', `H1.Example ${A.line}`, 'h1.example', 22, A, 'match'],
    ['a revoked key', `@revoked * ${A.line}\n10.0.0.1 ${A.line}`, '10.0.0.1', 22, A, 'revoked'],
    ['a key revoked for other hosts too', `@revoked 10.9.9.9 ${A.line}\n10.0.0.1 ${A.line}`, '10.0.0.1', 22, A, 'revoked'],
    ['a revoked line of another key', `@revoked * ${B.line}\n10.0.0.1 ${A.line}`, '10.0.0.1', 22, A, 'match'],
    ['a @cert-authority line (ignored)', `@cert-authority * ${A.line}`, '10.0.0.1', 22, A, 'unknown'],
    ['a trailing comment', `10.0.0.1 ${A.line} h1 added by berth`, '10.0.0.1', 22, A, 'match'],
    ['a second key of the host among several', `10.0.0.1 ${B.line}\n10.0.0.1 ${A.line}`, '10.0.0.1', 22, A, 'match'],
  ])('%s → %s', (_name, text, host, port, key, status) => {
    expect(verifyHostKey(parseKnownHosts(text), host, port, key.blob).status).toBe(status);
  });

  it('a changed key reports the known entries with their lines', () => {
    const check = verifyHostKey(parseKnownHosts(`# x\n10.0.0.1 ${B.line}`), '10.0.0.1', 22, A.blob);
    expect(check).toMatchObject({ status: 'changed', known: [{ line: 2, keyType: 'ssh-ed25519' }] });
  });
});

describe('parsing known_hosts', () => {
  it('skips malformed lines, unknown markers and @cert-authority with a warning each, and keeps the rest', () => {
    const text = [`10.0.0.1 ${A.line}`, '10.0.0.2 ssh-ed25519', '10.0.0.3 ssh-ed25519 !!notbase64', `10.0.0.4 ssh-rsa ${A.line.split(' ')[1]}`, `@weird * ${A.line}`, `@cert-authority *.example ${A.line}`].join('\n');
    const known = parseKnownHosts(text);
    expect(known.entries.map((e) => e.line)).toEqual([1]);
    expect(known.warnings.map((w) => w.line)).toEqual([2, 3, 4, 5, 6]);
    expect(known.warnings[4].message).toMatch(/cert-authority.*not supported/);
  });

  it('prefers the key types already known for the host, newest first', () => {
    const known = parseKnownHosts(`10.0.0.1 ${E.line}\n10.0.0.2 ${A.line}\n10.0.0.1 ${B.line}`);
    expect(preferredHostKeyTypes(known, '10.0.0.1', 22)).toEqual(['ssh-ed25519', 'ecdsa-sha2-nistp256']);
  });

  it('reads the key type from the blob and prints fingerprints as SHA256:unpadded-base64', () => {
    expect(keyType(A.blob)).toBe('ssh-ed25519');
    expect(fingerprint(A.blob)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});

describe('removing a host from known_hosts', () => {
  it('drops its exact and hashed entries, keeps other names on shared lines, and never touches wildcards or markers', () => {
    const text = [
      `10.0.0.1 ${A.line}`,
      `h1.example,10.0.0.1,10.0.0.9 ${B.line} kept`,
      `${hashHostName('10.0.0.1', randomBytes(20))} ${A.line}`,
      `10.0.0.* ${E.line}`,
      `@revoked 10.0.0.1 ${B.line}`,
      `[10.0.0.1]:2222 ${A.line}`,
      '',
    ].join('\n');
    const { text: out, removed } = withoutHost(text, '10.0.0.1', 22);
    expect(removed).toBe(3);
    expect(out.split('\n')).toEqual([`h1.example,10.0.0.9 ${B.line} kept`, `10.0.0.* ${E.line}`, `@revoked 10.0.0.1 ${B.line}`, `[10.0.0.1]:2222 ${A.line}`, '']);
  });
});
