import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1';
import { afterAll, describe, expect, it } from 'vitest';
import { isMountPoint, isTmpfs, secretsDir, unmountTmpfs } from '../../../src/agent/state';
import {
  cleanupPodVolumes,
  containerMounts,
  emptyDirPath,
  podUidsWithVolumes,
  resolvePodMounts,
  setupPodVolumes,
  type VolumeContext,
} from '../../../src/agent/volumes';

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) {
    spawnSync('sh', ['-c', `grep -o " ${root}[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount`]);
    await unmountTmpfs(secretsDir(join(root, 'run')));
    rmSync(root, { recursive: true, force: true });
  }
});

const SECRET = 's3cr3t-volume-value';
function context(overrides: Partial<VolumeContext> = {}): VolumeContext & { root: string } {
  const root = mkdtempSync(join(tmpdir(), 'berth-volumes-'));
  roots.push(root);
  return {
    root,
    stateDir: join(root, 'state'),
    runtimeDir: join(root, 'run'),
    allowHostPath: false,
    configMaps: [{ metadata: { name: 'conf', namespace: 'shop' }, data: { 'app.conf': 'port=80\n', other: 'x' }, binaryData: { 'bin.dat': Buffer.from([0, 1, 2]).toString('base64') } }],
    secrets: [{ metadata: { name: 'db', namespace: 'shop' }, data: { password: Buffer.from(SECRET).toString('base64') } }],
    persistentVolumes: [{ metadata: { name: 'pv-data' }, spec: { hostPath: { path: join(root, 'pv', 'data') }, claimRef: { namespace: 'shop', name: 'data' } } }],
    persistentVolumeClaims: [{ metadata: { name: 'data', namespace: 'shop' }, spec: { volumeName: 'pv-data' } }],
    ...overrides,
  };
}

