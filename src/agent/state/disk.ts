// Whether the agent's state folder takes writes. A full folder (ENOSPC, or a quota: EDQUOT) is a condition of the
// host, not a crash: the desired set that could not be stored is refused, so the agent goes on with the one it holds
// and its pods keep running, and the host reports the condition until a write fits again (the kubelet's DiskPressure).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../../common';

/** The Node condition's reason while the state folder is full. */
export const REASON_STATE_FOLDER_FULL = 'StateFolderFull';

export type StateDiskStatus = { full: false } | { full: true; reason: string; message: string; since: string };

export function isNoSpace(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

export class StateDisk {
  readonly #stateDir: string;
  #status: StateDiskStatus = { full: false };
  /** The size of the write that did not fit: what a probe must fit before the folder counts as writable again. */
  #needed = 0;

  constructor(stateDir: string) {
    this.#stateDir = stateDir;
  }

  status(): StateDiskStatus {
    return this.#status;
  }

  /** A write of `bytes` failed for lack of space. Returns the message when this starts the condition (to log once). */
  full(error: unknown, bytes: number, now = new Date()): string | undefined {
    this.#needed = Math.max(this.#needed, bytes);
    if (this.#status.full) return undefined;
    const message = `the agent's state folder ${this.#stateDir} is full (${(error as Error).message}): new pods are refused, running pods keep running; free space there`;
    this.#status = { full: true, reason: REASON_STATE_FOLDER_FULL, message, since: now.toISOString() };
    return message;
  }

  /** A state write succeeded: the folder takes writes. Returns true when this ends the condition. */
  wrote(): boolean {
    if (!this.#status.full) return false;
    this.#status = { full: false };
    this.#needed = 0;
    return true;
  }

  /**
   * While full: whether a write of the refused size fits now (written atomically, then removed), ending the condition if so. The controller retries its set with back-off; the host's facts say at
   * once that space was freed.
   */
  probe(): boolean {
    if (!this.#status.full) return false;
    const file = join(this.#stateDir, '.space-probe');
    try {
      writeFileAtomicSync(file, Buffer.alloc(this.#needed * 2 + 4096));
    } catch {
      return false;
    } finally {
      rmSync(file, { force: true });
    }
    return this.wrote();
  }
}
