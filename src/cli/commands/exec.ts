import type { Command } from 'commander';
import { UsageError } from '../../errors';
import { controllerOf, namespaceOf, withNamespace, withRepo, type ControllerFlags, type NamespaceFlags } from '../controller-input';
import { podName } from '../pod-arg';
import type { CommandContext } from '../context';

interface ExecFlags extends ControllerFlags, NamespaceFlags {
  container?: string;
}

/** `berth exec POD -- CMD…`: runs a command in a pod's container on its host; exits with the command's code. */
export function registerExec(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('exec <pod> [command...]')
    .description('run a command in a container of a pod and print its output, e.g. berth exec web-1 -- ls /www')
    .option('-c, --container <name>', 'the container (default: the first one)')
    .usage('<pod> [options] -- <command...>');
  withRepo(withNamespace(cmd, false)).action((pod: string, command: string[], flags: ExecFlags) => exec(ctx, pod, command, flags));
}

async function exec({ io, setExit }: CommandContext, pod: string, command: string[], flags: ExecFlags): Promise<void> {
  if (command.length === 0) throw new UsageError(`exec needs a command after --, e.g. berth exec ${pod} -- ls /`);
  const result = await controllerOf(flags).podExec(namespaceOf(flags)!, podName(pod), flags.container, command);
  if (result.stdout) io.out(result.stdout);
  if (result.stderr) io.err(result.stderr);
  setExit(result.exitCode);
}
