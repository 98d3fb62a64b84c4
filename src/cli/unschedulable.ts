import { INVENTORY_FILE, loadManifests, setHostUnschedulable } from '../manifest';
import { commitFile, openRepo, readCommit } from '../source';
import { BerthError } from '../errors';

export interface UnschedulableResult {
  host: string;
  unschedulable: boolean;
  changed: boolean;
  commit?: string;
}

/**
 * Records a host's maintenance state in hosts.yaml as a commit (`berth cordon`, `uncordon`, and the first step of
 * `drain`), so git stays the truth and the controller follows it like any other change. Nothing to commit when the
 * inventory already says so.
 */
export async function commitUnschedulable(repoDir: string, host: string, unschedulable: boolean, message?: string): Promise<UnschedulableResult> {
  const verb = unschedulable ? 'cordon' : 'uncordon';
  const repo = openRepo(repoDir);
  const { files } = await readCommit(repo, 'HEAD');
  const file = files.find((f) => f.path === INVENTORY_FILE);
  if (!file) throw new BerthError('InventoryMissing', `${repoDir} has no ${INVENTORY_FILE} at HEAD; add the SSH inventory first (berth init makes one)`);
  const edit = setHostUnschedulable(Buffer.from(file.content).toString('utf8'), INVENTORY_FILE, host, unschedulable);
  let commit: string | undefined;
  if (edit.changed) {
    // The edited inventory must still load: a cordon never commits a hosts.yaml the controller would refuse.
    const { errors } = loadManifests([{ path: INVENTORY_FILE, content: Buffer.from(edit.text) }]);
    const own = errors.filter((e) => e.file === INVENTORY_FILE);
    if (own.length > 0) throw new BerthError('InventoryInvalid', `${INVENTORY_FILE} would be invalid after ${verb}: ${own[0].message}; fix it first`);
    commit = await commitFile(repo, { path: INVENTORY_FILE, content: edit.text, message: message ?? `${verb} ${host}` });
  }
  return { host, unschedulable, changed: edit.changed, ...(commit ? { commit } : {}) };
}

/** "host/h2 cordoned (commit 3f2a9c1)" or "host/h2 already cordoned; nothing to commit". */
export function cordonLine({ host, unschedulable, commit }: UnschedulableResult): string {
  const past = unschedulable ? 'cordoned' : 'uncordoned';
  return commit ? `host/${host} ${past} (commit ${commit.slice(0, 7)})` : `host/${host} already ${past}; nothing to commit`;
}
