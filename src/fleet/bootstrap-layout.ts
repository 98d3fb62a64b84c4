// Where an agent lives on a host, derived from the host's environment (the lab gives each host its own
// BERTH_AGENT_HOME, DOCKER_HOST and BERTH_HOST; real hosts use the defaults). Pure.
import { agentPaths } from '../agent';

export interface AgentLayout {
  /** The agent's home: its state, and bin/ with the uploaded bundles. */
  home: string;
  binDir: string;
  /** bin/current.mjs, a symbolic link to the bundle that runs. */
  currentLink: string;
  socketPath: string;
  stateDir: string;
  runtimeDir: string;
  /** The supervisor script and the pid files it keeps (hosts without systemd). */
  supervisorScript: string;
  supervisorPidFile: string;
  agentPidFile: string;
  logFile: string;
  /** The systemd unit (hosts with systemd): one per agent home, so several lab hosts on one machine do not clash. */
  unitName: string;
  unitPath: string;
  /** DOCKER_HOST as the host's sessions see it, passed on to the agent; undefined: Docker's default socket. */
  dockerHost?: string;
  /** The name the agent reports: BERTH_HOST, else the inventory name. */
  hostName: string;
}

export function agentLayout(env: Record<string, string | undefined>, host: string): AgentLayout {
  const paths = agentPaths(env);
  const home = paths.stateDir;
  const binDir = `${home}/bin`;
  const unitName = env.BERTH_AGENT_HOME ? `berth-agent-${unitSuffix(env.BERTH_HOST || host)}` : 'berth-agent';
  return {
    home,
    binDir,
    currentLink: `${binDir}/current.mjs`,
    socketPath: paths.socketPath,
    stateDir: paths.stateDir,
    runtimeDir: paths.runtimeDir,
    supervisorScript: `${binDir}/supervise.sh`,
    supervisorPidFile: `${home}/supervisor.pid`,
    agentPidFile: `${home}/agent.pid`,
    logFile: `${home}/agent.log`,
    unitName,
    unitPath: `/etc/systemd/system/${unitName}.service`,
    dockerHost: env.DOCKER_HOST || undefined,
    hostName: env.BERTH_HOST || host,
  };
}

/** The file name of a version's bundle in bin/. */
export function bundleFileName(version: string): string {
  return `berth-agent-${version}.mjs`;
}

function unitSuffix(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '-');
}
