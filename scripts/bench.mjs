// Runs a benchmark from bench/ as users run Berth: bundled by esbuild (as dist/ is), not through a TS loader.
// Usage: node scripts/bench.mjs [name] [bench flags…]   (name: core (default) → bench/core.ts, fleet → bench/fleet.ts, …)
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

const name = process.argv[2] ?? 'core';
const outfile = `dist/bench-${name}.mjs`;
await build({ entryPoints: [`bench/${name}.ts`], outfile, bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning' });
// The same V8 flag as bin/berth.mjs, so the figures are what the CLI and controller get.
// --expose-gc only lets a bench measure what stays in use after a full collection.
const r = spawnSync(process.execPath, ['--max-semi-space-size=64', '--expose-gc', outfile, ...process.argv.slice(3)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
