import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CLUSTER_FILE, INVENTORY_FILE, type ManifestError } from '../../manifest';
import { UsageError } from '../../errors';
import { colors, parseOutputFormat, printData, printErrors } from '../output';
import { loadPaths, loadRepo, type Loaded } from '../repo-input';
import type { CommandContext } from '../context';
import { EXIT_FAILED } from '../exit-codes';

interface ValidateFlags {
  repo: string;
  ref?: string;
  output?: string;
  ignoreMissingRefs?: boolean;
}

export function registerValidate(program: Command, { io, setExit }: CommandContext): void {
  program
    .command('validate')
    .description('check the manifests of a cluster repo (the files on disk, or git objects at --ref), or any files and folders of Kubernetes manifests')
    .argument('[paths...]', 'a cluster repo, or manifest files and folders (default: --repo, or the current folder)')
    .option('--repo <dir>', 'the cluster repo', '.')
    .option('--ref <ref>', 'read git objects at this branch, tag or commit instead of the files on disk')
    .option('--ignore-missing-refs', 'let references to objects not among the files pass (ConfigMaps, Secrets, claims, Services, namespaces): they live elsewhere')
    .option('-o, --output <format>', 'json or yaml for machines')
    .action(async (paths: string[], opts: ValidateFlags) => {
      const format = parseOutputFormat(opts.output);
      const loaded = await load(paths, opts);
      const defaulted = loaded.defaulted ?? [];
      const objects = loaded.state ? loaded.state.objects.length + 2 - defaulted.length : 0;
      if (format !== 'human') {
        printData(io, format, {
          valid: loaded.errors.length === 0,
          source: loaded.describe,
          ...(loaded.commit ? { commit: loaded.commit } : {}),
          ...(defaulted.length ? { defaults: defaulted } : {}),
          objects,
          errors: loaded.errors.map(errorJson),
        });
      } else {
        const c = colors(io);
        if (defaulted.length) io.err(`no ${defaulted.join(' or ')} among these files: checking them with Berth's default cluster settings`);
        printErrors(io, loaded.errors);
        if (loaded.errors.length === 0) {
          io.out(`${c.green('✓')} ${objects} object${objects === 1 ? '' : 's'} valid in ${loaded.describe.startsWith('the files in ') ? path.resolve(loaded.describe.slice('the files in '.length)) : loaded.describe}`);
        } else {
          const files = new Set(loaded.errors.map((e) => e.data.file)).size;
          if (!opts.ignoreMissingRefs && loaded.errors.some((e) => e.code === 'ReferenceNotFound' || e.code === 'NamespaceNotFound')) {
            io.err('objects referred to but not among these files: add them, or pass --ignore-missing-refs when they live elsewhere');
          }
          io.err(`${c.red('✗')} ${loaded.errors.length} error${loaded.errors.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}; fix them and run berth validate again`);
        }
      }
      if (loaded.errors.length) setExit(EXIT_FAILED);
    });
}

/** One folder is a cluster repo (or a folder of manifests, with the defaults); several paths, or files, are manifests. */
async function load(paths: string[], opts: ValidateFlags): Promise<Loaded> {
  const allowMissingReferences = opts.ignoreMissingRefs === true;
  const one = paths.length === 0 ? opts.repo : paths.length === 1 ? paths[0] : undefined;
  if (one !== undefined && opts.ref !== undefined) return loadRepo(one, opts.ref, { defaultsWhenBare: true, allowMissingReferences });
  if (opts.ref !== undefined) throw new UsageError('--ref reads one cluster repo at a commit: give one folder, not files');
  // A cluster repo's files are named from its root, as the controller names them; other folders' as given.
  const isRepo = one !== undefined && [CLUSTER_FILE, INVENTORY_FILE].some((f) => fs.existsSync(path.join(one, f)));
  if (isRepo) return loadRepo(one, undefined, { allowMissingReferences });
  return loadPaths(paths.length ? paths : [opts.repo], { allowMissingReferences });
}

export function errorJson(e: ManifestError): Record<string, unknown> {
  const { problem, ...rest } = e.data;
  return { code: e.code, ...rest, message: problem };
}
