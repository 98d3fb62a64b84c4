import { execFile } from 'node:child_process';
import { mkdirSync, statSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { TmpfsUnavailableError } from './errors';

const run = promisify(execFile);

/** statfs(2) f_type of tmpfs (TMPFS_MAGIC in linux/magic.h). */
export const TMPFS_MAGIC = 0x01021994;

export function isTmpfs(dir: string): boolean {
  return statfsSync(dir).type === TMPFS_MAGIC;
}

/** True when `dir` is the root of a mounted file system (its device differs from its parent's). */
export function isMountPoint(dir: string): boolean {
  return statSync(dir).dev !== statSync(dirname(dir)).dev;
}

export interface TmpfsOptions {
  /** Size limit as mount(8) takes it ("64m") or in bytes. */
  size?: string | number;
  mode?: number;
  /** Mount a tmpfs of its own even when `dir` already lies on one (for a size limit, and to unmount it alone). */
  ownMount?: boolean;
}

/**
 * Makes sure `dir` is a tmpfs, mounting one when it is not (the agent runs as root). Already a tmpfs → left as it
 * is, so a restarted agent keeps what it holds. Throws TmpfsUnavailableError when the mount fails.
 */
export async function ensureTmpfs(
  dir: string,
  { size = '64m', mode = 0o700, ownMount = false }: TmpfsOptions = {},
): Promise<void> {
  mkdirSync(dir, { recursive: true, mode });
  if (isTmpfs(dir) && (!ownMount || isMountPoint(dir))) return;
  const options = `mode=${mode.toString(8).padStart(4, '0')},size=${size}`;
  try {
    await run('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  } catch (error) {
    const reason = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    throw new TmpfsUnavailableError(dir, reason);
  }
  if (!isTmpfs(dir)) throw new TmpfsUnavailableError(dir, 'mount reported success but the folder is not a tmpfs');
}

/** Unmounts the tmpfs mounted at `dir` if there is one (its content is gone with it). */
export async function unmountTmpfs(dir: string): Promise<void> {
  try {
    if (!isTmpfs(dir) || !isMountPoint(dir)) return;
  } catch {
    return; // missing folder: nothing mounted
  }
  await run('umount', [dir]);
}
