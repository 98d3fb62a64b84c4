import type { Command } from 'commander';
import { sleep } from '../../common';
import { BerthError } from '../../errors';
import type { DrainStatus } from '../../controller';
import { controllerOf, withRepo, type ControllerFlags } from '../controller-input';
import { parseDurationFlag } from '../humanize';
import { commitUnschedulable, cordonLine } from '../unschedulable';
import type { CommandContext } from '../context';
import type { Io } from '../output';

interface DrainFlags extends ControllerFlags {
  timeout: string;
  message?: string;
}

/** How often to ask again; BERTH_POLL_MS shortens it in tests. */
const pollMs = () => Number(process.env.BERTH_POLL_MS) || 1000;

/**
 * `berth drain HOST`: cordons it (a commit, as `berth cordon`), then asks the controller to evict its pods, which
 * respects PodDisruptionBudgets: a pod whose eviction would break its budget waits until replacements are ready.
 */
export function registerDrain(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('drain <host>')
    .description('cordon a host (a commit) and move its pods elsewhere, never below a PodDisruptionBudget')
    .option('--timeout <duration>', 'give up after this long, e.g. 10m', '5m')
    .option('-m, --message <text>', 'the message of the cordon commit');
  withRepo(cmd).action((host: string, flags: DrainFlags) => drain(ctx, host, flags));
}

async function drain({ io }: CommandContext, host: string, flags: DrainFlags): Promise<void> {
  const timeoutMs = parseDurationFlag('--timeout', flags.timeout);
  const client = controllerOf(flags);
  await client.sync(); // no controller, no drain: say so before committing anything
  io.out(cordonLine(await commitUnschedulable(flags.repo, host, true, flags.message)));
  const deadline = Date.now() + timeoutMs;
  const progress = new DrainProgress(io);
  for (;;) {
    const status = await client.drain(host);
    progress.show(status);
    if (status.done) return io.out(`host/${host} drained`);
    if (Date.now() + pollMs() > deadline) throw new BerthError('DrainTimeout', drainTimeoutMessage(status, flags.timeout), { ...status });
    await sleep(pollMs());
  }
}

/** kubectl drain's lines, each once: evicting, evicted, and held back by a budget. */
export class DrainProgress {
  readonly #io: Io;
  #remaining = new Set<string>();
  #blocked = new Set<string>();

  constructor(io: Io) {
    this.#io = io;
  }

  show(status: DrainStatus): void {
    const blocked = new Map(status.blocked.map((b) => [b.pod, b.budget]));
    for (const pod of status.remaining) {
      if (!this.#remaining.has(pod)) this.#io.out(`evicting pod ${pod}`);
      const budget = blocked.get(pod);
      if (budget !== undefined && !this.#blocked.has(pod)) {
        const [namespace, name] = pod.split('/');
        this.#io.err(
          `error when evicting pods/"${name}" -n "${namespace}" (will retry): Cannot evict pod as it would violate the pod's disruption budget (PodDisruptionBudget ${budget}).`,
        );
      }
    }
    for (const pod of this.#remaining) if (!status.remaining.includes(pod)) this.#io.out(`pod/${pod.split('/').pop()} evicted`);
    this.#remaining = new Set(status.remaining);
    this.#blocked = new Set(blocked.keys());
  }
}

function drainTimeoutMessage(status: DrainStatus, timeout: string): string {
  const budgets = [...new Set(status.blocked.map((b) => b.budget))];
  const held = budgets.length ? `; held back by PodDisruptionBudget ${budgets.join(', ')}` : '';
  return `drain of ${status.host} did not finish within ${timeout}: ${status.remaining.length} pod(s) left (${status.remaining.join(', ')})${held}; the host stays cordoned, run berth drain again to go on`;
}
