import type { SyncStatus } from './view';

/** How a commit went, newest last in the store's history: what the API will show as sync history. */
export interface CommitStatus {
  commit: string;
  status: SyncStatus['status'];
  message?: string;
  /** RFC 3339: first seen, and when the status last changed. */
  since: string;
  changed: string;
}

export const COMMIT_HISTORY = 50;

/** The history with this pass's word on `commit` (a new entry, or the last one updated); the same array if unchanged. */
export function recordCommit(history: readonly CommitStatus[], commit: string, sync: SyncStatus, time: string): readonly CommitStatus[] {
  const last = history[history.length - 1];
  if (last?.commit === commit) {
    if (last.status === sync.status && last.message === sync.message) return history;
    return [...history.slice(0, -1), { ...last, status: sync.status, message: sync.message, changed: time }];
  }
  return [...history, { commit, status: sync.status, message: sync.message, since: time, changed: time }].slice(-COMMIT_HISTORY);
}
