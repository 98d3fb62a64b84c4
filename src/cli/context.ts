import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Io } from './output';

/** What every command gets: where to print, and how to report its exit code. */
export interface CommandContext {
  io: Io;
  setExit(code: number): void;
}

/** The installed project's root (holds package.json and cluster-repo-template/), from the bundle or the sources. */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'cluster-repo-template'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the berth installation (package.json next to cluster-repo-template/)');
    dir = parent;
  }
}
