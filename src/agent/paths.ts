// Where an agent keeps its files. Real hosts use the defaults; several agents on one machine (the lab, tests) each
// get a home folder through BERTH_AGENT_HOME, which sshd's SetEnv sets per host, so the controller finds a host's
// socket from that host's environment with the same function.
import { join } from 'node:path';

export interface AgentPaths {
  /** The desired set, replacement and back-off state, and volumes. */
  stateDir: string;
  /** The API's unix socket. */
  socketPath: string;
  /** Runtime files; secrets live on a tmpfs under it. */
  runtimeDir: string;
}

export const DEFAULT_AGENT_PATHS: Readonly<AgentPaths> = Object.freeze({
  stateDir: '/var/lib/berth',
  socketPath: '/run/berth/agent.sock',
  runtimeDir: '/run/berth',
});

export const ENV_AGENT_HOME = 'BERTH_AGENT_HOME';
/** Overrides the socket alone (with or without a home). */
export const ENV_AGENT_SOCKET = 'BERTH_AGENT_SOCKET';

/**
 * The agent's paths in an environment: with BERTH_AGENT_HOME, $HOME itself, $HOME/agent.sock and $HOME/run;
 * otherwise the defaults. BERTH_AGENT_SOCKET, when set, names the socket. Flags given to `berth agent` win over both.
 */
export function agentPaths(env: Record<string, string | undefined>): AgentPaths {
  const home = env[ENV_AGENT_HOME];
  const paths = home ? { stateDir: home, socketPath: join(home, 'agent.sock'), runtimeDir: join(home, 'run') } : { ...DEFAULT_AGENT_PATHS };
  const socket = env[ENV_AGENT_SOCKET];
  return socket ? { ...paths, socketPath: socket } : paths;
}
