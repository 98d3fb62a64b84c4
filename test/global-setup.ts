import { execFileSync } from 'node:child_process';
import { ensureSharedLab } from './helpers/lab';

export default async function setup(): Promise<void> {
  // CLI tests run the bundled bin as a user would, so the bundle must match the sources under test.
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  // The fleet tests run on real SSH hosts: the shared lab, brought up (or repaired) here and never taken down —
  // CI machines are fresh, and developers keep theirs (`berth lab down` removes it).
  await ensureSharedLab((line) => process.stderr.write(`berth lab: ${line}\n`));
}
