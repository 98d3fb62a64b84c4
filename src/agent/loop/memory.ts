// What the kubelet would lose on a restart and Berth keeps: the CrashLoopBackOff and ImagePullBackOff history of every
// container and the waiting reason each version of a pod reported. Without it, an agent restarted mid back-off
// restarts a crashing container at once (its back-off starts again at 10 s) and reports no waiting reason until its
// first sync. Kept in <stateDir>/backoff.json with the atomic writer, rewritten only when it changed.
import { join } from 'node:path';
import type { CrashLoopBackOff, CrashLoopEntry } from '../pods/backoff';
import type { ImagePullBackOff, PullBackoffEntry } from '../pods/image-backoff';
import type { WaitingReason } from '../pods/status';
import type { PodBook } from './book';
import { StateFile } from './persist';

export const BACKOFF_FILE = 'backoff.json';

export interface PersistedMemory {
  /** CrashLoopBackOff entries by `<pod uid>/<container>`. */
  crashLoop: Record<string, CrashLoopEntry>;
  /** ImagePullBackOff entries by `<pod uid>_<image>`. */
  imagePull: Record<string, PullBackoffEntry>;
  /** Waiting reasons by instance key (`<pod uid>@<spec hash>`), then container name. */
  waiting: Record<string, Record<string, WaitingReason>>;
}

export interface Memory {
  book: PodBook;
  backoff: CrashLoopBackOff;
  pullBackoff: ImagePullBackOff;
}

export function memoryOf({ book, backoff, pullBackoff }: Memory): PersistedMemory {
  const waiting: PersistedMemory['waiting'] = {};
  for (const [key, record] of book.records) if (Object.keys(record.waiting).length) waiting[key] = record.waiting;
  return { crashLoop: backoff.snapshot(), imagePull: pullBackoff.snapshot(), waiting };
}

/** Puts saved memory back into a fresh loop; anything malformed is left out. */
export function restoreMemory({ book, backoff, pullBackoff }: Memory, saved: Partial<PersistedMemory>): void {
  if (isObject(saved.crashLoop)) backoff.restore(saved.crashLoop);
  if (isObject(saved.imagePull)) pullBackoff.restore(saved.imagePull);
  for (const [key, reasons] of Object.entries(isObject(saved.waiting) ? saved.waiting : {})) {
    if (!isObject(reasons)) continue;
    const valid = Object.entries(reasons).filter(([, w]) => isObject(w) && typeof w.reason === 'string');
    if (valid.length) book.record(key).waiting = Object.fromEntries(valid.map(([name, w]) => [name, { reason: w.reason, ...(typeof w.message === 'string' ? { message: w.message } : {}) }]));
  }
}

export class MemoryFile extends StateFile<PersistedMemory> {
  constructor(stateDir: string) {
    super(join(stateDir, BACKOFF_FILE));
  }
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
