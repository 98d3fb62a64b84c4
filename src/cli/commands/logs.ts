import type { Command } from 'commander';
import { UsageError } from '../../errors';
import { controllerOf, namespaceOf, withNamespace, withRepo, type ControllerFlags, type NamespaceFlags } from '../controller-input';
import { parseDurationFlag } from '../humanize';
import { podName } from '../pod-arg';
import type { CommandContext } from '../context';
import type { Io } from '../output';
import type { Readable } from 'node:stream';

interface LogsFlags extends ControllerFlags, NamespaceFlags {
  container?: string;
  follow?: boolean;
  tail?: string;
  since?: string;
  previous?: boolean;
}

/** `berth logs POD`: a container's log, streamed from its host's agent through the controller. */
export function registerLogs(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('logs <pod>')
    .description("print a pod's container log; -f keeps following it")
    .option('-c, --container <name>', 'the container (default: the only one)')
    .option('-f, --follow', 'keep printing as the log grows')
    .option('--tail <lines>', 'only the last lines')
    .option('--since <duration>', 'only what was written in this last while, e.g. 5m, 1h')
    .option('-p, --previous', "the previous run's log, before the container last restarted");
  withRepo(withNamespace(cmd, false)).action((pod: string, flags: LogsFlags) => logs(ctx, pod, flags));
}

async function logs({ io }: CommandContext, pod: string, flags: LogsFlags): Promise<void> {
  let tailLines: number | undefined;
  if (flags.tail !== undefined && flags.tail !== '-1') {
    tailLines = Number(flags.tail);
    if (!/^\d+$/.test(flags.tail)) throw new UsageError(`--tail: must be a number of lines, not "${flags.tail}"`);
  }
  const sinceMs = flags.since === undefined ? undefined : parseDurationFlag('--since', flags.since);
  const stream = await controllerOf(flags).podLogs(namespaceOf(flags)!, podName(pod), {
    container: flags.container,
    follow: flags.follow === true ? true : undefined,
    tailLines,
    sinceSeconds: sinceMs === undefined ? undefined : Math.max(1, Math.ceil(sinceMs / 1000)),
    previous: flags.previous === true ? true : undefined,
  });
  await printLines(io, stream);
}

/** Prints whole lines as they come (Io writes whole lines), and what is left when the stream ends. */
export async function printLines(io: Io, stream: Readable): Promise<void> {
  let pending = '';
  stream.setEncoding('utf8');
  for await (const chunk of stream as AsyncIterable<string>) {
    pending += chunk;
    const end = pending.lastIndexOf('\n');
    if (end < 0) continue;
    io.out(pending.slice(0, end + 1));
    pending = pending.slice(end + 1);
  }
  if (pending) io.out(pending);
}
