// The end-to-end fleet tests' view of the shared 3-host lab: a private copy of its cluster repo (so no test writes
// into the lab's own), the inventory as the controller reads it, a Fleet over real SSH, the CLI bundle run as a
// person runs it, each host's own Docker Engine, and one lock so the files that disturb the hosts (agent restarts,
// a cut link) never overlap.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Docker from 'dockerode';
import { parseDocument } from 'yaml';
import { Fleet, type FleetOptions } from '../../../src/fleet';
import { CLUSTER_FILE, INVENTORY_FILE, loadManifests, type DesiredState } from '../../../src/manifest';
import type { LabStatus } from '../../../src/lab';
import { acquireLock } from '../../../src/lab/lock';
import { ROOT } from '../../helpers/cli';
import { waitFor } from '../../helpers/wait';

export { sharedLab, ssh } from '../../helpers/lab';

/** Prefix of everything these tests name (clusters, image tags, temp folders). */
export const PREFIX = 'berth-e2e-fleet';

const LOCK_FILE = path.join(os.tmpdir(), `${PREFIX}-lab.lock`);

/**
 * Holds the lab for one test file: vitest runs files in parallel, and a file that restarts agents or cuts a link
 * would break another's calls. Returns the release.
 */
export function holdLab(file: string): Promise<() => void> {
  return acquireLock(LOCK_FILE, (line) => process.stderr.write(`${file}: ${line}\n`));
}

export interface RepoEdits {
  /** cluster.yaml metadata.name. */
  cluster?: string;
  /** hosts.yaml defaults.knownHosts. */
  knownHosts?: string;
}

/** A copy of the lab's cluster repo (with its git history, without its .berth/ records) in a temp folder. */
export function copyLabRepo(lab: LabStatus, edits: RepoEdits = {}): string {
  const repo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), `${PREFIX}-`)), 'repo');
  fs.cpSync(lab.repo, repo, { recursive: true, filter: (src) => path.basename(src) !== '.berth' });
  const edit = (file: string, keyPath: string[], value: string) => {
    const doc = parseDocument(fs.readFileSync(path.join(repo, file), 'utf8'));
    doc.setIn(keyPath, value);
    fs.writeFileSync(path.join(repo, file), String(doc));
  };
  if (edits.cluster) edit(CLUSTER_FILE, ['metadata', 'name'], edits.cluster);
  if (edits.knownHosts) edit(INVENTORY_FILE, ['defaults', 'knownHosts'], edits.knownHosts);
  return repo;
}

export function removeRepoCopy(repo: string | undefined): void {
  if (repo) fs.rmSync(path.dirname(repo), { recursive: true, force: true });
}

/** cluster.yaml and hosts.yaml as the controller reads them (defaults applied). */
export function readFleetConfig(repo: string): Pick<DesiredState, 'cluster' | 'inventory' | 'nodes'> {
  const files = [CLUSTER_FILE, INVENTORY_FILE].map((file) => ({ path: file, content: fs.readFileSync(path.join(repo, file)) }));
  const { state, errors } = loadManifests(files);
  if (!state) throw new Error(`cannot load ${repo}: ${JSON.stringify(errors)}`);
  return state;
}

/** A Fleet over the repo's inventory: real SSH to the lab hosts. */
export function labFleet(repo: string, options: Partial<FleetOptions> = {}): Fleet {
  return new Fleet(readFleetConfig(repo).inventory.object, { repoRoot: repo, ...options });
}

export interface BinResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** The built CLI (bin/berth.mjs → dist/berth.mjs) as a person runs it, both outputs kept. */
export function berthBin(args: string[], { timeoutMs = 300_000 } = {}): BinResult {
  const start = performance.now();
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/berth.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: timeoutMs,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Math.round(performance.now() - start) };
}

/** A lab host's own Docker Engine, reached from this machine (for test setup and checks only). */
export function hostDocker(lab: LabStatus, name: string): Docker {
  const host = lab.hosts.find((h) => h.name === name);
  if (!host) throw new Error(`no lab host ${name}`);
  return new Docker({ socketPath: host.dockerHost.replace(/^unix:\/\//, '') });
}

/**
 * Problems with a table's alignment, as kubectl aligns: every cell of a column starts where its header starts, and
 * is preceded by a space. Empty when aligned.
 */
export function misalignments(table: string): string[] {
  const [header, ...rows] = table.split('\n').filter((l) => l.trim() !== '');
  const starts = [...header.matchAll(/\S+(?: \S+)*/g)].map((m) => m.index!);
  const problems: string[] = [];
  for (const row of rows) {
    starts.forEach((start, i) => {
      const cell = row.slice(start, starts[i + 1]);
      const before = start === 0 ? ' ' : row[start - 1];
      if ((before !== undefined && before !== ' ') || (cell.trim() !== '' && cell.startsWith(' '))) {
        problems.push(`column ${header.slice(start).split(' ')[0]} misaligned in ${JSON.stringify(row)}`);
      }
    });
  }
  return problems;
}

/** Polls fn until it returns true (waitFor); the milliseconds it took, for the test's log. */
export async function waitUntil(what: string, fn: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 250): Promise<number> {
  const start = performance.now();
  await waitFor(fn, { timeoutMs, intervalMs, describe: what });
  return Math.round(performance.now() - start);
}
