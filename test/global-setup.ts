import { execFileSync } from 'node:child_process';

// CLI tests run the bundled bin as a user would, so the bundle must match the sources under test.
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
