// Replacing a file so that a crash at any moment leaves either the old or the new content: write a temp file in the
// same folder (rename is only atomic within one file system), fsync it, rename it over the target, then fsync the
// folder so the rename itself survives a power loss. The agent's desired set, the controller's store, the lab's
// state, known_hosts and heartbeats are all written this way.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface AtomicWriteOptions {
  /** File mode of the new file. Default 0o600: state files are nobody else's business. */
  mode?: number;
  /** Called after the temp file is durable and before it replaces the target; tests use it to simulate a crash. */
  beforeRename?: (tempPath: string) => void;
}

/** The prefix of temp files, so loaders and cleaners can recognise (and ignore) leftovers of a crash. */
export const TEMP_PREFIX = '.tmp-';

/** The folder is created (0700) when missing: the agent's state folder appears with its first write. */
export function writeFileAtomicSync(path: string, data: string | Buffer, { mode = 0o600, beforeRename }: AtomicWriteOptions = {}): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tempPath = tempPathFor(path);
  const fd = openSync(tempPath, 'wx', mode);
  try {
    const buffer = typeof data === 'string' ? Buffer.from(data) : data;
    let offset = 0;
    while (offset < buffer.length) offset += writeSync(fd, buffer, offset, buffer.length - offset);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(tempPath, { force: true });
    throw error;
  }
  closeSync(fd);
  beforeRename?.(tempPath);
  try {
    renameSync(tempPath, path);
  } catch (error) {
    rmSync(tempPath, { force: true });
    throw error;
  }
  fsyncDir(dir);
}

// Writes to one file run one after another, in call order, so the last call's content is what stays.
const queues = new Map<string, Promise<void>>();

/**
 * As writeFileAtomicSync, without blocking the event loop, and into an existing folder only: a store whose folder
 * vanished must fail its commit, not write into a fresh one.
 */
export function writeFileAtomic(path: string, data: string | Buffer, options: AtomicWriteOptions = {}): Promise<void> {
  const write = (queues.get(path) ?? Promise.resolve()).then(() => replace(path, data, options));
  const settled: Promise<void> = write
    .catch(() => undefined)
    .finally(() => {
      if (queues.get(path) === settled) queues.delete(path);
    });
  queues.set(path, settled);
  return write;
}

async function replace(path: string, data: string | Buffer, { mode = 0o600, beforeRename }: AtomicWriteOptions): Promise<void> {
  const dir = dirname(path);
  const tempPath = tempPathFor(path);
  const file = await open(tempPath, 'wx', mode);
  try {
    await file.writeFile(data);
    await file.sync();
  } catch (error) {
    await file.close();
    await rm(tempPath, { force: true });
    throw error;
  }
  await file.close();
  beforeRename?.(tempPath);
  await rename(tempPath, path).catch(async (error: unknown) => {
    await rm(tempPath, { force: true });
    throw error;
  });
  const folder = await open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

function tempPathFor(path: string): string {
  return join(dirname(path), `${TEMP_PREFIX}${basename(path)}-${randomBytes(6).toString('hex')}`);
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
