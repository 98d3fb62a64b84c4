import fs from 'node:fs';
import path from 'node:path';
import { isManifestPath, type ManifestFile } from '../manifest';
import { GitError, resolveCommit, type Repo } from './repo';
import { ObjectStore } from './objects';

export interface CommitFiles {
  commit: string;
  files: ManifestFile[];
}

/**
 * Every manifest file of a commit, read from git objects (never the work tree, which may hold uncommitted edits).
 * Folders whose names start with a dot are skipped, like .git and .github.
 */
export async function readCommit(repo: Repo, ref: string): Promise<CommitFiles> {
  const store = await ObjectStore.open(repo);
  const commit = await resolveCommit(repo, ref, (oid) => store.read(oid));
  const { content } = await store.read(commit, 'commit');
  const tree = /^tree ([0-9a-f]{40})\n/.exec(content.toString('latin1', 0, 46));
  if (!tree) throw new GitError(`commit ${commit} in ${repo.dir} names no tree`, { commit, dir: repo.dir });
  const blobs: Array<{ path: string; oid: string }> = [];
  await listTree(store, tree[1], '', blobs);
  const files: ManifestFile[] = [];
  for (const { path, oid } of blobs) {
    let content = repo.blobs.get(oid);
    if (!content) {
      content = (await store.read(oid, 'blob')).content;
      repo.blobs.set(oid, content);
    }
    files.push({ path, content });
  }
  return { commit, files };
}

/** A tree object is a list of "<mode> <name>\0<20-byte id>"; mode 40000 is a folder, 160000 a submodule's commit. */
async function listTree(store: ObjectStore, oid: string, prefix: string, out: Array<{ path: string; oid: string }>): Promise<void> {
  const { content } = await store.read(oid, 'tree');
  const subtrees: Promise<void>[] = [];
  for (let at = 0; at < content.length; ) {
    const space = content.indexOf(0x20, at);
    const nul = content.indexOf(0, space);
    const mode = content.toString('latin1', at, space);
    const name = content.toString('utf8', space + 1, nul);
    const id = content.toString('hex', nul + 1, nul + 21);
    at = nul + 21;
    if (name.startsWith('.')) continue;
    const p = prefix + name;
    if (mode === '40000') subtrees.push(listTree(store, id, `${p}/`, out));
    else if (mode !== '160000' && isManifestPath(p)) out.push({ path: p, oid: id });
  }
  await Promise.all(subtrees);
}

/** The manifest files of a folder on disk, as a person edits them before committing. */
export async function readWorkTree(dir: string): Promise<ManifestFile[]> {
  const root = path.resolve(dir);
  const out: ManifestFile[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await fs.promises.readdir(path.join(root, rel), { withFileTypes: true });
    await Promise.all(
      entries.map(async (e) => {
        if (e.name.startsWith('.') || e.name === 'node_modules') return;
        const p = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) return walk(p);
        if (e.isFile() && isManifestPath(p)) out.push({ path: p, content: await fs.promises.readFile(path.join(root, p)) });
      }),
    );
  };
  await walk('');
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
