// A state file with a last good copy beside it, for the files whose loss would change what runs (the agent's desired
// set, the controller's store). Atomic writes rule out a torn file from a crash of ours, but not one from outside: a
// file system that loses data on power failure, a disk error, someone's editor. Each write goes to the copy first and
// then to the file, both atomically, so at any moment one of them holds the newest content or both hold the one
// before. A load that finds the file unreadable keeps it aside (`<file>.corrupt-<time>`), never deletes it, and goes
// on with the copy; the caller records that as an event.
import fs from 'node:fs';
import { writeFileAtomic, writeFileAtomicSync, type AtomicWriteOptions } from './atomic-write';

/** What a load had to do about an unreadable file: for the caller's event. */
export interface StateRecovery {
  /** The file that could not be read. */
  file: string;
  /** Where it was kept aside. */
  keptAs: string;
  /** Why it could not be read. */
  reason: string;
  /** 'copy': the last good copy was used; 'nothing': it was unreadable or missing too, so nothing was loaded. */
  from: 'copy' | 'nothing';
  /** When the load found it (ISO 8601). */
  at: string;
}

export interface StateLoad<T> {
  /** Undefined when neither the file nor its copy exists (or neither could be read: see `recovery`). */
  value: T | undefined;
  recovery?: StateRecovery;
}

/** The last good copy of `file`. */
export function lastGoodCopyOf(file: string): string {
  return `${file}.last-good`;
}

/** Writes the copy, then the file, each atomically. A failure (ENOSPC) leaves the file as it was. */
export function writeStateFileSync(file: string, data: string, options: AtomicWriteOptions = {}): void {
  writeFileAtomicSync(lastGoodCopyOf(file), data, options);
  writeFileAtomicSync(file, data, options);
}

/** As writeStateFileSync, without blocking the event loop (writes into an existing folder only). */
export async function writeStateFile(file: string, data: string, options: AtomicWriteOptions = {}): Promise<void> {
  await writeFileAtomic(lastGoodCopyOf(file), data, options);
  await writeFileAtomic(file, data, options);
}

/**
 * Reads `file` with `parse` (which throws when the content is not what the file should hold). Unreadable → the file
 * is kept aside and its last good copy used (and written back as the file); both unreadable → both kept aside and no
 * value, with the recovery saying so. A missing file with a missing copy is no value and no recovery: a first start.
 */
export function loadStateFile<T>(file: string, parse: (text: string) => T, now: Date = new Date()): StateLoad<T> {
  const main = tryRead(file, parse);
  if (main.ok) return { value: main.value };
  const copy = tryRead(lastGoodCopyOf(file), parse);
  if (main.missing && copy.missing) return { value: undefined };
  if (main.missing && copy.ok) {
    // A crash between the copy's write and the file's first write: the copy is the newest.
    writeFileAtomicSync(file, copy.text, { mode: modeOf(lastGoodCopyOf(file)) });
    return { value: copy.value };
  }
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const copyAside = `${lastGoodCopyOf(file)}.corrupt-${stamp}`;
  const keptAs = main.missing ? copyAside : `${file}.corrupt-${stamp}`;
  if (!main.missing) fs.renameSync(file, keptAs);
  const reason = main.missing ? 'missing' : main.reason;
  if (copy.ok) {
    writeFileAtomicSync(file, copy.text, { mode: modeOf(lastGoodCopyOf(file)) });
    return { value: copy.value, recovery: { file, keptAs, reason, from: 'copy', at: now.toISOString() } };
  }
  if (!copy.missing) fs.renameSync(lastGoodCopyOf(file), copyAside);
  const why = copy.missing ? `${reason}; no last good copy` : `${reason}; its last good copy too: ${copy.reason}`;
  return { value: undefined, recovery: { file, keptAs, reason: why, from: 'nothing', at: now.toISOString() } };
}

type Read<T> = { ok: true; value: T; text: string; missing?: false } | { ok: false; missing: true } | { ok: false; missing: false; reason: string };

function tryRead<T>(file: string, parse: (text: string) => T): Read<T> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, missing: true };
    return { ok: false, missing: false, reason: (error as Error).message };
  }
  try {
    return { ok: true, value: parse(text), text };
  } catch (error) {
    return { ok: false, missing: false, reason: (error as Error).message };
  }
}

function modeOf(file: string): number {
  return fs.statSync(file).mode & 0o777;
}
