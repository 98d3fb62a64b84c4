import fs from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import { BerthError } from '../errors';

/** A git repository on disk, bare or with a work tree. */
export interface Repo {
  /** The work tree, or the bare repository itself. */
  dir: string;
  gitdir: string;
  bare: boolean;
  /** isomorphic-git's pack cache: reuse it across reads of one repo, it makes packed reads several times faster. */
  cache: object;
  /** Blobs already read, by id: objects never change, so a later commit reads only what it changed. */
  blobs: BlobCache;
}

/** A bounded map of blob id → content; when full it starts over, which costs one cold read and no correctness. */
export class BlobCache {
  private readonly map = new Map<string, Uint8Array>();
  private bytes = 0;

  constructor(private readonly maxBytes = 256 * 1024 * 1024) {}

  get(oid: string): Uint8Array | undefined {
    return this.map.get(oid);
  }

  set(oid: string, blob: Uint8Array): void {
    if (this.bytes + blob.byteLength > this.maxBytes) {
      this.map.clear();
      this.bytes = 0;
    }
    this.map.set(oid, blob);
    this.bytes += blob.byteLength;
  }
}

export class GitError extends BerthError {
  constructor(message: string, data: Record<string, unknown> = {}) {
    super('GitError', message, data);
  }
}

export function openRepo(dir: string): Repo {
  const abs = path.resolve(dir);
  const dotgit = path.join(abs, '.git');
  if (fs.existsSync(dotgit)) {
    if (fs.statSync(dotgit).isFile()) {
      // A linked worktree or submodule: `.git` is a file that points at the real gitdir.
      const m = /^gitdir:\s*(.+)\s*$/m.exec(fs.readFileSync(dotgit, 'utf8'));
      if (m) return { dir: abs, gitdir: path.resolve(abs, m[1]), bare: false, cache: {}, blobs: new BlobCache() };
    }
    return { dir: abs, gitdir: dotgit, bare: false, cache: {}, blobs: new BlobCache() };
  }
  if (fs.existsSync(path.join(abs, 'HEAD')) && fs.existsSync(path.join(abs, 'objects'))) {
    return { dir: abs, gitdir: abs, bare: true, cache: {}, blobs: new BlobCache() };
  }
  throw new GitError(`${dir} is not a git repository (no .git folder); run \`git init\` there, or \`berth init ${dir}\` for a new cluster repo`, { dir });
}

/**
 * A branch, tag, `HEAD`, full or abbreviated commit id, optionally followed by git's ancestry suffixes (`HEAD~2`,
 * `main^`, `v1^2`) → the full commit id.
 */
export async function resolveCommit(repo: Repo, ref: string): Promise<string> {
  const suffix = /^(.+?)((?:[~^]\d*)+)$/.exec(ref);
  if (!suffix) return resolveBase(repo, ref);
  let oid = await resolveBase(repo, suffix[1]);
  for (const [, op, digits] of suffix[2].matchAll(/([~^])(\d*)/g)) {
    const n = digits === '' ? 1 : Number(digits);
    // `~n` follows first parents n times; `^n` takes the n-th parent once (`^0` is the commit itself).
    const steps = op === '~' ? Array.from({ length: n }, () => 1) : n === 0 ? [] : [n];
    for (const parentIndex of steps) {
      const { commit } = await git.readCommit({ fs, gitdir: repo.gitdir, oid, cache: repo.cache });
      const parent = commit.parent[parentIndex - 1];
      if (!parent) throw new GitError(`ref "${ref}" not found in ${repo.dir}: ${oid.slice(0, 7)} has no parent ${parentIndex}`, { ref, dir: repo.dir });
      oid = parent;
    }
  }
  return oid;
}

async function resolveBase(repo: Repo, ref: string): Promise<string> {
  try {
    const oid = await git.resolveRef({ fs, gitdir: repo.gitdir, ref });
    return await peelToCommit(repo, oid);
  } catch {
    /* not a ref; maybe a commit id */
  }
  if (/^[0-9a-f]{4,40}$/i.test(ref)) {
    try {
      const oid = await git.expandOid({ fs, gitdir: repo.gitdir, oid: ref.toLowerCase(), cache: repo.cache });
      return await peelToCommit(repo, oid);
    } catch {
      /* fall through to the error */
    }
  }
  const branches = await git.listBranches({ fs, gitdir: repo.gitdir }).catch(() => [] as string[]);
  const hint = branches.length ? `branches: ${branches.join(', ')}` : 'the repository has no commits yet; commit first';
  throw new GitError(`ref "${ref}" not found in ${repo.dir} (${hint})`, { ref, dir: repo.dir });
}

async function peelToCommit(repo: Repo, oid: string): Promise<string> {
  const { type, object } = await git.readObject({ fs, gitdir: repo.gitdir, oid, cache: repo.cache });
  if (type === 'commit') return oid;
  if (type === 'tag') return peelToCommit(repo, (object as { object: string }).object);
  throw new GitError(`${oid} is a ${type}, not a commit`, { oid });
}
