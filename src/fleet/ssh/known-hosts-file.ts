// Reading and changing a known_hosts file on disk. Writes are atomic (a temp file beside it, then rename), so a
// crash or a concurrent reader never sees half a file.
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../common';
import { formatKey } from './host-key';
import { knownHostName } from './host-pattern';
import { parseKnownHosts, withoutHost, type KnownHosts } from './known-hosts';

/** The file's text; a missing file is an empty one (every host unknown). */
export async function readKnownHostsText(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

export async function readKnownHosts(file: string): Promise<KnownHosts> {
  return parseKnownHosts(await readKnownHostsText(file));
}

export interface RecordHostKey {
  host: string;
  port: number;
  key: Buffer;
  /** Written after the key, e.g. the inventory name: ssh ignores it, people read it. */
  comment?: string;
  /** Remove the host's existing entries first (a host whose key changed for a known reason). */
  replace?: boolean;
}

/** Appends the host's key (after removing its old entries with `replace`); returns how many entries were removed. */
export async function recordHostKey(file: string, { host, port, key, comment, replace = false }: RecordHostKey): Promise<{ removed: number }> {
  let text = await readKnownHostsText(file);
  let removed = 0;
  if (replace) ({ text, removed } = withoutHost(text, host, port));
  if (text && !text.endsWith('\n')) text += '\n';
  text += `${knownHostName(host, port)} ${formatKey(key)}${comment ? ` ${comment}` : ''}\n`;
  await writeAtomically(file, text);
  return { removed };
}

/** Keeps the file's mode; a new file gets 0600, in a folder created with 0700, as ssh makes ~/.ssh. */
export async function writeAtomically(file: string, text: string): Promise<void> {
  let mode = 0o600;
  try {
    mode = (await fs.stat(file)).mode & 0o7777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  }
  await writeFileAtomic(file, text, { mode });
}
