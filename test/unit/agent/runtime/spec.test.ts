import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { containerSpec, sandboxSpec, type ContainerOptions } from '../../../../src/agent/runtime';

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'shop', uid: 'u-1', labels: { app: 'web' } },
  spec: {
    containers: [
      {
        name: 'app',
        image: 'busybox:1',
        command: ['httpd'],
        args: ['-f', '-p', '$(PORT)'],
        env: [
          { name: 'PORT', value: '8080' },
          { name: 'URL', value: 'http://$(POD_NAME):$(PORT)/$$(escaped)' },
          { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        ],
        workingDir: '/srv',
        ports: [{ containerPort: 8080, hostPort: 80 }, { containerPort: 53, protocol: 'UDP' }],
        resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
        securityContext: { runAsUser: 1000, readOnlyRootFilesystem: true, capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] } },
      },
    ],
  },
};

const options: ContainerOptions = {
  cluster: 'c1',
  specHash: 'abcdef0123456789',
  attempt: 2,
  restartCount: 2,
  sandboxId: 'sb1',
  podIP: '172.17.0.5',
  hostIP: '10.0.0.1',
  configMaps: new Map(),
  secrets: new Map(),
};

const labels = (container: string, attempt: number) => ({
  'berth.dev/managed': 'true',
  'berth.dev/cluster': 'c1',
  'berth.dev/namespace': 'shop',
  'berth.dev/pod': 'web',
  'berth.dev/pod-uid': 'u-1',
  'berth.dev/container': container,
  'berth.dev/spec-hash': 'abcdef0123456789',
  'berth.dev/restart-count': String(attempt),
  'berth.dev/attempt': String(attempt),
});

describe('sandboxSpec', () => {
  it('holds the pod network: hostname, published host ports, cluster DNS, no restarts by Docker', () => {
    const spec = sandboxSpec(pod, { cluster: 'c1', specHash: 'abcdef0123456789', attempt: 0, restartCount: 0, image: 'berth/sandbox:1', dns: { nameservers: ['10.96.0.10'], domain: 'cluster.local' } });
    expect(spec).toEqual({
      name: 'berth_shop_web_POD_0_c1_abcdef01',
      Image: 'berth/sandbox:1',
      Entrypoint: ['/bin/busybox', 'sleep', 'inf'],
      Labels: labels('POD', 0),
      Hostname: 'web',
      ExposedPorts: { '8080/tcp': {}, '53/udp': {} },
      HostConfig: {
        NetworkMode: 'bridge',
        IpcMode: 'shareable',
        RestartPolicy: { Name: 'no' },
        PortBindings: { '8080/tcp': [{ HostIp: '0.0.0.0', HostPort: '80' }] },
        Dns: ['10.96.0.10'],
        DnsSearch: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
        DnsOptions: ['ndots:5'],
      },
    });
  });

  it.each([
    ['no hostIP: every IPv4 address, as Kubernetes', {}, '0.0.0.0'],
    ['an empty hostIP: every IPv4 address', { hostIP: '' }, '0.0.0.0'],
    ['the hostIP the port names', { hostIP: '127.0.0.1' }, '127.0.0.1'],
  ])('publishes a hostPort on %s', (_name, extra, expected) => {
    const ported: Pod = { ...pod, spec: { containers: [{ name: 'app', image: 'i', ports: [{ containerPort: 80, hostPort: 8080, ...extra }] }] } };
    const spec = sandboxSpec(ported, { cluster: 'c1', specHash: 'abcdef0123456789', attempt: 0, restartCount: 0, image: 'i' });
    expect(spec.HostConfig?.PortBindings).toEqual({ '80/tcp': [{ HostIp: expected, HostPort: '8080' }] });
  });

  it('uses the host network and no hostname for a hostNetwork pod', () => {
    const spec = sandboxSpec({ ...pod, spec: { ...pod.spec!, hostNetwork: true } }, { cluster: 'c1', specHash: 'abcdef0123456789', attempt: 0, restartCount: 0, image: 'i' });
    expect(spec.Hostname).toBeUndefined();
    expect(spec.HostConfig?.NetworkMode).toBe('host');
    expect(spec.HostConfig?.PortBindings).toBeUndefined();
  });
});

