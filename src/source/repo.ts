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

/** Reads a git object by id: its type and its content (without git's header). */
export type ReadObject = (oid: string) => Promise<{ type: string; content: Uint8Array }>;

/**
 * A branch, tag, `HEAD`, full or abbreviated commit id, optionally followed by git's ancestry suffixes (`HEAD~2`,
 * `main^`, `v1^2`) → the full commit id. Objects are read with `read` when given (readCommit passes the reader it
 * goes on with), else with isomorphic-git, which keeps the packs it opened on the repo for the next poll.
 */
export async function resolveCommit(repo: Repo, ref: string, read: ReadObject = isomorphicRead(repo)): Promise<string> {
  const suffix = /^(.+?)((?:[~^]\d*)+)$/.exec(ref);
  if (!suffix) return resolveBase(repo, ref, read);
  let oid = await resolveBase(repo, suffix[1], read);
  for (const [, op, digits] of suffix[2].matchAll(/([~^])(\d*)/g)) {
    const n = digits === '' ? 1 : Number(digits);
    // `~n` follows first parents n times; `^n` takes the n-th parent once (`^0` is the commit itself).
    const steps = op === '~' ? Array.from({ length: n }, () => 1) : n === 0 ? [] : [n];
    for (const parentIndex of steps) {
      const parent = parentsOf((await read(oid)).content)[parentIndex - 1];
      if (!parent) throw new GitError(`ref "${ref}" not found in ${repo.dir}: ${oid.slice(0, 7)} has no parent ${parentIndex}`, { ref, dir: repo.dir });
      oid = parent;
    }
  }
  return oid;
}

/**
 * Attempts at a ref. `git pack-refs` (run by git gc) writes packed-refs, then deletes the loose ref; isomorphic-git
 * reads packed-refs before the loose file, so a read between the two finds the ref in neither. Git's own reader takes
 * the other order; here the lookup is simply made again, and the second sees the new packed-refs.
 */
const REF_ATTEMPTS = 3;

async function resolveBase(repo: Repo, ref: string, read: ReadObject): Promise<string> {
  for (let attempt = 1; attempt <= REF_ATTEMPTS; attempt++) {
    let oid: string;
    try {
      oid = await git.resolveRef({ fs, gitdir: repo.gitdir, ref });
    } catch {
      continue; // not a ref (maybe a commit id), or one being packed: look again
    }
    return await peelToCommit(oid, read);
  }
  if (/^[0-9a-f]{4,40}$/i.test(ref)) {
    try {
      const oid = await git.expandOid({ fs, gitdir: repo.gitdir, oid: ref.toLowerCase(), cache: repo.cache });
      return await peelToCommit(oid, read);
    } catch {
      /* fall through to the error */
    }
  }
  const branches = await git.listBranches({ fs, gitdir: repo.gitdir }).catch(() => [] as string[]);
  const hint = branches.length ? `branches: ${branches.join(', ')}` : 'the repository has no commits yet; commit first';
  throw new GitError(`ref "${ref}" not found in ${repo.dir} (${hint})`, { ref, dir: repo.dir });
}

/** An annotated tag names its object on its first line: "object <id>". */
async function peelToCommit(oid: string, read: ReadObject): Promise<string> {
  const { type, content } = await read(oid);
  if (type === 'commit') return oid;
  const target = type === 'tag' ? /^object ([0-9a-f]{40})\n/.exec(Buffer.from(content).toString('latin1', 0, 48)) : null;
  if (target) return peelToCommit(target[1], read);
  throw new GitError(`${oid} is a ${type}, not a commit`, { oid });
}

/** A commit's headers come first, one a line, up to a blank line; each parent is a "parent <id>" line. */
function parentsOf(commit: Uint8Array): string[] {
  const headers = Buffer.from(commit).toString('latin1').split('\n\n', 1)[0];
  return [...headers.matchAll(/^parent ([0-9a-f]{40})$/gm)].map((m) => m[1]);
}

function isomorphicRead(repo: Repo): ReadObject {
  return async (oid) => {
    const { type, object } = await git.readObject({ fs, gitdir: repo.gitdir, oid, format: 'content', cache: repo.cache });
    return { type, content: object as Uint8Array };
  };
}
