import { describe, expect, it } from 'vitest';
import { agentPaths } from '../../../src/agent';

describe('agentPaths', () => {
  it.each([
    ['no BERTH_AGENT_HOME: the defaults', {}, { stateDir: '/var/lib/berth', socketPath: '/run/berth/agent.sock', runtimeDir: '/run/berth' }],
    ['an empty BERTH_AGENT_HOME counts as unset', { BERTH_AGENT_HOME: '' }, { stateDir: '/var/lib/berth', socketPath: '/run/berth/agent.sock', runtimeDir: '/run/berth' }],
    [
      'BERTH_AGENT_HOME: the home, its agent.sock and its run folder',
      { BERTH_AGENT_HOME: '/var/lib/berth-lab/h1/agent' },
      { stateDir: '/var/lib/berth-lab/h1/agent', socketPath: '/var/lib/berth-lab/h1/agent/agent.sock', runtimeDir: '/var/lib/berth-lab/h1/agent/run' },
    ],
    [
      'BERTH_AGENT_SOCKET names the socket, with a home',
      { BERTH_AGENT_HOME: '/srv/a', BERTH_AGENT_SOCKET: '/run/a.sock' },
      { stateDir: '/srv/a', socketPath: '/run/a.sock', runtimeDir: '/srv/a/run' },
    ],
    ['BERTH_AGENT_SOCKET names the socket, without one', { BERTH_AGENT_SOCKET: '/run/a.sock' }, { stateDir: '/var/lib/berth', socketPath: '/run/a.sock', runtimeDir: '/run/berth' }],
  ])('%s', (_name, env, expected) => {
    expect(agentPaths(env)).toEqual(expected);
  });
});
