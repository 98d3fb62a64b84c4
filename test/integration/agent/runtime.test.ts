// DockerRuntime against the real engine. Everything created here carries this file's cluster label and is removed.
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityLabels, containerName, type ContainerIdentity } from '../../../src/agent/labels';
import { DockerRuntime } from '../../../src/agent/runtime';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../helpers/images';

const docker = new Docker();
const runtime = new DockerRuntime(docker);
const cluster = `test-runtime-${process.pid}-${Date.now()}`;
const handMade: string[] = [];
let serial = 0;

async function managed(command: string[], extra: Partial<ContainerIdentity> = {}): Promise<string> {
  const identity: ContainerIdentity = { cluster, namespace: 'default', pod: `p${serial++}`, podUid: 'uid', container: 'c', specHash: 'hash0000', restartCount: 0, attempt: 0, ...extra };
  const id = await runtime.createContainer({ name: containerName(identity), Image: BUSYBOX_IMAGE, Entrypoint: command, Labels: identityLabels(identity), HostConfig: { RestartPolicy: { Name: 'no' } } });
  await runtime.start(id);
  return id;
}

beforeAll(async () => {
  await ensureBusyboxImage();
});

afterAll(async () => {
  const mine = await docker.listContainers({ all: true, filters: { label: [`berth.dev/cluster=${cluster}`] } });
  await Promise.all([...mine.map((c) => c.Id), ...handMade].map((id) => docker.getContainer(id).remove({ force: true }).catch(() => undefined)));
});

describe('DockerRuntime', () => {
  it('checks images as the pull policy says, with typed errors', async () => {
    await expect(runtime.ensureImage(BUSYBOX_IMAGE, 'IfNotPresent')).resolves.toBe(false);
    await expect(runtime.ensureImage(BUSYBOX_IMAGE, 'Never')).resolves.toBe(false);
    await expect(runtime.ensureImage('berth-test/absent:1', 'Never')).rejects.toMatchObject({ code: 'ErrImageNeverPull' });
    await expect(runtime.ensureImage('127.0.0.1:1/absent:1', 'IfNotPresent')).rejects.toMatchObject({ code: 'ErrImagePull' });
  });

  it('lists only containers of its cluster that it manages, and does not see others', async () => {
    const id = await managed(['sleep', 'inf']);
    const byHand = await docker.createContainer({ Image: BUSYBOX_IMAGE, Cmd: ['sleep', 'inf'], Labels: { 'berth.dev/cluster': cluster } });
    handMade.push(byHand.id);
    await byHand.start();
    const otherCluster = await managed(['sleep', 'inf'], { cluster: `${cluster}-other` });
    handMade.push(otherCluster);

    const listed = await runtime.listManaged(cluster);
    expect(listed.map((c) => c.id)).toContain(id);
    expect(listed.map((c) => c.id)).not.toContain(byHand.id);
    expect(listed.map((c) => c.id)).not.toContain(otherCluster);
    const observed = listed.find((c) => c.id === id)!;
    expect(observed).toMatchObject({ state: 'running', identity: { cluster, container: 'c' }, oomKilled: false });
    expect(observed.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    await expect(runtime.inspect(byHand.id)).rejects.toMatchObject({ code: 'ContainerNotFound' });
  });

  it('runs a command in a container and returns its exit code, stdout and stderr', async () => {
    const id = await managed(['sleep', 'inf']);
    expect(await runtime.exec(id, ['sh', '-c', 'echo out; echo err >&2; exit 3'])).toEqual({ exitCode: 3, stdout: 'out\n', stderr: 'err\n' });
  });

  it('returns logs as plain text, tail included', async () => {
    const id = await managed(['sh', '-c', 'echo two >&2; sleep 0.2; echo one; echo three']);
    await docker.getContainer(id).wait();
    const text = async (tailLines?: number) => {
      const chunks: Buffer[] = [];
      for await (const c of (await runtime.logs(id, { tailLines })) as AsyncIterable<Buffer>) chunks.push(Buffer.from(c));
      return Buffer.concat(chunks).toString();
    };
    expect((await text()).split('\n').sort()).toEqual(['', 'one', 'three', 'two']);
    expect(await text(1)).toBe('three\n');
  });

  it('follows logs as they are written, until the reader leaves', async () => {
    const id = await managed(['sh', '-c', 'i=0; while true; do echo line$i; i=$((i+1)); sleep 0.2; done']);
    const stream = (await runtime.logs(id, { follow: true })) as NodeJS.ReadableStream & { destroy(): void };
    let text = '';
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      text += chunk.toString();
      if (text.includes('line2')) break;
    }
    expect(text.startsWith('line0\nline1\n')).toBe(true);
  });

  it('gives up on an exec after its timeout', async () => {
    const id = await managed(['sleep', 'inf']);
    await expect(runtime.exec(id, ['sleep', '5'], { timeoutMs: 300 })).rejects.toMatchObject({ code: 'ExecTimeout' });
  });

  it('stops with SIGTERM, then SIGKILL once the grace period is over', async () => {
    const polite = await managed(['sh', '-c', "trap 'exit 0' TERM; while true; do sleep 0.1; done"]);
    // PID 1 without a handler ignores SIGTERM, so this one only dies by SIGKILL.
    const stubborn = await managed(['sleep', 'inf']);
    // How each ended tells which signal did it: exit 0 from the TERM handler, 137 from the SIGKILL.
    await runtime.stop(polite, 5);
    expect(await runtime.inspect(polite)).toMatchObject({ state: 'exited', exitCode: 0 });
    await runtime.stop(stubborn, 1);
    expect(await runtime.inspect(stubborn)).toMatchObject({ state: 'exited', exitCode: 137 });
    await expect(runtime.stop(stubborn, 1)).resolves.toBeUndefined();
    await runtime.remove(stubborn);
    await expect(runtime.remove(stubborn)).resolves.toBeUndefined();
  });

  it('reports stats, version, info and images', async () => {
    const id = await managed(['sleep', 'inf']);
    const stats = await runtime.stats(id);
    expect(stats.memoryUsageBytes).toBeGreaterThan(0);
    expect(stats.cpuMillicores).toBeGreaterThanOrEqual(0);
    expect((await runtime.version()).apiVersion).toMatch(/^1\.\d+$/);
    expect((await runtime.info()).cpus).toBeGreaterThan(0);
    expect((await runtime.listImages()).some((i) => i.repoTags.includes(BUSYBOX_IMAGE))).toBe(true);
  });
});
