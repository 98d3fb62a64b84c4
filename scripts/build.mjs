// Bundles the CLI into dist/ so `npx berth` starts fast without a TypeScript loader.
import { build } from 'esbuild';

await build({
  entryPoints: { berth: 'src/cli/main.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
