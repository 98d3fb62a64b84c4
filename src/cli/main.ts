import { Command, CommanderError } from 'commander';
import { BerthError, UsageError } from '../errors';
import { processIo, type Io } from './output';
import { registerInit } from './commands/init';
import { registerValidate } from './commands/validate';
import { registerDiff } from './commands/diff';
import { registerPlan } from './commands/plan';
import { registerAgent } from './commands/agent';
import { registerLab } from './commands/lab';
import { registerCordon } from './commands/cordon';
import { registerHosts } from './commands/hosts';
import { registerGet } from './commands/get';
import { registerDescribe } from './commands/describe';
import { registerEvents } from './commands/events';
import { registerLogs } from './commands/logs';
import { registerExec } from './commands/exec';
import { registerRollout } from './commands/rollout';
import { registerScale } from './commands/scale';
import { registerDrain } from './commands/drain';
import { registerController } from './commands/controller';
import { VERSION } from './version';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './exit-codes';

export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('berth')
    .description("Kubernetes' model on plain Linux hosts over SSH, driven from git")
    .version(VERSION, '-v, --version')
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride();
  const ctx = { io, setExit };
  registerInit(program, ctx);
  registerValidate(program, ctx);
  registerDiff(program, ctx);
  registerPlan(program, ctx);
  registerAgent(program, ctx);
  registerLab(program, ctx);
  registerCordon(program, ctx);
  registerHosts(program, ctx);
  registerGet(program, ctx);
  registerDescribe(program, ctx);
  registerEvents(program, ctx);
  registerLogs(program, ctx);
  registerExec(program, ctx);
  registerRollout(program, ctx);
  registerScale(program, ctx);
  registerDrain(program, ctx);
  registerController(program, ctx);
  const configure = (cmd: Command): void => {
    cmd.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
    cmd.commands.forEach(configure);
  };
  program.commands.forEach(configure);
  return program;
}

/** Runs the CLI with these arguments; never throws: every failure becomes a message and an exit code. */
export async function run(argv: string[], io: Io = processIo): Promise<number> {
  let code = EXIT_OK;
  const program = buildProgram(io, (c) => {
    code = Math.max(code, c);
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE; // commander already printed the message
    }
    if (err instanceof UsageError) {
      io.err(`error: ${err.message}`);
      return EXIT_USAGE;
    }
    if (err instanceof BerthError) {
      io.err(`error: ${err.message}`);
      return EXIT_FAILED;
    }
    const e = err as NodeJS.ErrnoException;
    if (e && typeof e.code === 'string' && e.path) {
      io.err(`error: ${e.code === 'ENOENT' ? 'no such file or folder' : e.message}: ${e.path}`);
      return EXIT_FAILED;
    }
    io.err(`error: ${e?.message ?? String(err)} (this is a bug in berth; please report it with the command you ran)`);
    if (process.env.BERTH_DEBUG) io.err(String(e?.stack));
    return EXIT_FAILED;
  }
}
