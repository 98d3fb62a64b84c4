// The agent as bootstrap uploads it: dist/berth-agent.mjs, one file with every dependency inside, built by
// scripts/build-agent.mjs. Its version is read from the mark on its second line, without running it.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BerthError } from '../errors';

/** Kept equal to VERSION_MARK in scripts/build-agent.mjs. */
const VERSION_MARK = '// berth-agent-version: ';
const FILE_NAME = 'berth-agent.mjs';

export interface AgentBundle {
  path: string;
  version: string;
  sha256: string;
  content: Buffer;
}

/** dist/berth-agent.mjs of this installation: beside the running bundle (dist/berth.mjs), or above the sources. */
export function defaultAgentBundlePath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    for (const candidate of [join(dir, FILE_NAME), join(dir, 'dist', FILE_NAME)]) if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new BerthError('AgentBundleMissing', `cannot find ${FILE_NAME}: run \`npm run build\` in the berth project`);
    }
    dir = parent;
  }
}

export async function readAgentBundle(path = defaultAgentBundlePath()): Promise<AgentBundle> {
  const content = await readFile(path);
  const head = content.subarray(0, 200).toString('utf8').split('\n')[1] ?? '';
  if (!head.startsWith(VERSION_MARK)) {
    throw new BerthError('AgentBundleInvalid', `${path} is not a berth agent bundle (no version mark on its second line)`, { path });
  }
  const version = head.slice(VERSION_MARK.length).trim();
  return { path, version, sha256: createHash('sha256').update(content).digest('hex'), content };
}
