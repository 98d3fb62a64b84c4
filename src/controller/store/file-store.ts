import fs from 'node:fs';
import path from 'node:path';
import { loadStateFile, writeStateFile, type StateRecovery } from '../../common';
import type { Store } from './store';

const FORMAT = 'berth.dev/v1 ControllerStore';

/**
 * The embedded default: every key in one JSON file, rewritten atomically (temp file, fsync, rename, fsync of the
 * folder) on commit, with a last good copy beside it (common/state-file.ts). The controller's state is small (no pods,
 * no manifests), so one file stays cheap and is trivially crash-safe.
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

  /**
   * Loads the store. A torn file (or one that is not a store) is kept aside and its last good copy used, with
   * `recovery` saying so for the controller's event; with no readable copy either, the store starts empty, which the
   * controller rebuilds from the agents' reports (pods stay where they run) and says so loudly.
   */
  static open(stateDir: string, now: Date = new Date()): FileStore {
    fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    const file = path.join(stateDir, 'controller-store.json');
    const { value, recovery } = loadStateFile(file, parseStore, now);
    const store = new FileStore(file, new Map(Object.entries(value ?? {})));
    store.recovery = recovery;
    return store;
  }

  /** What open had to do about an unreadable file, if anything. */
  recovery?: StateRecovery;

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
    const write = this.#writing.catch(() => {}).then(() => writeStateFile(this.file, text, { mode: 0o600 }));
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

function parseStore(text: string): Record<string, unknown> {
  let doc: { format?: string; items?: Record<string, unknown> };
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Error(`not valid JSON (${(err as Error).message})`);
  }
  if (doc?.format !== FORMAT || typeof doc.items !== 'object' || doc.items === null) throw new Error(`not a Berth controller store (format ${JSON.stringify(doc?.format)})`);
  return doc.items;
}
