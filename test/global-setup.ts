import { execFileSync } from 'node:child_process';
import { ensureSharedLab } from './helpers/lab';

export default async function setup(): Promise<void> {
  // CLI tests run the bundled bin as a user would, so the bundle must match the sources under test.
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  // The fleet tests run on real SSH hosts: the shared lab, brought up (or repaired) here and never taken down —
  // CI machines are fresh, and developers keep theirs (`berth lab down` removes it).
  const lab = await ensureSharedLab((line) => process.stderr.write(`berth lab: ${line}\n`));
  // A controller left running on the lab's own repo (README's quick start) would send the hosts its pods while the
  // tests send theirs: stopped here, said out loud.
  const stopped = execFileSync(process.execPath, ['bin/berth.mjs', 'controller', '--stop', '--repo', lab.repo], { encoding: 'utf8' });
  if (stopped.includes('stopped')) process.stderr.write(`berth tests: ${stopped.trim()} (it ran on the lab's repo; start it again with berth controller --detach --repo ${lab.repo})\n`);
}
