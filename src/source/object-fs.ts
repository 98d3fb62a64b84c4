import fs from 'node:fs';
import path from 'node:path';

/**
 * The file system isomorphic-git reads a repository through, for one read of a commit. isomorphic-git looks for
 * every object as a loose file first, then lists the packs, then stats the gitdir — per object. At 10,000 blobs that
 * is 40,000 system calls and 10,000 ENOENT errors with stack traces, most of the time spent. Objects are immutable
 * and a read is short, so this answers those questions from one listing of each folder, made once.
 */
export function objectReadFs(gitdir: string): { promises: typeof fs.promises } {
  const objects = path.join(gitdir, 'objects') + path.sep;
  const listings = new Map<string, Promise<Set<string> | null>>();
  const stats = new Map<string, Promise<fs.Stats>>();
  const list = (dir: string): Promise<Set<string> | null> => {
    let p = listings.get(dir);
    if (!p) {
      p = fs.promises.readdir(dir).then(
        (names) => new Set(names),
        () => null,
      );
      listings.set(dir, p);
    }
    return p;
  };
  const missing = (p: string) => Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: 'ENOENT', path: p });

  const promises = Object.create(fs.promises) as typeof fs.promises & Record<string, unknown>;
  promises.readFile = (async (file: unknown, options?: unknown) => {
    if (typeof file === 'string' && file.startsWith(objects)) {
      const names = await list(path.dirname(file));
      if (!names?.has(path.basename(file))) throw missing(file);
    }
    return fs.promises.readFile(file as string, options as undefined);
  }) as typeof fs.promises.readFile;
  promises.readdir = (async (dir: unknown, options?: unknown) => {
    if (options === undefined && typeof dir === 'string' && (dir + path.sep).startsWith(objects)) {
      const names = await list(dir);
      if (!names) throw missing(dir);
      return [...names];
    }
    return fs.promises.readdir(dir as string, options as undefined);
  }) as typeof fs.promises.readdir;
  promises.stat = (async (p: unknown, options?: unknown) => {
    if (p === gitdir && options === undefined) {
      let s = stats.get(p);
      if (!s) stats.set(p, (s = fs.promises.stat(p)));
      return s;
    }
    return fs.promises.stat(p as string, options as undefined);
  }) as typeof fs.promises.stat;
  return { promises };
}
