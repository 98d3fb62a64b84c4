import type { Command } from 'commander';
import type { Deployment } from 'kubernetes-types/apps/v1';
import { sleep } from '../../common';
import { BerthError, UsageError } from '../../errors';
import { controllerOf, namespaceOf, notFound, withNamespace, withRepo, type ControllerFlags, type NamespaceFlags } from '../controller-input';
import { tabwrite } from '../describe';
import { parseDurationFlag } from '../humanize';
import { parseOutputFormat, printData } from '../output';
import { parseTypedName, qualifiedName } from '../resources';
import { deploymentRolloutStatus } from '../rollout-status';
import type { CommandContext } from '../context';

interface RolloutFlags extends ControllerFlags, NamespaceFlags {
  timeout?: string;
  watch?: boolean;
  toRevision?: string;
  output?: string;
}

/** How often `rollout status` looks again; BERTH_POLL_MS shortens it in tests. */
const pollMs = () => Number(process.env.BERTH_POLL_MS) || 1000;

/** `berth rollout status|history|undo deployment/NAME`, as kubectl's. */
export function registerRollout(program: Command, ctx: CommandContext): void {
  const rollout = program.command('rollout').description("follow, list and undo a Deployment's rollouts");
  const sub = (name: string, description: string) => withRepo(withNamespace(rollout.command(`${name} <deployment>`).description(description), false));
  sub('status', 'wait until the rollout finishes, printing its progress; exit 1 when it fails or is rolled back')
    .option('--timeout <duration>', 'give up after this long, e.g. 5m (default: wait as long as it takes)', '0')
    .option('--no-watch', 'print the status once and exit')
    .action((arg: string, flags: RolloutFlags) => status(ctx, arg, flags));
  sub('history', 'list the revisions, their commits and why each changed')
    .option('-o, --output <format>', 'json or yaml for machines')
    .action((arg: string, flags: RolloutFlags) => history(ctx, arg, flags));
  sub('undo', 'roll back to the previous revision (or --to-revision) until a commit changes the template again')
    .option('--to-revision <n>', 'the revision to go back to (default: the previous one)')
    .option('-o, --output <format>', 'json or yaml for machines')
    .action((arg: string, flags: RolloutFlags) => undo(ctx, arg, flags));
}

async function status({ io }: CommandContext, arg: string, flags: RolloutFlags): Promise<void> {
  const { resource, name } = parseTypedName(arg, ['Deployment'], 'rollout status');
  const namespace = namespaceOf(flags)!;
  const timeoutMs = parseDurationFlag('--timeout', flags.timeout ?? '0');
  const client = controllerOf(flags);
  const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : Infinity;
  let last = '';
  for (;;) {
    const found = (await client.objects({ kind: 'Deployment', namespace })).find((o) => o.metadata.name === name);
    if (!found) throw notFound(resource, name, namespace);
    const state = deploymentRolloutStatus(found as Deployment);
    if (state.message !== last) io.out(state.message);
    last = state.message;
    if (state.done) return;
    if (flags.watch === false) return;
    if (Date.now() + pollMs() > deadline) throw new BerthError('RolloutTimeout', 'timed out waiting for the condition');
    await sleep(pollMs());
  }
}

async function history({ io }: CommandContext, arg: string, flags: RolloutFlags): Promise<void> {
  const format = parseOutputFormat(flags.output);
  const { resource, name } = parseTypedName(arg, ['Deployment'], 'rollout history');
  const revisions = await controllerOf(flags).rolloutHistory(namespaceOf(flags)!, name);
  if (format !== 'human') return printData(io, format, { revisions });
  const rows = revisions.map((r) => [r.revision, r.replicaSet, r.commit?.slice(0, 7) ?? '<none>', r.current ? '*' : '', r.changeCause || '<none>'].join('\t'));
  io.out(`${qualifiedName(resource, name)}\n${tabwrite(['REVISION\tREPLICASET\tCOMMIT\tCURRENT\tCHANGE-CAUSE', ...rows, ''].join('\n'))}`);
}

async function undo({ io }: CommandContext, arg: string, flags: RolloutFlags): Promise<void> {
  const format = parseOutputFormat(flags.output);
  const { resource, name } = parseTypedName(arg, ['Deployment'], 'rollout undo');
  let toRevision: number | undefined;
  if (flags.toRevision !== undefined) {
    if (!/^\d+$/.test(flags.toRevision)) throw new UsageError(`--to-revision: must be a revision number, not "${flags.toRevision}"`);
    toRevision = Number(flags.toRevision) || undefined; // kubectl: 0 is the previous revision
  }
  const revision = await controllerOf(flags).rolloutUndo(namespaceOf(flags)!, name, toRevision);
  if (format !== 'human') return printData(io, format, revision);
  io.out(`${qualifiedName(resource, name)} rolled back to revision ${revision.revision} (${revision.replicaSet})`);
  io.out('it runs until a commit changes the template again; to keep it, revert the commit that changed it in git');
}
