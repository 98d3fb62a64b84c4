// The lab's cluster repo: the template as a git repository, its hosts.yaml saying where the lab's hosts are.
import fs from 'node:fs';
import path from 'node:path';
import { commitFile, createRepoFromTemplate, openRepo } from '../source';
import { LabError } from './errors';
import { labHostsYaml, type LabInventory } from './hosts-yaml';

export const LAB_REPO_MESSAGE = 'Cluster repo for berth lab';
const HOSTS_FILE = 'hosts.yaml';

/** Creates the repo, or commits a hosts.yaml that lists the lab's current hosts; returns what it did, if anything. */
export async function ensureLabRepo(dir: string, template: string, inventory: LabInventory): Promise<string | undefined> {
  if (!fs.existsSync(path.join(dir, '.git'))) {
    fs.rmSync(dir, { recursive: true, force: true }); // a half-made copy from an interrupted run
    const hostsYaml = labHostsYaml(fs.readFileSync(path.join(template, HOSTS_FILE), 'utf8'), inventory);
    const { commit } = await createRepoFromTemplate({ template, dir, message: LAB_REPO_MESSAGE, files: { [HOSTS_FILE]: hostsYaml } });
    return `created cluster repo ${dir} (commit ${commit.slice(0, 7)})`;
  }
  const current = fs.readFileSync(path.join(dir, HOSTS_FILE), 'utf8');
  const next = labHostsYaml(current, inventory);
  if (next === current) return undefined;
  try {
    const commit = await commitFile(openRepo(dir), { path: HOSTS_FILE, content: next, message: `berth lab: ${inventory.hosts.length} hosts` });
    return `${dir}: committed ${HOSTS_FILE} with ${inventory.hosts.length} hosts (${commit.slice(0, 7)})`;
  } catch (err) {
    throw new LabError(`cannot update ${HOSTS_FILE} of the lab's cluster repo: ${(err as Error).message}`, { dir });
  }
}