function pod(uid: string, volumes: NonNullable<Pod['spec']>['volumes'], volumeMounts: NonNullable<Pod['spec']>['containers'][number]['volumeMounts'] = []): Pod {
  return {
    metadata: { name: 'web', namespace: 'shop', uid, labels: { app: 'web', tier: 'front' }, annotations: { note: 'say "hi"' } },
    spec: { volumes, containers: [{ name: 'web', image: 'busybox', volumeMounts, env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }] },
  };
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe('configMap, secret and downwardAPI volumes', () => {
  it('hold every key as a file with the default mode 0644, read-only', async () => {
    const ctx = context();
    const volumes = await setupPodVolumes(pod('u1', [{ name: 'conf', configMap: { name: 'conf' } }]), ctx);
    const dir = volumes.get('conf')!.source;
    expect(volumes.get('conf')).toMatchObject({ kind: 'configMap', readOnly: true });
    expect(readFileSync(join(dir, 'app.conf'), 'utf8')).toBe('port=80\n');
    expect(readFileSync(join(dir, 'bin.dat'))).toEqual(Buffer.from([0, 1, 2]));
    expect(mode(join(dir, 'app.conf'))).toBe(0o644);
    expect(readlinkSync(join(dir, 'app.conf'))).toBe('..data/app.conf');
  });

  it('honour items, defaultMode and a per-item mode', async () => {
    const ctx = context();
    const source = { name: 'conf', defaultMode: 0o600, items: [{ key: 'app.conf', path: 'etc/app.conf' }, { key: 'other', path: 'o', mode: 0o400 }] };
    const dir = (await setupPodVolumes(pod('u1', [{ name: 'conf', configMap: source }]), ctx)).get('conf')!.source;
    expect(readFileSync(join(dir, 'etc/app.conf'), 'utf8')).toBe('port=80\n');
    expect(mode(join(dir, 'etc/app.conf'))).toBe(0o600);
    expect(mode(join(dir, 'o'))).toBe(0o400);
    expect(existsSync(join(dir, 'bin.dat'))).toBe(false);
  });

  it('follow their object when it changes, swapping all files at once', async () => {
    const ctx = context();
    const p = pod('u1', [{ name: 'conf', configMap: { name: 'conf' } }]);
    const dir = (await setupPodVolumes(p, ctx)).get('conf')!.source;
    const before = readlinkSync(join(dir, '..data'));
    ctx.configMaps = [{ metadata: { name: 'conf', namespace: 'shop' }, data: { 'app.conf': 'port=81\n' } }];
    await setupPodVolumes(p, ctx);
    expect(readlinkSync(join(dir, '..data'))).not.toBe(before);
    expect(existsSync(join(dir, before))).toBe(false);
    expect(readFileSync(join(dir, 'app.conf'), 'utf8')).toBe('port=81\n');
    expect(existsSync(join(dir, 'other'))).toBe(false);
  });

  it.each([
    ['a missing configMap', { name: 'v', configMap: { name: 'nope' } }, 'volume "v": configmap "nope" not found'],
    ['a missing key', { name: 'v', configMap: { name: 'conf', items: [{ key: 'nope', path: 'x' }] } }, 'configmap "conf" has no key "nope"'],
    ['a path with ..', { name: 'v', configMap: { name: 'conf', items: [{ key: 'other', path: '../x' }] } }, `path "../x" must be relative`],
    ['a missing secret', { name: 'v', secret: { secretName: 'nope' } }, 'secret "nope" not found'],
    ['a hostPath when the cluster forbids it', { name: 'v', hostPath: { path: '/etc' } }, 'hostPath volumes are not allowed'],
    ['an unbound claim', { name: 'v', persistentVolumeClaim: { claimName: 'nope' } }, 'persistentvolumeclaim "nope" not found'],
    ['an unsupported volume type', { name: 'v', nfs: { server: 'x', path: '/' } }, 'volume type "nfs" is not supported'],
  ])('fail with FailedMount on %s', async (_name, volume, message) => {
    await expect(setupPodVolumes(pod('u1', [volume]), context())).rejects.toMatchObject({
      code: 'FailedMount',
      message: expect.stringContaining(message),
    });
  });

  it('are empty for an optional configMap or secret that does not exist', async () => {
    const volumes = await setupPodVolumes(pod('u1', [{ name: 'v', secret: { secretName: 'nope', optional: true } }]), context());
    expect(existsSync(join(volumes.get('v')!.source, '..data'))).toBe(true);
  });

  it('put secret files on a tmpfs under the runtime folder, never under the state folder', async () => {
    const ctx = context();
    const volumes = [{ name: 'db', secret: { secretName: 'db', defaultMode: 0o440 } }, { name: 'conf', configMap: { name: 'conf' } }];
    const dir = (await setupPodVolumes(pod('u1', volumes), ctx)).get('db')!.source;
    expect(readFileSync(join(dir, 'password'), 'utf8')).toBe(SECRET);
    expect(mode(join(dir, 'password'))).toBe(0o440);
    expect(isTmpfs(dir)).toBe(true);
    expect(dir.startsWith(ctx.runtimeDir)).toBe(true);
    const grep = spawnSync('grep', ['-rl', '-e', SECRET, '-e', Buffer.from(SECRET).toString('base64'), ctx.stateDir]);
    expect(grep.stdout.toString()).toBe('');
    expect(grep.status).toBe(1); // grep searched and found nothing
  });

  it('write downwardAPI fields as Kubernetes formats them', async () => {
    const items = [
      { path: 'name', fieldRef: { fieldPath: 'metadata.name' } },
      { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
      { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } },
      { path: 'tier', fieldRef: { fieldPath: "metadata.labels['tier']" } },
    ];
    const dir = (await setupPodVolumes(pod('u1', [{ name: 'info', downwardAPI: { items } }]), context())).get('info')!.source;
    expect(readFileSync(join(dir, 'name'), 'utf8')).toBe('web');
    expect(readFileSync(join(dir, 'labels'), 'utf8')).toBe('app="web"\ntier="front"');
    expect(readFileSync(join(dir, 'annotations'), 'utf8')).toBe('note="say \\"hi\\""');
    expect(readFileSync(join(dir, 'tier'), 'utf8')).toBe('front');
  });
});

describe('emptyDir volumes', () => {
  it('are world-writable folders under the pod, removed with it', async () => {
    const ctx = context();
    const volumes = await setupPodVolumes(pod('u1', [{ name: 'cache', emptyDir: {} }]), ctx);
    const dir = volumes.get('cache')!.source;
    expect(dir).toBe(emptyDirPath(ctx, 'u1', 'cache'));
    expect(mode(dir)).toBe(0o777);
    writeFileSync(join(dir, 'f'), 'data');
    await cleanupPodVolumes('u1', ctx);
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(join(ctx.stateDir, 'pods', 'u1'))).toBe(false);
  });

  it('of medium Memory are a tmpfs of their own with the size limit, unmounted at cleanup', async () => {
    const ctx = context();
    const p = pod('u2', [{ name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } }]);
    const dir = (await setupPodVolumes(p, ctx)).get('scratch')!.source;
    expect(isTmpfs(dir) && isMountPoint(dir)).toBe(true);
    expect(statfsBytes(dir)).toBe(1024 * 1024);
    writeFileSync(join(dir, 'keep'), 'x');
    await setupPodVolumes(p, ctx); // again, as after an agent restart: the same mount, data intact
    expect(readFileSync(join(dir, 'keep'), 'utf8')).toBe('x');
    await cleanupPodVolumes('u2', ctx);
    expect(existsSync(dir)).toBe(false);
  });
});

