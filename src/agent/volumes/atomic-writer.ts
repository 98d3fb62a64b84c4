import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { ProjectedFile } from './types';

const DATA_LINK = '..data';

/**
 * Writes a volume's files so that a container never sees half an update, as Kubernetes' AtomicWriter does: the files
 * go into a fresh hidden folder `..<random>`, the `..data` symlink is swapped to it with one rename, and each
 * top-level name is a symlink through `..data`. Returns false when the files were already as asked (no write).
 */
export function writeProjectedFiles(dir: string, files: ProjectedFile[]): boolean {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const previous = currentDataDir(dir);
  if (previous && sameFiles(join(dir, previous), files)) return false;

  const next = mkdtempSync(`${dir}/..`); // not join(): it would read '..' as the parent folder
  chmodSync(next, 0o755);
  for (const file of files) {
    const target = join(next, file.path);
    mkdirSync(dirname(target), { recursive: true, mode: 0o755 });
    writeFileSync(target, file.content, { mode: file.mode });
    chmodSync(target, file.mode); // the umask must not narrow what the pod asked for
  }
  const tempLink = join(dir, '..data_tmp');
  rmSync(tempLink, { force: true });
  symlinkSync(next.slice(dir.length + 1), tempLink);
  renameSync(tempLink, join(dir, DATA_LINK));

  const visible = new Set(files.map((file) => file.path.split('/')[0]));
  for (const name of visible) {
    const link = join(dir, name);
    if (!isSymlink(link)) symlinkSync(join(DATA_LINK, name), link);
  }
  for (const name of readdirSync(dir)) {
    if (!name.startsWith('..') && !visible.has(name)) rmSync(join(dir, name), { force: true });
  }
  if (previous) rmSync(join(dir, previous), { recursive: true, force: true });
  return true;
}

function currentDataDir(dir: string): string | undefined {
  try {
    return readlinkSync(join(dir, DATA_LINK));
  } catch {
    return undefined;
  }
}

function sameFiles(dataDir: string, files: ProjectedFile[]): boolean {
  const present = listFiles(dataDir);
  if (present.length !== files.length) return false;
  return files.every((file) => {
    const path = join(dataDir, file.path);
    if (!existsSync(path)) return false;
    const stat = lstatSync(path);
    return stat.isFile() && (stat.mode & 0o7777) === file.mode && readFileSync(path).equals(file.content);
  });
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
