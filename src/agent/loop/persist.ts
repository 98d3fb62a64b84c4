// What the pod loop must not lose when the agent restarts during or after a replacement: per pod uid, the version
// that serves (its spec hash and pod spec, which the desired set no longer holds) and the rollback condition. Without
// it, an old version left serving runs unmanaged (no probes, no restarts) and a rollback is re-detected with a
// generic reason. Kept in <stateDir>/replacements.json with the atomic writer, rewritten only when it changed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1';
import { writeFileAtomicSync } from '../../common';
import { instanceKey, type PodBook, type Rollback } from './book';

export const REPLACEMENTS_FILE = 'replacements.json';

export interface PersistedReplacement {
  servingHash: string;
  /** The serving version's spec, when known. */
  spec?: Pod;
  rollback?: Rollback;
}

export type PersistedReplacements = Record<string, PersistedReplacement>;

/** The state to keep: pods whose serving version is not the desired one, or that were rolled back. */
export function replacementsOf(book: PodBook, desiredHashes: ReadonlyMap<string, string>): PersistedReplacements {
  const out: PersistedReplacements = {};
  for (const [uid, servingHash] of book.serving) {
    const desiredHash = desiredHashes.get(uid);
    if (desiredHash === undefined) continue;
    const rollback = book.rollbacks.get(uid);
    if (servingHash === desiredHash && !rollback) continue;
    out[uid] = { servingHash, spec: book.specs.get(instanceKey(uid, servingHash)), ...(rollback ? { rollback } : {}) };
  }
  return out;
}

/** Puts persisted replacements back in a fresh book. */
export function restoreReplacements(book: PodBook, saved: Partial<PersistedReplacements>): void {
  for (const [uid, r] of Object.entries(saved)) {
    if (!r || typeof r.servingHash !== 'string') continue;
    book.serving.set(uid, r.servingHash);
    if (r.spec) book.specs.set(instanceKey(uid, r.servingHash), r.spec);
    if (r.rollback) book.rollbacks.set(uid, r.rollback);
  }
}

/** A JSON object the loop keeps in the state folder: written atomically, and only when it changed. */
export class StateFile<T extends object> {
  readonly path: string;
  #last = '';

  constructor(path: string) {
    this.path = path;
  }

  /** The saved object; a missing or unreadable file counts as an empty one (the loop then rebuilds what it can). */
  load(): Partial<T> {
    if (!existsSync(this.path)) return {};
    try {
      const text = readFileSync(this.path, 'utf8');
      const parsed: unknown = JSON.parse(text);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
      this.#last = text;
      return parsed as Partial<T>;
    } catch {
      return {};
    }
  }

  save(value: T): void {
    const text = JSON.stringify(value);
    if (text === this.#last) return;
    writeFileAtomicSync(this.path, text);
    this.#last = text;
  }
}

export class ReplacementFile extends StateFile<PersistedReplacements> {
  constructor(stateDir: string) {
    super(join(stateDir, REPLACEMENTS_FILE));
  }
}
