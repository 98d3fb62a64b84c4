import type { Command } from 'commander';
import { AGENT_DEFAULTS, startAgent } from '../../agent';
import type { CommandContext } from '../context';

interface AgentFlags {
  socket?: string;
  state?: string;
  runtimeDir?: string;
  cluster?: string;
  host?: string;
}

/** `berth agent`: runs this host's agent until SIGTERM or SIGINT; its containers keep running after it stops. */
export function registerAgent(program: Command, { io }: CommandContext): void {
  program
    .command('agent')
    .description("run this host's agent: converge its Docker containers to the pods the controller assigned it")
    .option('--socket <path>', `the API's unix socket (env BERTH_AGENT_SOCKET; default ${AGENT_DEFAULTS.socketPath})`)
    .option('--state <dir>', `where the desired set and volumes live (env BERTH_AGENT_HOME; default ${AGENT_DEFAULTS.stateDir})`)
    .option('--runtime-dir <dir>', `runtime files; secrets on a tmpfs under it (default ${AGENT_DEFAULTS.runtimeDir})`)
    .option('--cluster <name>', `the cluster whose containers this agent manages (default ${AGENT_DEFAULTS.cluster})`)
    .option('--host <name>', 'this host\'s name (env BERTH_HOST; default the hostname)')
    .action(async (flags: AgentFlags) => {
      const agent = await startAgent({
        socketPath: flags.socket ?? (process.env.BERTH_AGENT_SOCKET || undefined),
        stateDir: flags.state ?? (process.env.BERTH_AGENT_HOME || undefined),
        runtimeDir: flags.runtimeDir,
        cluster: flags.cluster,
        hostName: flags.host ?? (process.env.BERTH_HOST || undefined),
        log: (message) => io.err(`berth agent: ${message}`),
      });
      io.err(`berth agent: listening on ${agent.socketPath}`);
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGTERM', () => resolve('SIGTERM'));
        process.once('SIGINT', () => resolve('SIGINT'));
      });
      io.err(`berth agent: ${signal}, stopping (containers keep running)`);
      await agent.close();
    });
}
