import type { Command } from 'commander';
import { BerthError, UsageError } from '../../errors';
import { isManifestPath, loadManifests, parseManifestFile, type ManifestFile, setReplicas, type ReplicasTarget } from '../../manifest';
import { commitFile, openRepo, readCommit } from '../../source';
import { DEFAULT_NAMESPACE, namespaceOf, withNamespace, withRepo, type ControllerFlags, type NamespaceFlags } from '../controller-input';
import { parseOutputFormat, printData } from '../output';
import { parseTypedName, qualifiedName } from '../resources';
import type { CommandContext } from '../context';

interface ScaleFlags extends ControllerFlags, NamespaceFlags {
  replicas?: string;
  message?: string;
  output?: string;
}

/**
 * `berth scale deployment/web --replicas 5`: commits the new count to the file that defines the object, so git stays
 * the truth (kubectl scale changes the live object; here the controller picks the commit up like any other).
 */
export function registerScale(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('scale <type/name>')
    .description('set the replicas of a deployment or replicaset: a commit to the file that defines it')
    .option('--replicas <n>', 'the new number of pods')
    .option('-m, --message <text>', 'the commit message')
    .option('-o, --output <format>', 'json or yaml for machines');
  withRepo(withNamespace(cmd, false)).action((arg: string, flags: ScaleFlags) => scale(ctx, arg, flags));
}

async function scale({ io }: CommandContext, arg: string, flags: ScaleFlags): Promise<void> {
  const format = parseOutputFormat(flags.output);
  const { resource, name } = parseTypedName(arg, ['Deployment', 'ReplicaSet'], 'scale');
  if (flags.replicas === undefined || !/^\d+$/.test(flags.replicas)) throw new UsageError(`--replicas: give the number of pods, e.g. --replicas 3${flags.replicas === undefined ? '' : `, not "${flags.replicas}"`}`);
  const replicas = Number(flags.replicas);
  const target: ReplicasTarget = { kind: resource.kind, namespace: namespaceOf(flags) ?? DEFAULT_NAMESPACE, name };
  const repo = openRepo(flags.repo);
  const { files } = await readCommit(repo, 'HEAD');
  const objects = rawObjects(files);
  const file = definingFile(objects, target);
  const edit = setReplicas(Buffer.from(file.content).toString('utf8'), file.path, target, replicas);
  let commit: string | undefined;
  if (edit.changed) {
    // The edited file must still load: scale never commits a manifest the controller would refuse.
    const { errors } = loadManifests(files.map((f) => (f.path === file.path ? { path: f.path, content: Buffer.from(edit.text) } : f)));
    const own = errors.filter((e) => e.file === file.path);
    if (own.length > 0) throw new BerthError('ManifestInvalid', `${file.path} would be invalid after scaling: ${own[0].message}; fix it first`);
    const message = flags.message ?? `scale ${resource.kind.toLowerCase()} ${target.namespace}/${name} to ${replicas}`;
    commit = await commitFile(repo, { path: file.path, content: edit.text, message });
  }
  const hpa = autoscalerOf(objects, target);
  if (hpa) {
    io.err(`warning: HorizontalPodAutoscaler ${target.namespace}/${hpa} owns the replica count of ${qualifiedName(resource, name)}; it will scale it back within its minReplicas..maxReplicas`);
  }
  const result = { kind: resource.kind, namespace: target.namespace, name, replicas, previous: edit.previous ?? 1, file: file.path, changed: edit.changed, ...(commit ? { commit } : {}) };
  if (format !== 'human') return printData(io, format, result);
  io.out(commit ? `${qualifiedName(resource, name)} scaled to ${replicas} (commit ${commit.slice(0, 7)}, ${file.path})` : `${qualifiedName(resource, name)} already has ${replicas} replicas in ${file.path}; nothing to commit`);
}

type Raw = { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown }; spec?: { scaleTargetRef?: { kind?: unknown; name?: unknown } } };

type RawObject = { file: ManifestFile; raw: Raw };

function rawObjects(files: ManifestFile[]): RawObject[] {
  return files.filter((f) => isManifestPath(f.path)).flatMap((file) => parseManifestFile(file).objects.map((o) => ({ file, raw: o.raw as Raw })));
}

const inNamespace = (raw: Raw, namespace: string) => (raw.metadata?.namespace ?? DEFAULT_NAMESPACE) === namespace;

function definingFile(objects: readonly RawObject[], target: ReplicasTarget): ManifestFile {
  const found = objects.find(({ raw }) => raw.kind === target.kind && raw.metadata?.name === target.name && inNamespace(raw, target.namespace));
  if (!found) {
    const generated = target.kind === 'ReplicaSet' ? ' (a ReplicaSet made by a Deployment is scaled through its Deployment)' : '';
    throw new BerthError('NotFound', `${target.kind} ${target.namespace}/${target.name} is not defined in any file of the cluster repo at HEAD${generated}`, { ...target });
  }
  return found.file;
}

function autoscalerOf(objects: readonly RawObject[], target: ReplicasTarget): string | undefined {
  const hpa = objects.find(
    ({ raw }) =>
      raw.kind === 'HorizontalPodAutoscaler' && inNamespace(raw, target.namespace) && raw.spec?.scaleTargetRef?.kind === target.kind && raw.spec.scaleTargetRef.name === target.name,
  );
  return hpa ? String(hpa.raw.metadata?.name) : undefined;
}
