import { describe, expect, it } from 'vitest';
import { bridgeAddress, DEFAULT_LAB_CONFIG, hostEnv, labConfig, labFiles, labHost, labHosts } from '../../../src/lab';
import { netnsIndex } from '../../../src/lab/plan';

const testLab = labConfig({ home: '/var/lib/berth-lab-test', runDir: '/run/berth-lab-test', netnsPrefix: 'blt-', vethPrefix: 'blt-', bridge: 'blt-lab0', subnet: '10.79.0.0/24', dockerSubnets: '10.80.0.0/16' });

describe('the lab plan', () => {
  it('gives h1 of the default lab the address the template has, and every name and path of its own', () => {
    expect(labHost(DEFAULT_LAB_CONFIG, 1)).toEqual({
      name: 'h1',
      index: 1,
      address: '10.77.0.11',
      netns: 'berth-h1',
      veth: 'bl-h1',
      dir: '/var/lib/berth-lab/h1',
      runDir: '/run/berth-lab/h1',
      sshd: {
        config: '/var/lib/berth-lab/h1/sshd_config',
        hostKey: '/var/lib/berth-lab/h1/ssh_host_ed25519_key',
        pidFile: '/run/berth-lab/h1/sshd.pid',
        log: '/var/lib/berth-lab/h1/sshd.log',
      },
      docker: {
        dataRoot: '/var/lib/berth-lab/h1/docker',
        execRoot: '/run/berth-lab/h1/docker',
        pidFile: '/run/berth-lab/h1/docker.pid',
        socket: '/run/berth-lab/h1/docker.sock',
        host: 'unix:///run/berth-lab/h1/docker.sock',
        bip: '10.78.1.1/24',
        configFile: '/var/lib/berth-lab/h1/daemon.json',
        containerdNamespace: 'berth-h1',
        log: '/var/lib/berth-lab/h1/dockerd.log',
      },
      agentHome: '/var/lib/berth-lab/h1/agent',
    });
  });

  it.each([
    [1, '10.77.0.11', '10.78.1.1/24'],
    [3, '10.77.0.13', '10.78.3.1/24'],
    [100, '10.77.0.110', '10.78.100.1/24'],
  ])('gives host %i the address %s and the Docker bridge %s', (index, address, bip) => {
    const host = labHost(DEFAULT_LAB_CONFIG, index);
    expect(host.address).toBe(address);
    expect(host.docker.bip).toBe(bip);
  });

  it("gives a test lab's hosts its own names, ranges and folders", () => {
    const [h1, h2] = labHosts(testLab, 2);
    expect([h1.netns, h1.veth, h1.address, h1.docker.bip, h1.docker.socket]).toEqual(['blt-h1', 'blt-h1', '10.79.0.11', '10.80.1.1/24', '/run/berth-lab-test/h1/docker.sock']);
    expect(h2.address).toBe('10.79.0.12');
    expect(bridgeAddress(testLab)).toBe('10.79.0.1/24');
  });

  it('sets, for every SSH session on a host, its name, its engine and its agent home', () => {
    expect(hostEnv(labHost(DEFAULT_LAB_CONFIG, 2))).toEqual({
      BERTH_HOST: 'h2',
      BERTH_HOST_IP: '10.77.0.12',
      DOCKER_HOST: 'unix:///run/berth-lab/h2/docker.sock',
      BERTH_AGENT_HOME: '/var/lib/berth-lab/h2/agent',
    });
  });

  it('keeps the state, keys and repo in the lab home', () => {
    expect(labFiles(DEFAULT_LAB_CONFIG)).toEqual({
      home: '/var/lib/berth-lab',
      state: '/var/lib/berth-lab/lab.json',
      identityFile: '/var/lib/berth-lab/id_ed25519',
      knownHosts: '/var/lib/berth-lab/known_hosts',
      repo: '/var/lib/berth-lab/repo',
      lock: '/run/berth-lab/lab.lock',
    });
  });

  it.each([
    ['berth-h1', 1],
    ['berth-h12', 12],
    ['berth-h0', undefined],
    ['berth-h1x', undefined],
    ['berth-lab', undefined],
    ['blt-h1', undefined],
    ['other', undefined],
  ])('reads namespace %s as host index %s', (name, index) => {
    expect(netnsIndex(DEFAULT_LAB_CONFIG, name)).toBe(index);
  });
});
