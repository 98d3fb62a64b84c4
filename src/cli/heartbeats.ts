// What `berth hosts` remembers between runs: when each host's agent last answered and the conditions shown then,
// so the 40 s grace period and lastTransitionTime mean the same as in a long-running controller. Kept in the repo's
// .berth/ folder (ignored by git), written atomically.
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../common';
import type { NodeCondition } from 'kubernetes-types/core/v1';

export interface HostRecord {
  lastHeartbeat?: string;
  lastError?: string;
  conditions?: NodeCondition[];
}

export type HostRecords = Record<string, HostRecord>;

export function heartbeatsFile(repoRoot: string): string {
  return path.join(repoRoot, '.berth', 'heartbeats.json');
}

/** A missing or unreadable file is no history: every host starts as never heard from. */
export function readHeartbeats(repoRoot: string): HostRecords {
  try {
    const parsed = JSON.parse(fs.readFileSync(heartbeatsFile(repoRoot), 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as HostRecords) : {};
  } catch {
    return {};
  }
}

export async function writeHeartbeats(repoRoot: string, records: HostRecords): Promise<void> {
  const file = heartbeatsFile(repoRoot);
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(records, null, 2)}\n`, { mode: 0o600 });
}
