import type { Command } from 'commander';
import { INVENTORY_FILE, loadManifests, setHostUnschedulable } from '../../manifest';
import { commitFile, openRepo, readCommit } from '../../source';
import { BerthError } from '../../errors';
import { parseOutputFormat, printData } from '../output';
import type { CommandContext } from '../context';

interface CordonFlags {
  repo: string;
  message?: string;
  output?: string;
}

/**
 * `berth cordon|uncordon NAME`: maintenance state is recorded in hosts.yaml as a commit, so git stays the truth and
 * the controller follows it like any other change (kubectl cordon sets spec.unschedulable on the Node).
 */
export function registerCordon(program: Command, ctx: CommandContext): void {
  for (const [verb, unschedulable] of [['cordon', true], ['uncordon', false]] as const) {
    program
      .command(`${verb} <host>`)
      .description(unschedulable ? 'mark a host unschedulable: a commit setting unschedulable in hosts.yaml' : 'mark a host schedulable again: a commit clearing unschedulable in hosts.yaml')
      .option('--repo <dir>', 'the cluster repo (a clone with a work tree)', '.')
      .option('-m, --message <text>', 'the commit message')
      .option('-o, --output <format>', 'json or yaml for machines')
      .action((host: string, flags: CordonFlags) => setUnschedulable(ctx, verb, host, unschedulable, flags));
  }
}

async function setUnschedulable(ctx: CommandContext, verb: string, host: string, unschedulable: boolean, flags: CordonFlags): Promise<void> {
  const format = parseOutputFormat(flags.output, ['human', 'json', 'yaml']);
  const repo = openRepo(flags.repo);
  const { files } = await readCommit(repo, 'HEAD');
  const file = files.find((f) => f.path === INVENTORY_FILE);
  if (!file) throw new BerthError('InventoryMissing', `${flags.repo} has no ${INVENTORY_FILE} at HEAD; add the SSH inventory first (berth init makes one)`);
  const edit = setHostUnschedulable(Buffer.from(file.content).toString('utf8'), INVENTORY_FILE, host, unschedulable);
  let commit: string | undefined;
  if (edit.changed) {
    // The edited inventory must still load: a cordon never commits a hosts.yaml the controller would refuse.
    const { errors } = loadManifests([{ path: INVENTORY_FILE, content: Buffer.from(edit.text) }]);
    const own = errors.filter((e) => e.file === INVENTORY_FILE);
    if (own.length > 0) throw new BerthError('InventoryInvalid', `${INVENTORY_FILE} would be invalid after ${verb}: ${own[0].message}; fix it first`);
    const message = flags.message ?? `${verb} ${host}`;
    commit = await commitFile(repo, { path: INVENTORY_FILE, content: edit.text, message });
  }
  const result = { host, unschedulable, changed: edit.changed, ...(commit ? { commit } : {}) };
  if (format !== 'human') return printData(ctx.io, format, result);
  const past = unschedulable ? 'cordoned' : 'uncordoned';
  ctx.io.out(commit ? `host/${host} ${past} (commit ${commit.slice(0, 7)})` : `host/${host} already ${past}; nothing to commit`);
}
