import { loadManifests, type DesiredState } from '../manifest';
import { readCommit, resolveCommit, type Repo } from '../source';
import type { Decision } from './events';
import type { StoreRecords } from './store';
import type { SyncStatus } from './view';

export interface LoadedCommit {
  commit: string;
  desired: DesiredState;
}

const FAILED_KEY = 'failed-commit';

/**
 * Step 1–2 of the loop: resolves the ref and loads its commit when it moved. A commit with any error is refused whole
 * (and remembered, so it is not read again): the last good one is kept. Returns the sync status so far and the state
 * to run (`current` when nothing new loaded).
 */
export async function loadCommit(repo: Repo, ref: string, current: LoadedCommit | undefined, store: StoreRecords, decisions: Decision[]): Promise<{ sync: SyncStatus; state?: LoadedCommit }> {
  let commit: string;
  try {
    commit = await resolveCommit(repo, ref);
  } catch (err) {
    return { state: current, sync: { ref, commit: current?.commit, status: 'Failed', message: `cannot resolve ${ref}: ${(err as Error).message}` } };
  }
  if (commit === current?.commit) return { state: current, sync: { ref, commit, status: 'Unknown' } };
  const refused = (message: string) => ({ state: current, sync: { ref, commit: current?.commit, refusedCommit: commit, status: 'Failed' as const, message } });
  const failed = store.get<{ commit: string; message: string }>(FAILED_KEY);
  if (failed?.commit === commit) return refused(failed.message);
  const { files } = await readCommit(repo, commit);
  const { state, errors } = loadManifests(files);
  if (!state || errors.length > 0) {
    const first = errors.slice(0, 3).map((e) => e.message).join('; ');
    const message = `commit ${commit.slice(0, 7)} is invalid (${errors.length} error${errors.length === 1 ? '' : 's'}: ${first}); still running ${current?.commit.slice(0, 7) ?? 'nothing'} — fix it and commit again (berth validate shows every error)`;
    store.put(FAILED_KEY, { commit, message });
    decisions.push({ object: { kind: 'Cluster', name: ref }, reason: 'SyncFailed', type: 'Warning', message });
    return refused(message);
  }
  store.delete(FAILED_KEY);
  if (current) decisions.push({ object: { kind: 'Cluster', name: state.cluster.object.metadata.name }, reason: 'NewCommit', message: `${ref} moved to ${commit.slice(0, 7)}` });
  return { state: { commit, desired: state }, sync: { ref, commit, status: 'Unknown' } };
}
