import path from 'node:path';
import type { Command } from 'commander';
import type { ManifestError } from '../../manifest';
import { colors, parseOutputFormat, printData, printErrors } from '../output';
import { loadRepo } from '../repo-input';
import type { CommandContext } from '../context';
import { EXIT_FAILED } from '../exit-codes';

export function registerValidate(program: Command, { io, setExit }: CommandContext): void {
  program
    .command('validate')
    .description('check every manifest of a cluster repo: the files on disk, or git objects at --ref')
    .argument('[dir]', 'the cluster repo (default: --repo, or the current folder)')
    .option('--repo <dir>', 'the cluster repo', '.')
    .option('--ref <ref>', 'read git objects at this branch, tag or commit instead of the files on disk')
    .option('-o, --output <format>', 'json or yaml for machines')
    .action(async (dir: string | undefined, opts: { repo: string; ref?: string; output?: string }) => {
      const format = parseOutputFormat(opts.output);
      const repo = dir ?? opts.repo;
      const loaded = await loadRepo(repo, opts.ref);
      const objects = loaded.state ? loaded.state.objects.length + 2 : 0;
      if (format !== 'human') {
        printData(io, format, {
          valid: loaded.errors.length === 0,
          source: loaded.describe,
          ...(loaded.commit ? { commit: loaded.commit } : {}),
          objects,
          errors: loaded.errors.map(errorJson),
        });
      } else {
        printErrors(io, loaded.errors);
        const c = colors(io);
        if (loaded.errors.length === 0) {
          io.out(`${c.green('✓')} ${objects} objects valid in ${loaded.describe === `the files in ${repo}` ? path.resolve(repo) : loaded.describe}`);
        } else {
          const files = new Set(loaded.errors.map((e) => e.data.file)).size;
          io.err(`${c.red('✗')} ${loaded.errors.length} error${loaded.errors.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}; fix them and run berth validate again`);
        }
      }
      if (loaded.errors.length) setExit(EXIT_FAILED);
    });
}

export function errorJson(e: ManifestError): Record<string, unknown> {
  const { problem, ...rest } = e.data;
  return { code: e.code, ...rest, message: problem };
}
