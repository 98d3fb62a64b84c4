import { describe, expect, it } from 'vitest';
import { defaultAgentBundlePath } from '../../../src/fleet/agent-bundle';
import { agentLayout, bundleFileName } from '../../../src/fleet/bootstrap-layout';
import { LAYOUT } from './bootstrap-layout-fixture';

describe("an agent's place on a host", () => {
  it('follows the host environment the lab gives each host', () => {
    const env = { BERTH_AGENT_HOME: '/var/lib/berth-lab/h1/agent', BERTH_HOST: 'h1', DOCKER_HOST: 'unix:///run/berth-lab/h1/docker.sock' };
    expect(agentLayout(env, 'lab-h1')).toEqual(LAYOUT);
  });

  it('uses the defaults on a real host, with one unit named berth-agent', () => {
    expect(agentLayout({}, 'web-1')).toMatchObject({
      home: '/var/lib/berth',
      binDir: '/var/lib/berth/bin',
      socketPath: '/run/berth/agent.sock',
      unitName: 'berth-agent',
      unitPath: '/etc/systemd/system/berth-agent.service',
      dockerHost: undefined,
      hostName: 'web-1',
    });
  });

  it('names bundles by version', () => {
    expect(bundleFileName('0.2.0')).toBe('berth-agent-0.2.0.mjs');
  });

  it('finds the built bundle of this installation', () => {
    expect(defaultAgentBundlePath()).toMatch(/\/dist\/berth-agent\.mjs$/);
  });
});
