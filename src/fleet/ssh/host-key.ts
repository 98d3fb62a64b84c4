// SSH public keys as the wire carries them (the "key blob": RFC 4253 §6.6), and fingerprints as OpenSSH prints them.
import { createHash } from 'node:crypto';

/** The key's algorithm name, the first string of its blob (e.g. ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa). */
export function keyType(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const len = blob.readUInt32BE(0);
  if (len > blob.length - 4) return 'unknown';
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** `SHA256:` + unpadded base64 of the blob's SHA-256, exactly as `ssh-keygen -l` and ssh's prompts show it. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The base64 field of a known_hosts or .pub line → the blob; undefined when it is not base64 of a blob of that type. */
export function decodeKey(type: string, base64: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
  const blob = Buffer.from(base64, 'base64');
  return keyType(blob) === type ? blob : undefined;
}

/** How a host key is written in known_hosts and .pub files: `TYPE BASE64`. */
export function formatKey(blob: Buffer): string {
  return `${keyType(blob)} ${blob.toString('base64')}`;
}

/**
 * ssh2's host key algorithm names for a key type. RSA keys are signed with SHA-2 first (OpenSSH 8.8 refuses
 * plain ssh-rsa signatures by default).
 */
export function hostKeyAlgorithms(type: string): string[] {
  return type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type];
}
