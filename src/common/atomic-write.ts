import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface AtomicWriteOptions {
  /** File mode of the new file. Default 0o600: the agent's state is nobody else's business. */
  mode?: number;
  /** Called after the temp file is durable and before it replaces the target; tests use it to simulate a crash. */
  beforeRename?: (tempPath: string) => void;
}

/** The prefix of temp files, so loaders and cleaners can recognise (and ignore) leftovers of a crash. */
export const TEMP_PREFIX = '.tmp-';

/**
 * Replaces `path` with `data` so that a crash at any moment leaves either the old or the new content: write a temp
 * file in the same folder (rename is only atomic within one file system), fsync it, rename it over the target, then
 * fsync the folder so the rename itself survives a power loss.
 */
export function writeFileAtomic(path: string, data: string | Buffer, options: AtomicWriteOptions = {}): void {
  const { mode = 0o600, beforeRename } = options;
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tempPath = join(dir, `${TEMP_PREFIX}${basename(path)}-${randomBytes(6).toString('hex')}`);
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

export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
