#!/usr/bin/env -S node --max-semi-space-size=64
// --max-semi-space-size: a larger young generation; at 150,000 pods it cuts garbage collection by a third or more.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/berth.mjs', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('berth: the CLI is not built yet; run `npm ci` (or `npm run build`) in the project root\n');
  process.exit(2);
}
await import(bundle.href);
