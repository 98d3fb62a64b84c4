import type { Command } from 'commander';
import { AGENT_DEFAULTS, agentPaths, startAgent } from '../../agent';
import type { CommandContext } from '../context';
import { exitSoon, untilStopSignal } from '../daemon';
import { VERSION } from '../version';

interface AgentFlags {
  socket?: string;
  state?: string;
  runtimeDir?: string;
  cluster?: string;
  host?: string;
  hostIp?: string;
}

/**
 * `berth agent`: runs this host's agent until SIGTERM or SIGINT, then exits 0 at once; its containers keep running.
 * Paths: flags, else BERTH_AGENT_HOME (the lab's hosts), else the defaults (agentPaths).
 */
export function registerAgent(program: Command, { io }: CommandContext): void {
  program
    .command('agent')
    .description("run this host's agent: converge its Docker containers to the pods the controller assigned it")
    .option('--socket <path>', `the API's unix socket (default $BERTH_AGENT_HOME/agent.sock, else ${AGENT_DEFAULTS.socketPath})`)
    .option('--state <dir>', `where the desired set and volumes live (default $BERTH_AGENT_HOME, else ${AGENT_DEFAULTS.stateDir})`)
    .option('--runtime-dir <dir>', `runtime files; secrets on a tmpfs under it (default $BERTH_AGENT_HOME/run, else ${AGENT_DEFAULTS.runtimeDir})`)
    .option('--cluster <name>', `the cluster whose containers this agent manages (default ${AGENT_DEFAULTS.cluster})`)
    .option('--host <name>', "this host's name (env BERTH_HOST; default the hostname)")
    .option('--host-ip <address>', "the address reported as the pods' hostIP (env BERTH_HOST_IP; default the first non-loopback IPv4)")
    .action(async (flags: AgentFlags) => {
      // The log is often a file beside the state (the supervisor's agent.log): on a full disk a line that does not
      // fit is dropped, never an uncaught error that ends the agent (and its restarts a crash loop).
      for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
      const paths = agentPaths(process.env);
      const agent = await startAgent({
        socketPath: flags.socket ?? paths.socketPath,
        stateDir: flags.state ?? paths.stateDir,
        runtimeDir: flags.runtimeDir ?? paths.runtimeDir,
        cluster: flags.cluster,
        hostName: flags.host ?? (process.env.BERTH_HOST || undefined),
        hostIP: flags.hostIp ?? (process.env.BERTH_HOST_IP || undefined),
        version: VERSION,
        log: (message) => io.err(`berth agent: ${message}`),
      });
      io.err(`berth agent ${VERSION}: listening on ${agent.socketPath}`);
      const signal = await untilStopSignal();
      io.err(`berth agent: ${signal}, stopping (containers keep running)`);
      await agent.close();
      io.err('berth agent: stopped');
      exitSoon();
    });
}
