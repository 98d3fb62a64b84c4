import fs from 'node:fs';
import path from 'node:path';
import git, { type FsClient } from 'isomorphic-git';
import { isManifestPath, type ManifestFile } from '../manifest';
import { resolveCommit, type Repo } from './repo';
import { objectReadFs } from './object-fs';

export interface CommitFiles {
  commit: string;
  files: ManifestFile[];
}

/** Reads blobs this many at a time: enough to overlap file reads, few enough to bound memory. */
const READ_CONCURRENCY = 64;

/**
 * Every manifest file of a commit, read from git objects (never the work tree, which may hold uncommitted edits).
 * Folders whose names start with a dot are skipped, like .git and .github.
 */
export async function readCommit(repo: Repo, ref: string): Promise<CommitFiles> {
  const commit = await resolveCommit(repo, ref);
  const ofs = objectReadFs(repo.gitdir);
  const { commit: c } = await git.readCommit({ fs: ofs, gitdir: repo.gitdir, oid: commit, cache: repo.cache });
  const blobs: Array<{ path: string; oid: string }> = [];
  await listTree(repo, ofs, c.tree, '', blobs);
  const files: ManifestFile[] = new Array(blobs.length);
  let next = 0;
  const worker = async () => {
    while (next < blobs.length) {
      const i = next++;
      const { path, oid } = blobs[i];
      let content = repo.blobs.get(oid);
      if (!content) {
        content = (await git.readBlob({ fs: ofs, gitdir: repo.gitdir, oid, cache: repo.cache })).blob;
        repo.blobs.set(oid, content);
      }
      files[i] = { path, content };
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, blobs.length) }, worker));
  return { commit, files };
}

async function listTree(repo: Repo, ofs: FsClient, oid: string, prefix: string, out: Array<{ path: string; oid: string }>): Promise<void> {
  const { tree } = await git.readTree({ fs: ofs, gitdir: repo.gitdir, oid, cache: repo.cache });
  const subtrees: Promise<void>[] = [];
  for (const entry of tree) {
    if (entry.path.startsWith('.')) continue;
    const p = prefix + entry.path;
    if (entry.type === 'tree') subtrees.push(listTree(repo, ofs, entry.oid, `${p}/`, out));
    else if (entry.type === 'blob' && isManifestPath(p)) out.push({ path: p, oid: entry.oid });
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
