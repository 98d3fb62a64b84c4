import { describe, expect, it } from 'vitest';
import { DEFAULT_LAB_CONFIG, labHost } from '../../../src/lab';
import { dockerdArgs, sshdArgs } from '../../../src/lab/daemons';
import { forwardRule } from '../../../src/lab/network';
import { missingPackages, type Prerequisite } from '../../../src/lab/prerequisites';

const h2 = labHost(DEFAULT_LAB_CONFIG, 2);

describe("the lab's commands", () => {
  it("start a host's Docker Engine with every path its own, its own daemon.json and Docker bridge", () => {
    expect(dockerdArgs(h2)).toEqual([
      'dockerd',
      '--config-file=/var/lib/berth-lab/h2/daemon.json',
      '--data-root=/var/lib/berth-lab/h2/docker',
      '--exec-root=/run/berth-lab/h2/docker',
      '--pidfile=/run/berth-lab/h2/docker.pid',
      '--host=unix:///run/berth-lab/h2/docker.sock',
      '--bip=10.78.2.1/24',
      '--containerd-namespace=berth-h2',
      '--containerd-plugins-namespace=berth-h2-plugins',
    ]);
  });

  it("start a host's sshd in the foreground with its own config and log", () => {
    expect(sshdArgs(h2)).toEqual(['/usr/sbin/sshd', '-D', '-f', '/var/lib/berth-lab/h2/sshd_config', '-E', '/var/lib/berth-lab/h2/sshd.log']);
  });

  it('accept forwarded traffic within the bridge only, marked with the lab it belongs to', () => {
    expect(forwardRule(DEFAULT_LAB_CONFIG)).toEqual(['-i', 'berth-lab0', '-o', 'berth-lab0', '-m', 'comment', '--comment', 'berth lab /var/lib/berth-lab', '-j', 'ACCEPT']);
  });

  it('install only the packages whose programs are missing', () => {
    const prerequisites: Prerequisite[] = [
      { package: 'docker.io', provides: 'dockerd', present: () => true },
      { package: 'openssh-server', provides: '/usr/sbin/sshd', present: () => false },
      { package: 'busybox-static', provides: '/bin/busybox', present: () => false },
    ];
    expect(missingPackages(prerequisites)).toEqual(['openssh-server', 'busybox-static']);
  });
});
