// Commits that Berth makes itself (cordon, uncordon, and later reverts): one file changed on top of the current
// branch, built from git objects so that whatever else is staged or edited in the work tree stays out of the commit.
import fs from 'node:fs';
import path from 'node:path';
import git, { type TreeEntry } from 'isomorphic-git';
import { GitError, type Repo } from './repo';

export interface FileCommit {
  /** Path inside the repository, with forward slashes. */
  path: string;
  content: string;
  message: string;
}

const FALLBACK_AUTHOR = { name: 'berth', email: 'berth@localhost' };

/**
 * Commits one file's new content on the checked-out branch and updates the work tree and index to match. Refuses
 * when the work tree's copy has uncommitted edits, which the commit would otherwise silently discard.
 */
export async function commitFile(repo: Repo, change: FileCommit): Promise<string> {
  const head = await git.resolveRef({ fs, gitdir: repo.gitdir, ref: 'HEAD' }).catch(() => {
    throw new GitError(`${repo.dir} has no commits yet; commit the cluster repo first`, { dir: repo.dir });
  });
  const { commit } = await git.readCommit({ fs, gitdir: repo.gitdir, oid: head });
  const parts = change.path.split('/');
  const before = await blobAt(repo, commit.tree, parts);
  if (!repo.bare) await refuseLocalEdits(repo, change.path, before);
  const blob = await git.writeBlob({ fs, gitdir: repo.gitdir, blob: Buffer.from(change.content) });
  const tree = await replaceInTree(repo, commit.tree, parts, blob);
  const author = { ...(await authorOf(repo)), timestamp: Math.floor(Date.now() / 1000), timezoneOffset: new Date().getTimezoneOffset() };
  const oid = await git.writeCommit({
    fs,
    gitdir: repo.gitdir,
    commit: { tree, parent: [head], author, committer: author, message: change.message.endsWith('\n') ? change.message : `${change.message}\n` },
  });
  const branch = await git.currentBranch({ fs, gitdir: repo.gitdir, fullname: true });
  await git.writeRef({ fs, gitdir: repo.gitdir, ref: branch ?? 'HEAD', value: oid, force: true });
  if (!repo.bare) {
    await fs.promises.writeFile(path.join(repo.dir, change.path), change.content);
    await git.add({ fs, dir: repo.dir, gitdir: repo.gitdir, filepath: change.path });
  }
  return oid;
}

async function refuseLocalEdits(repo: Repo, file: string, committed: string | undefined): Promise<void> {
  let onDisk: Buffer | undefined;
  try {
    onDisk = await fs.promises.readFile(path.join(repo.dir, file));
  } catch {
    onDisk = undefined;
  }
  const diskOid = onDisk ? (await git.hashBlob({ object: onDisk })).oid : undefined;
  if (diskOid !== committed) {
    throw new GitError(`${file} in ${repo.dir} has uncommitted changes; commit or discard them first, then run this again`, { dir: repo.dir, file });
  }
}

async function blobAt(repo: Repo, tree: string, parts: string[]): Promise<string | undefined> {
  const entries = (await git.readTree({ fs, gitdir: repo.gitdir, oid: tree })).tree;
  const entry = entries.find((e) => e.path === parts[0]);
  if (!entry) return undefined;
  if (parts.length === 1) return entry.type === 'blob' ? entry.oid : undefined;
  return entry.type === 'tree' ? blobAt(repo, entry.oid, parts.slice(1)) : undefined;
}

async function replaceInTree(repo: Repo, tree: string | undefined, parts: string[], blob: string): Promise<string> {
  const entries: TreeEntry[] = tree ? (await git.readTree({ fs, gitdir: repo.gitdir, oid: tree })).tree : [];
  const [name, ...rest] = parts;
  const existing = entries.find((e) => e.path === name);
  const replacement: TreeEntry =
    rest.length === 0
      ? { mode: existing?.type === 'blob' ? existing.mode : '100644', path: name, oid: blob, type: 'blob' }
      : { mode: '040000', path: name, oid: await replaceInTree(repo, existing?.type === 'tree' ? existing.oid : undefined, rest, blob), type: 'tree' };
  const next = entries.filter((e) => e.path !== name).concat(replacement);
  return git.writeTree({ fs, gitdir: repo.gitdir, tree: next });
}

async function authorOf(repo: Repo): Promise<{ name: string; email: string }> {
  const configured = async (key: string) => (await git.getConfig({ fs, gitdir: repo.gitdir, path: key }).catch(() => undefined)) as string | undefined;
  const name = process.env.GIT_AUTHOR_NAME || (await configured('user.name')) || FALLBACK_AUTHOR.name;
  const email = process.env.GIT_AUTHOR_EMAIL || (await configured('user.email')) || FALLBACK_AUTHOR.email;
  return { name, email };
}
