// SSH keys the lab makes with ssh-keygen: its client key, and one host key per host.
import fs from 'node:fs';
import { must } from './exec';

/** Makes an ed25519 key pair at `file` (and `file`.pub) unless both are there; tells whether it made one. */
export async function ensureKey(file: string, comment: string): Promise<boolean> {
  if (fs.existsSync(file) && fs.existsSync(`${file}.pub`)) return false;
  fs.rmSync(file, { force: true });
  fs.rmSync(`${file}.pub`, { force: true });
  await must('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
  return true;
}

export function publicKey(file: string): string {
  return fs.readFileSync(`${file}.pub`, 'utf8').trim();
}

/** Writes a file only when its content differs; tells whether it wrote. */
export function writeIfChanged(file: string, content: string, mode = 0o600): boolean {
  try {
    if (fs.readFileSync(file, 'utf8') === content) return false;
  } catch {
    // missing: write it
  }
  fs.writeFileSync(file, content, { mode });
  fs.chmodSync(file, mode);
  return true;
}
