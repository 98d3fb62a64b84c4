// A host's agent layout as bootstrap derives it for a lab host, written out so the pure tests need no environment.
import type { AgentLayout } from '../../../src/fleet/bootstrap-layout';

const home = '/var/lib/berth-lab/h1/agent';

export const LAYOUT: AgentLayout = {
  home,
  binDir: `${home}/bin`,
  currentLink: `${home}/bin/current.mjs`,
  socketPath: `${home}/agent.sock`,
  stateDir: home,
  runtimeDir: `${home}/run`,
  supervisorScript: `${home}/bin/supervise.sh`,
  supervisorPidFile: `${home}/supervisor.pid`,
  agentPidFile: `${home}/agent.pid`,
  logFile: `${home}/agent.log`,
  unitName: 'berth-agent-h1',
  unitPath: '/etc/systemd/system/berth-agent-h1.service',
  dockerHost: 'unix:///run/berth-lab/h1/docker.sock',
  hostName: 'h1',
};
