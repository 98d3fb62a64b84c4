// What `berth lab status` shows: per host its address, whether its sshd and Docker Engine answer, and the agent's
// home; then the cluster repo and the files an SSH client needs.
import type { LabHostState } from './state';

/** Running: the process lives and answers. Unresponsive: it lives but does not answer. Stopped: it is gone. */
export type ProcessStatus = 'Running' | 'Unresponsive' | 'Stopped';

export interface LabHostStatus extends LabHostState {
  ssh: ProcessStatus;
  docker: ProcessStatus;
}

export interface LabStatus {
  hosts: LabHostStatus[];
  repo: string;
  knownHosts: string;
  identityFile: string;
}

export function isHealthy(status: LabStatus): boolean {
  return status.hosts.every((h) => h.ssh === 'Running' && h.docker === 'Running');
}

/** The human table; columns aligned like kubectl's. */
export function renderLabStatus(status: LabStatus, table: (headers: string[], rows: string[][]) => string): string {
  const rows = status.hosts.map((h) => [h.name, h.address, h.ssh, h.docker, h.agentHome]);
  return [
    table(['NAME', 'ADDRESS', 'SSH', 'DOCKER', 'AGENT-HOME'], rows).trimEnd(),
    '',
    `repo:          ${status.repo}`,
    `identity file: ${status.identityFile}`,
    `known hosts:   ${status.knownHosts}`,
    '',
  ].join('\n');
}