describe('containerSpec', () => {
  it('joins the sandbox and maps command, args, env, resources and security as the kubelet does', () => {
    expect(containerSpec(pod, pod.spec!.containers[0], options)).toEqual({
      name: 'berth_shop_web_app_2_c1_abcdef01',
      Image: 'busybox:1',
      Labels: labels('app', 2),
      Env: ['PORT=8080', 'URL=http://$(POD_NAME):8080/$(escaped)', 'POD_NAME=web'],
      Entrypoint: ['httpd'],
      Cmd: ['-f', '-p', '8080'],
      WorkingDir: '/srv',
      User: '1000',
      HostConfig: {
        NetworkMode: 'container:sb1',
        IpcMode: 'container:sb1',
        RestartPolicy: { Name: 'no' },
        CpuShares: 256,
        CpuQuota: 50000,
        CpuPeriod: 100000,
        Memory: 134217728,
        MemorySwap: 134217728,
        ReadonlyRootfs: true,
        CapAdd: ['NET_ADMIN'],
        CapDrop: ['ALL'],
      },
    });
  });

  it.each([
    ['command only: the image CMD is dropped', { command: ['sh'] }, { Entrypoint: ['sh'] }],
    ['args only: the image ENTRYPOINT stays', { args: ['-c', 'true'] }, { Cmd: ['-c', 'true'] }],
    ['neither: the image decides', {}, {}],
  ])('%s', (_, fields, expected) => {
    const spec = containerSpec(pod, { name: 'c', image: 'x', ...fields }, options);
    expect({ Entrypoint: spec.Entrypoint, Cmd: spec.Cmd }).toEqual({ Entrypoint: undefined, Cmd: undefined, ...expected });
  });

  it('passes the resolved mounts through', () => {
    const mounts = [{ Type: 'bind' as const, Source: '/var/lib/berth/x', Target: '/data', ReadOnly: true }];
    expect(containerSpec(pod, { name: 'c', image: 'x' }, { ...options, mounts }).HostConfig?.Mounts).toEqual(mounts);
  });

  it('takes runAsUser and runAsGroup from the pod unless the container overrides them', () => {
    const withPod: Pod = { ...pod, spec: { ...pod.spec!, securityContext: { runAsUser: 10, runAsGroup: 20, supplementalGroups: [30] } } };
    expect(containerSpec(withPod, { name: 'c', image: 'x' }, options).User).toBe('10:20');
    expect(containerSpec(withPod, { name: 'c', image: 'x', securityContext: { runAsUser: 11 } }, options).User).toBe('11:20');
    expect(containerSpec(withPod, { name: 'c', image: 'x' }, options).HostConfig?.GroupAdd).toEqual(['30']);
  });

  it('refuses a privileged container unless the cluster allows it', () => {
    const c = { name: 'c', image: 'x', securityContext: { privileged: true } };
    expect(() => containerSpec(pod, c, options)).toThrow(expect.objectContaining({ code: 'CreateContainerConfigError' }));
    expect(containerSpec(pod, c, { ...options, allowPrivileged: true }).HostConfig?.Privileged).toBe(true);
  });

  it('shares the process namespace only when the pod asks', () => {
    const shared: Pod = { ...pod, spec: { ...pod.spec!, shareProcessNamespace: true } };
    expect(containerSpec(shared, { name: 'c', image: 'x' }, options).HostConfig?.PidMode).toBe('container:sb1');
    expect(containerSpec(pod, { name: 'c', image: 'x' }, options).HostConfig?.PidMode).toBeUndefined();
  });
});