describe('persistentVolumeClaim and hostPath volumes', () => {
  it('bind the bound PersistentVolume, whose data outlives the pod and comes back in its replacement', async () => {
    const ctx = context();
    const first = await setupPodVolumes(pod('old', [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }]), ctx);
    const dir = first.get('data')!.source;
    expect(dir).toBe(join(ctx.root, 'pv', 'data'));
    writeFileSync(join(dir, 'db'), 'rows');
    await cleanupPodVolumes('old', ctx);
    expect(readFileSync(join(dir, 'db'), 'utf8')).toBe('rows');
    const second = await setupPodVolumes(pod('new', [{ name: 'data', persistentVolumeClaim: { claimName: 'data', readOnly: true } }]), ctx);
    expect(second.get('data')).toMatchObject({ source: dir, readOnly: true });
  });

  it('check hostPath types where the cluster allows hostPath', async () => {
    const ctx = context({ allowHostPath: true });
    const created = join(ctx.root, 'host', 'new');
    await setupPodVolumes(pod('u1', [{ name: 'h', hostPath: { path: created, type: 'DirectoryOrCreate' } }]), ctx);
    expect(statSync(created).isDirectory()).toBe(true);
    await expect(
      setupPodVolumes(pod('u1', [{ name: 'h', hostPath: { path: join(ctx.root, 'missing'), type: 'Directory' } }]), ctx),
    ).rejects.toThrow('does not exist (type Directory)');
    await expect(setupPodVolumes(pod('u1', [{ name: 'h', hostPath: { path: created, type: 'File' } }]), ctx)).rejects.toThrow('is not a file');
  });
});

describe('container mounts', () => {
  it('bind each volumeMount, with subPath, subPathExpr and read-only where the volume or the mount says so', async () => {
    const ctx = context();
    const p = pod(
      'u1',
      [{ name: 'conf', configMap: { name: 'conf' } }, { name: 'cache', emptyDir: {} }, { name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
      [
        { name: 'conf', mountPath: '/etc/app' },
        { name: 'conf', mountPath: '/etc/app.conf', subPath: 'app.conf' },
        { name: 'cache', mountPath: '/cache', readOnly: true },
        { name: 'data', mountPath: '/data', subPathExpr: 'pods/$(POD)' },
      ],
    );
    const mounts = (await resolvePodMounts(p, ctx)).web;
    const conf = join(ctx.stateDir, 'pods/u1/volumes/configmap/conf');
    expect(mounts[0]).toEqual({ Type: 'bind', Source: conf, Target: '/etc/app', ReadOnly: true });
    expect(mounts[1]).toMatchObject({ Target: '/etc/app.conf', ReadOnly: true, Source: expect.stringMatching(/configmap\/conf\/\.\.[^/]+\/app\.conf$/) });
    expect(mounts[2]).toEqual({ Type: 'bind', Source: emptyDirPath(ctx, 'u1', 'cache'), Target: '/cache', ReadOnly: true });
    expect(mounts[3]).toEqual({ Type: 'bind', Source: join(ctx.root, 'pv/data/pods/web'), Target: '/data', ReadOnly: false });
    expect(statSync(mounts[3].Source!).isDirectory()).toBe(true);
  });

  it('refuse a subPath that leads out of the volume through a symlink', async () => {
    const ctx = context();
    const p = pod('u1', [{ name: 'cache', emptyDir: {} }], [{ name: 'cache', mountPath: '/x', subPath: 'escape' }]);
    const volumes = await setupPodVolumes(p, ctx);
    mkdirSync(join(ctx.root, 'outside'));
    spawnSync('ln', ['-s', join(ctx.root, 'outside'), join(volumes.get('cache')!.source, 'escape')]);
    expect(lstatSync(join(volumes.get('cache')!.source, 'escape')).isSymbolicLink()).toBe(true);
    expect(() => containerMounts(p, p.spec!.containers[0], volumes)).toThrow('leads out of the volume');
  });

  it('list the pods that have volumes on the host, so orphans can be cleaned after a restart', async () => {
    const ctx = context();
    await setupPodVolumes(pod('a', [{ name: 'c', emptyDir: {} }]), ctx);
    await setupPodVolumes(pod('b', [{ name: 's', secret: { secretName: 'db' } }]), ctx);
    expect(podUidsWithVolumes(ctx)).toEqual(['a', 'b']);
    await cleanupPodVolumes('b', ctx);
    expect(podUidsWithVolumes(ctx)).toEqual(['a']);
  });
});

function statfsBytes(dir: string): number {
  const out = spawnSync('stat', ['-f', '-c', '%b %S', dir], { encoding: 'utf8' }).stdout.trim().split(' ').map(Number);
  return out[0] * out[1];
}
