import type { Command } from 'commander';
import { parseOutputFormat, printData } from '../output';
import { commitUnschedulable, cordonLine } from '../unschedulable';
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
      .action((host: string, flags: CordonFlags) => setUnschedulable(ctx, host, unschedulable, flags));
  }
}

async function setUnschedulable(ctx: CommandContext, host: string, unschedulable: boolean, flags: CordonFlags): Promise<void> {
  const format = parseOutputFormat(flags.output, ['human', 'json', 'yaml']);
  const result = await commitUnschedulable(flags.repo, host, unschedulable, flags.message);
  if (format !== 'human') return printData(ctx.io, format, result);
  ctx.io.out(cordonLine(result));
}

