import { describe, expect, it } from 'vitest';
import { renderLabStatus, type LabHostStatus, type LabStatus } from '../../../src/lab';
import { table } from '../../../src/cli/output';

function host(name: string, address: string, ssh: LabHostStatus['ssh'], docker: LabHostStatus['docker']): LabHostStatus {
  return {
    name,
    address,
    port: 22,
    netns: `berth-${name}`,
    veth: `bl-${name}`,
    sshdPid: 100,
    dockerdPid: 101,
    dockerHost: `unix:///run/berth-lab/${name}/docker.sock`,
    agentHome: `/var/lib/berth-lab/${name}/agent`,
    ssh,
    docker,
  };
}

describe('berth lab status', () => {
  it('prints an aligned table of the hosts, then the repo and the SSH files', () => {
    const status: LabStatus = {
      hosts: [host('h1', '10.77.0.11', 'Running', 'Running'), host('h12', '10.77.0.22', 'Stopped', 'Unresponsive')],
      repo: '/var/lib/berth-lab/repo',
      identityFile: '/var/lib/berth-lab/id_ed25519',
      knownHosts: '/var/lib/berth-lab/known_hosts',
    };
    expect(renderLabStatus(status, table)).toBe(
      [
        'NAME   ADDRESS      SSH       DOCKER         AGENT-HOME',
        'h1     10.77.0.11   Running   Running        /var/lib/berth-lab/h1/agent',
        'h12    10.77.0.22   Stopped   Unresponsive   /var/lib/berth-lab/h12/agent',
        '',
        'repo:          /var/lib/berth-lab/repo',
        'identity file: /var/lib/berth-lab/id_ed25519',
        'known hosts:   /var/lib/berth-lab/known_hosts',
        '',
      ].join('\n'),
    );
  });
});
