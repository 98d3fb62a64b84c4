// The agent's own executable (dist/berth-agent.mjs, what bootstrap uploads to hosts): only `berth agent` and
// `--version`, so the one bundled file carries the agent and nothing of the controller.
import { Command, CommanderError } from 'commander';
import { registerAgent } from './commands/agent';
import { processIo } from './output';
import { VERSION } from './version';

const io = processIo;
const program = new Command('berth-agent')
  .description("Berth's host agent")
  .version(VERSION, '-v, --version')
  .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
  .exitOverride();
registerAgent(program, { io, setExit: (code) => (process.exitCode = Math.max(Number(process.exitCode ?? 0), code)) });
for (const cmd of program.commands) cmd.exitOverride();

try {
  await program.parseAsync(process.argv.slice(2), { from: 'user' });
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode;
  } else {
    io.err(`berth agent: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
