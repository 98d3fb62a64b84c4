// The import rules of DESIGN.md ("Layout"), checked by `npm run lint:deps` and `npm test`.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No import cycles between files, type-only imports included: a file that needs a type of the file that imports it ' +
        'gets that type moved to a third file (see src/agent/pods/sync-types.ts, src/controllers/deployment-types.ts).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'pure-core-stays-pure',
      severity: 'error',
      comment:
        'The pure core (manifest, controllers, scheduler, plan) is a function of its inputs: it never imports the ' +
        'effectful shell (git, SSH, Docker, the HTTP API, the controller loop, the CLI, the lab).',
      from: { path: '^src/(manifest|controllers|scheduler|plan)/' },
      to: { path: '^src/(fleet|agent|api|source|controller|cli|lab|unixhttp)/' },
    },
    {
      name: 'common-is-the-floor',
      severity: 'error',
      comment: 'src/common holds the primitives (back-off, durations, IPv4, atomic writes, the serial runner): it imports nothing of src.',
      from: { path: '^src/common/' },
      to: { path: '^src/', pathNot: ['^src/common/'] },
    },
    {
      name: 'manifest-is-the-base',
      severity: 'error',
      comment: 'src/manifest is what every other module builds on: it imports no other module but src/errors and src/common.',
      from: { path: '^src/manifest/' },
      to: { path: '^src/', pathNot: ['^src/manifest/', '^src/errors/', '^src/common/'] },
    },
    {
      name: 'agent-is-its-own-program',
      severity: 'error',
      comment:
        'The agent is bundled on its own and runs on every host: it shares the base (manifest, errors, unixhttp) with ' +
        'the controller, never the controller side (controllers, scheduler, plan, controller, fleet, cli).',
      from: { path: '^src/agent/' },
      to: { path: '^src/(controllers|scheduler|plan|controller|fleet|cli|api|source|lab)/' },
    },
    {
      name: 'modules-through-their-index',
      severity: 'error',
      comment: "A folder of src is a module with one public entry, its index.ts: no reach into another module's insides.",
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
