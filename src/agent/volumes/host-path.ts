import { closeSync, mkdirSync, openSync, statSync, type Stats } from 'node:fs';
import { isAbsolute } from 'node:path';
import { VolumeError } from './types';

const CHECKS: Record<string, { test: (stat: Stats) => boolean; what: string }> = {
  Directory: { test: (s) => s.isDirectory(), what: 'a directory' },
  DirectoryOrCreate: { test: (s) => s.isDirectory(), what: 'a directory' },
  File: { test: (s) => s.isFile(), what: 'a file' },
  FileOrCreate: { test: (s) => s.isFile(), what: 'a file' },
  Socket: { test: (s) => s.isSocket(), what: 'a socket' },
  CharDevice: { test: (s) => s.isCharacterDevice(), what: 'a character device' },
  BlockDevice: { test: (s) => s.isBlockDevice(), what: 'a block device' },
};

/**
 * Checks (and for the *OrCreate types, creates) a hostPath as Kubernetes' hostPath types say: DirectoryOrCreate
 * makes the folder 0755, FileOrCreate an empty file 0644 (its folder must exist); "" checks nothing.
 */
export function prepareHostPath(volume: string, path: string, type = ''): void {
  if (!isAbsolute(path)) throw new VolumeError(volume, `hostPath "${path}" must be an absolute path`);
  if (type === '') return;
  const check = CHECKS[type];
  if (!check) throw new VolumeError(volume, `hostPath type "${type}" is not one of ${Object.keys(CHECKS).join(', ')}`);
  let stat = statOrUndefined(path);
  if (!stat && type === 'DirectoryOrCreate') mkdirSync(path, { recursive: true, mode: 0o755 });
  if (!stat && type === 'FileOrCreate') createEmptyFile(volume, path);
  stat ??= statOrUndefined(path);
  if (!stat) throw new VolumeError(volume, `hostPath "${path}" does not exist (type ${type})`);
  if (!check.test(stat)) throw new VolumeError(volume, `hostPath "${path}" is not ${check.what} (type ${type})`);
}

function createEmptyFile(volume: string, path: string): void {
  try {
    closeSync(openSync(path, 'a', 0o644));
  } catch (error) {
    throw new VolumeError(volume, `cannot create file "${path}": ${(error as Error).message}`);
  }
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
