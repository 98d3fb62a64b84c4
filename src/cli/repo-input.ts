import fs from 'node:fs';
import path from 'node:path';
import { CLUSTER_FILE, INVENTORY_FILE, isManifestPath, loadManifests, type LoadOptions, type LoadResult, type ManifestFile } from '../manifest';
import { openRepo, readCommit, readWorkTree } from '../source';
import { UsageError } from '../errors';

export interface Loaded extends LoadResult {
  /** The commit read, when reading git objects. */
  commit?: string;
  /** What was read, for messages: `HEAD (3f2a9c1)` or `the work tree of DIR`. */
  describe: string;
}

export interface RepoLoadOptions {
  /** A folder with neither cluster.yaml nor hosts.yaml is loaded with their defaults (LoadOptions.defaultsForMissing). */
  defaultsWhenBare?: boolean;
  allowMissingReferences?: boolean;
}

/** Reads a cluster repo at a ref (git objects) or, when ref is undefined, from the files on disk. */
export async function loadRepo(dir: string, ref: string | undefined, { defaultsWhenBare = false, allowMissingReferences = false }: RepoLoadOptions = {}): Promise<Loaded> {
  let files: ManifestFile[];
  let commit: string | undefined;
  let describe: string;
  if (ref === undefined) {
    files = await readWorkTree(dir);
    describe = `the files in ${dir}`;
  } else {
    const read = await readCommit(openRepo(dir), ref);
    files = read.files;
    commit = read.commit;
    describe = `${ref} (${commit.slice(0, 7)})`;
  }
  const bare = !files.some((f) => f.path === CLUSTER_FILE || f.path === INVENTORY_FILE);
  return { ...loadManifests(files, { defaultsForMissing: defaultsWhenBare && bare, allowMissingReferences }), commit, describe };
}

/**
 * Files and folders of manifests that need not be a cluster repo (`berth validate a.yaml k8s/`), named in errors
 * as given (relative to the current folder); what cluster.yaml and hosts.yaml would say comes from their defaults.
 */
export async function loadPaths(paths: readonly string[], options: Omit<LoadOptions, 'defaultsForMissing'>): Promise<Loaded> {
  const byPath = new Map<string, ManifestFile>();
  for (const given of paths) {
    const stat = fs.statSync(given, { throwIfNoEntry: false });
    if (!stat) throw new UsageError(`${given}: no such file or folder`);
    const shown = path.normalize(given).split(path.sep).join('/').replace(/\/$/, '');
    if (stat.isDirectory()) {
      for (const f of await readWorkTree(given)) byPath.set(shown === '.' ? f.path : `${shown}/${f.path}`, f);
    } else {
      if (!isManifestPath(path.basename(shown))) throw new UsageError(`${given}: not a manifest file; give .yaml, .yml or .json files, or folders of them`);
      byPath.set(shown, { path: shown, content: fs.readFileSync(given) });
    }
  }
  const files = [...byPath].map(([p, f]) => ({ ...f, path: p }));
  return { ...loadManifests(files, { ...options, defaultsForMissing: true }), describe: paths.map((p) => (p === '.' ? path.resolve(p) : p)).join(' ') };
}
