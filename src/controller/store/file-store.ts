import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../common';
import { BerthError } from '../../errors';
import type { Store } from './store';

const FORMAT = 'berth.dev/v1 ControllerStore';

/**
 * The embedded default: every key in one JSON file, rewritten atomically (temp file, fsync, rename, fsync of the
 * folder) on commit. The controller's state is small (no pods, no manifests), so one file stays cheap and is
 * trivially crash-safe.
 */
export class FileStore implements Store {
  readonly file: string;
  #data: Map<string, unknown>;
  #dirty = false;
  #writing: Promise<void> = Promise.resolve();

  private constructor(file: string, data: Map<string, unknown>) {
    this.file = file;
    this.#data = data;
  }

  static open(stateDir: string): FileStore {
    fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    const file = path.join(stateDir, 'controller-store.json');
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new FileStore(file, new Map());
      throw err;
    }
    let doc: { format?: string; items?: Record<string, unknown> };
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new BerthError('StoreCorrupt', `${file}: not valid JSON (${(err as Error).message}); it is written atomically, so something else changed it: move it away to start with an empty store`);
    }
    if (doc.format !== FORMAT || typeof doc.items !== 'object' || doc.items === null) {
      throw new BerthError('StoreCorrupt', `${file}: not a Berth controller store (format ${JSON.stringify(doc.format)}); move it away to start with an empty store`);
    }
    return new FileStore(file, new Map(Object.entries(doc.items)));
  }

  get<T>(key: string): T | undefined {
    return this.#data.get(key) as T | undefined;
  }

  list<T>(prefix: string): Array<[string, T]> {
    const out: Array<[string, T]> = [];
    for (const [key, value] of this.#data) if (key.startsWith(prefix)) out.push([key, value as T]);
    return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  put(key: string, value: unknown): void {
    // A copy: a caller mutating its object later must not change what was staged.
    this.#data.set(key, structuredClone(value));
    this.#dirty = true;
  }

  delete(key: string): void {
    if (this.#data.delete(key)) this.#dirty = true;
  }

  commit(): Promise<void> {
    if (!this.#dirty) return this.#writing;
    this.#dirty = false;
    const items = Object.fromEntries([...this.#data].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    const text = JSON.stringify({ format: FORMAT, items });
    // After the previous write whatever its outcome: one failed write (disk full, directory gone) must not fail every
    // later commit. A failed write leaves the data dirty, so the next commit writes it again.
    const write = this.#writing.catch(() => {}).then(() => writeFileAtomic(this.file, text, { mode: 0o600 }));
    write.catch(() => {
      this.#dirty = true;
    });
    this.#writing = write;
    return write;
  }

  close(): Promise<void> {
    return this.commit();
  }
}
