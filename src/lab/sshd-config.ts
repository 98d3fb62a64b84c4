// Each lab host's sshd_config: its own address, host key and pid file; key-only root login with the lab's client
// key; stream-local forwarding, which the controller uses to reach the agent's unix socket.
import { SSH_PORT, hostEnv, type LabHost } from './plan';

export function sshdConfig(host: LabHost, authorizedKeysFile: string): string {
  const env = Object.entries(hostEnv(host))
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return [
    `# sshd of lab host ${host.name} (network namespace ${host.netns}); written by berth lab up`,
    `ListenAddress ${host.address}`,
    `Port ${SSH_PORT}`,
    `HostKey ${host.sshd.hostKey}`,
    `PidFile ${host.sshd.pidFile}`,
    `AuthorizedKeysFile ${authorizedKeysFile}`,
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
    // The controller keeps one connection per host and multiplexes exec and forwarding channels over it.
    'MaxSessions 100',
    'Subsystem sftp internal-sftp',
    `SetEnv ${env}`,
    '',
  ].join('\n');
}
