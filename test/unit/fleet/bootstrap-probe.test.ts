import { describe, expect, it } from 'vitest';
import { parseProbe, probeCommand } from '../../../src/fleet/bootstrap-probe';
import { LAYOUT } from './bootstrap-layout-fixture';

describe('reading the probe', () => {
  it('joins the sh prelude with what node found', () => {
    const facts = {
      nodePath: '/usr/bin/node',
      nodeVersion: 'v20.20.2',
      docker: { endpoint: 'unix:///var/run/docker.sock', reachable: true, version: '20.10.24' },
      disk: { path: '/var/lib', freeBytes: 1000 },
      currentTarget: 'berth-agent-0.1.0.mjs',
      supervisorPid: 12,
    };
    const stdout = `node=/usr/bin/node\nsetsid=/usr/bin/setsid\nnodeVersion=v20.20.2\nfacts=${JSON.stringify(facts)}\n`;
    expect(parseProbe(stdout)).toEqual({
      node: { path: '/usr/bin/node', version: 'v20.20.2' },
      setsid: true,
      systemd: false,
      docker: facts.docker,
      disk: facts.disk,
      currentTarget: 'berth-agent-0.1.0.mjs',
      supervisorPid: 12,
    });
  });

  it('knows a host without node, with systemd', () => {
    const facts = parseProbe('node=\nsetsid=\nsystemd=1\nunitActive=inactive\n', 'unix:///run/d.sock');
    expect(facts.node).toBeUndefined();
    expect(facts.systemd).toBe(true);
    expect(facts.unitActive).toBe('inactive');
    expect(facts.docker).toMatchObject({ endpoint: 'unix:///run/d.sock', reachable: false });
  });

  it('keeps the version of a node too old to run the probe', () => {
    expect(parseProbe('node=/usr/bin/node\nsetsid=/usr/bin/setsid\nnodeVersion=v8.10.0\n').node).toEqual({ path: '/usr/bin/node', version: 'v8.10.0' });
  });

  it('asks about this version, the pid files and the Docker endpoint of the host', () => {
    const command = probeCommand(LAYOUT, '0.2.0');
    expect(command).toContain(`${LAYOUT.binDir}/berth-agent-0.2.0.mjs`);
    expect(command).toContain(LAYOUT.supervisorPidFile);
    expect(command).toContain('unix:///run/berth-lab/h1/docker.sock');
    expect(command).toContain('systemctl is-active berth-agent-h1');
  });
});
