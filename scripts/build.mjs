// Bundles the CLI into dist/ so `npx berth` starts fast without a TypeScript loader.
import { mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { build } from 'esbuild';
import { buildAgent } from './build-agent.mjs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: { berth: 'src/cli/bin.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: 'linked',
  define: { __BERTH_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
});

// The agent as one self-contained file, which bootstrap uploads to hosts.
await buildAgent({ version });

// `npx berth` from the project root looks in node_modules/.bin, where npm links dependencies' bins but not the
// project's own: link it there too.
mkdirSync('node_modules/.bin', { recursive: true });
rmSync('node_modules/.bin/berth', { force: true });
symlinkSync('../../bin/berth.mjs', 'node_modules/.bin/berth');
