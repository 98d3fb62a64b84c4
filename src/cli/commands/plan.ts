import type { Command } from 'commander';
import { renderPlan } from '../../plan';
import { planPass } from '../../controller';
import { parseOutputFormat, printData, printErrors } from '../output';
import { parseNow } from '../now-arg';
import { loadRepo } from '../repo-input';
import { readLiveSnapshot } from '../live-input';
import type { CommandContext } from '../context';
import { EXIT_FAILED } from '../exit-codes';

export function registerPlan(program: Command, { io, setExit }: CommandContext): void {
  program
    .command('plan')
    .description('show the actions each host would take to reach the desired state (against an empty fleet, or --live)')
    .option('--repo <dir>', 'the cluster repo', '.')
    .option('--ref <ref>', 'the desired commit', 'HEAD')
    .option('--local', 'plan the files on disk instead of a commit (before you commit)')
    .option('--live <snapshot.json>', 'the live state agents reported (default: an empty fleet)')
    .option('--now <time>', 'the time CronJobs are evaluated at (ISO 8601; default: now)')
    .option('--exit-code', 'exit 1 when the plan has any action, like git diff --exit-code')
    .option('-o, --output <format>', 'json or yaml for machines')
    .action(async (opts: { repo: string; ref: string; local?: boolean; live?: string; now?: string; exitCode?: boolean; output?: string }) => {
      const format = parseOutputFormat(opts.output);
      const live = readLiveSnapshot(opts.live);
      const desired = await loadRepo(opts.repo, opts.local ? undefined : opts.ref);
      if (desired.errors.length || !desired.state) {
        printErrors(io, desired.errors);
        io.err(`${desired.describe} is invalid; nothing was planned. Fix the errors above and run berth plan again.`);
        return setExit(EXIT_FAILED);
      }
      const { plan } = planPass(desired.state, live, parseNow(opts.now));
      if (format === 'human') {
        io.out(`Planning ${desired.describe} against ${opts.live ? `live state from ${opts.live}` : 'an empty fleet'}.\n`);
        io.out(renderPlan(plan, { color: io.color }));
      } else {
        const { sets: _, ...actions } = plan; // the sets are what apply sends, not what a person plans with
        printData(io, format, actions);
      }
      const s = plan.summary;
      if (opts.exitCode && s.create + s.replace + s.delete > 0) setExit(EXIT_FAILED);
    });
}
