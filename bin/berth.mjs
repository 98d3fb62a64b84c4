#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/berth.mjs', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('berth: the CLI is not built yet; run `npm ci` (or `npm run build`) in the project root\n');
  process.exit(2);
}
await import(bundle.href);
