// The mounts the volumes module makes, used by real containers: what a pod's containers see and share.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import type { Pod } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBusyboxImage } from '../../helpers/images';
import { secretsDir, unmountTmpfs } from '../../../src/agent/state';
import { cleanupPodVolumes, resolvePodMounts, type Mount, type VolumeContext } from '../../../src/agent/volumes';

const docker = new Docker();
const CLUSTER = `volumes-test-${process.pid}`;
const root = mkdtempSync(join(tmpdir(), 'berth-volumes-docker-'));
const ctx: VolumeContext = {
  stateDir: join(root, 'state'),
  runtimeDir: join(root, 'run'),
  allowHostPath: false,
  configMaps: [],
  secrets: [{ metadata: { name: 'db', namespace: 'shop' }, stringData: { password: 'pw-in-memory' } }],
  persistentVolumes: [{ metadata: { name: 'pv' }, spec: { hostPath: { path: join(root, 'pv') } } }],
  persistentVolumeClaims: [{ metadata: { name: 'data', namespace: 'shop' }, spec: { volumeName: 'pv' } }],
};
let image: string;

beforeAll(async () => {
  image = await ensureBusyboxImage();
}, 120_000);
afterAll(async () => {
  const left = await docker.listContainers({ all: true, filters: { label: [`berth.dev/cluster=${CLUSTER}`] } });
  for (const c of left) await docker.getContainer(c.Id).remove({ force: true });
  await cleanupPodVolumes('u1', ctx);
  await unmountTmpfs(secretsDir(ctx.runtimeDir));
  rmSync(root, { recursive: true, force: true });
});

async function run(mounts: Mount[], script: string): Promise<{ exitCode: number; output: string }> {
  const container = await docker.createContainer({
    Image: image,
    Cmd: ['sh', '-c', script],
    Labels: { 'berth.dev/cluster': CLUSTER },
    HostConfig: { Mounts: mounts },
  });
  await container.start();
  const { StatusCode } = await container.wait();
  const logs = await container.logs({ stdout: true, stderr: true });
  await container.remove({ force: true });
  return { exitCode: StatusCode, output: demux(logs) };
}

function demux(buffer: Buffer): string {
  let text = '';
  for (let i = 0; i + 8 <= buffer.length; ) {
    const size = buffer.readUInt32BE(i + 4);
    text += buffer.subarray(i + 8, i + 8 + size).toString();
    i += 8 + size;
  }
  return text;
}

describe('volumes in real containers', () => {
  it('let containers read secrets, share a memory emptyDir, and keep claim data, with read-only enforced', async () => {
    const pod: Pod = {
      metadata: { name: 'web', namespace: 'shop', uid: 'u1' },
      spec: {
        volumes: [
          { name: 'db', secret: { secretName: 'db' } },
          { name: 'shm', emptyDir: { medium: 'Memory' } },
          { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
        ],
        containers: ['writer', 'reader'].map((name) => ({
          name,
          image: 'busybox',
          volumeMounts: [
            { name: 'db', mountPath: '/secrets' },
            { name: 'shm', mountPath: '/shm' },
            { name: 'data', mountPath: '/data' },
          ],
        })),
      },
    };
    const mounts = await resolvePodMounts(pod, ctx);
    const writer = await run(mounts.writer, 'cat /secrets/password; echo shared > /shm/f; echo kept > /data/f; touch /secrets/x 2>/dev/null || echo read-only');
    expect(writer).toEqual({ exitCode: 0, output: 'pw-in-memoryread-only\n' });
    const reader = await run(mounts.reader, 'cat /shm/f /data/f');
    expect(reader.output).toBe('shared\nkept\n');
    await cleanupPodVolumes('u1', ctx);
    expect(readFileSync(join(root, 'pv', 'f'), 'utf8')).toBe('kept\n');
  });
});
