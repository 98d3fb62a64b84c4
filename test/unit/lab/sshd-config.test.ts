import { describe, expect, it } from 'vitest';
import { DEFAULT_LAB_CONFIG, knownHostsText, labHost, sshdConfig } from '../../../src/lab';

describe("a lab host's sshd", () => {
  it('listens on its own address with its own key and pid file, takes only the lab key, and sets the host env', () => {
    expect(sshdConfig(labHost(DEFAULT_LAB_CONFIG, 1), '/var/lib/berth-lab/id_ed25519.pub').split('\n')).toEqual([
      '# sshd of lab host h1 (network namespace berth-h1); written by berth lab up',
      'ListenAddress 10.77.0.11',
      'Port 22',
      'HostKey /var/lib/berth-lab/h1/ssh_host_ed25519_key',
      'PidFile /run/berth-lab/h1/sshd.pid',
      'AuthorizedKeysFile /var/lib/berth-lab/id_ed25519.pub',
      'PermitRootLogin prohibit-password',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'AllowStreamLocalForwarding yes',
      'AllowTcpForwarding yes',
      'StreamLocalBindUnlink yes',
      'X11Forwarding no',
      'PrintMotd no',
      'PrintLastLog no',
      'UseDNS no',
      'MaxSessions 100',
      'Subsystem sftp internal-sftp',
      'SetEnv BERTH_HOST=h1 BERTH_HOST_IP=10.77.0.11 DOCKER_HOST=unix:///run/berth-lab/h1/docker.sock BERTH_AGENT_HOME=/var/lib/berth-lab/h1/agent',
      '',
    ]);
  });
});

describe("the lab's known_hosts", () => {
  it('records each host key by address, without its comment, and [address]:port for other ports', () => {
    const text = knownHostsText([
      { address: '10.77.0.11', publicKey: 'ssh-ed25519 AAAAC3Nza1 berth-lab h1\n' },
      { address: '10.77.0.12', port: 2222, publicKey: 'ssh-ed25519 AAAAC3Nza2 berth-lab h2' },
    ]);
    expect(text).toBe('10.77.0.11 ssh-ed25519 AAAAC3Nza1\n[10.77.0.12]:2222 ssh-ed25519 AAAAC3Nza2\n');
  });
});
