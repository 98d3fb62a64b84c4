import { loadManifests, type LoadResult, type ManifestFile } from '../manifest';
import { openRepo, readCommit, readWorkTree } from '../source';

export interface Loaded extends LoadResult {
  /** The commit read, when reading git objects. */
  commit?: string;
  /** What was read, for messages: `HEAD (3f2a9c1)` or `the work tree of DIR`. */
  describe: string;
}

/** Reads a cluster repo at a ref (git objects) or, when ref is undefined, from the files on disk. */
export async function loadRepo(dir: string, ref: string | undefined): Promise<Loaded> {
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
  return { ...loadManifests(files), commit, describe };
}
