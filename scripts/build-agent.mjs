// Bundles the host agent into ONE file (dist/berth-agent.mjs) that runs with plain node: every dependency inside,
// native optional ones left out. A version can be given so tests can build a "newer" agent:
//   node scripts/build-agent.mjs [--version V] [--outfile PATH]
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

export const packageVersion = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

/** Marks the bundle with its version on line 2, so the controller can tell a bundle's version without running it. */
export const VERSION_MARK = '// berth-agent-version: ';

/** Builds the agent bundle; returns its path, version and size in bytes. */
export async function buildAgent({ version = packageVersion, outfile = `${root}dist/berth-agent.mjs` } = {}) {
  await build({
    absWorkingDir: root,
    entryPoints: ['src/cli/agent-bin.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // ssh2 (docker-modem's ssh:// transport) tries these native bindings inside try/catch and falls back to JS.
    external: ['cpu-features', '*.node'],
    // CommonJS dependencies call require() for node built-ins; an ES module has none unless we make one.
    banner: {
      js: [
        '#!/usr/bin/env node',
        `${VERSION_MARK}${version}`,
        "import { createRequire as __berthCreateRequire } from 'node:module';",
        'const require = __berthCreateRequire(import.meta.url);',
        "import { fileURLToPath as __berthFileURLToPath } from 'node:url';",
        "import { dirname as __berthDirname } from 'node:path';",
        'const __filename = __berthFileURLToPath(import.meta.url), __dirname = __berthDirname(__filename);',
      ].join('\n'),
    },
    define: { __BERTH_VERSION__: JSON.stringify(version) },
    legalComments: 'none',
    // Smaller upload; names are kept so a host's stack traces stay readable.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  });
  return { path: outfile, version, bytes: statSync(outfile).size };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const built = await buildAgent({ version: arg('--version'), outfile: arg('--outfile') });
  process.stdout.write(`${JSON.stringify(built)}\n`);
}
