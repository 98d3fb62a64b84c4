import fs from 'node:fs/promises';
import path from 'node:path';
import { CLUSTER_FILE, INVENTORY_FILE, loadManifests, type DesiredState, type ManifestFile } from '../manifest';
import { BerthError } from '../errors';
import { printErrors, type Io } from './output';

/**
 * cluster.yaml and hosts.yaml as the controller reads them, from the files on disk: host commands work on the
 * inventory as it is being edited (trusting a new host comes before committing it).
 */
export async function readFleetConfig(io: Io, repoRoot: string): Promise<Pick<DesiredState, 'cluster' | 'inventory' | 'nodes'>> {
  const files: ManifestFile[] = [];
  for (const file of [CLUSTER_FILE, INVENTORY_FILE]) {
    try {
      files.push({ path: file, content: await fs.readFile(path.join(repoRoot, file)) });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  const { state, errors } = loadManifests(files);
  if (!state) {
    printErrors(io, errors);
    throw new BerthError('InventoryInvalid', `cannot read the inventory of ${repoRoot}; fix the errors above (berth validate shows them all)`);
  }
  return state;
}
