// Image shipping to a real agent (bootstrapped through the local transport) on the machine's real Docker Engine. The
// host and the controller share that engine here, so the controller's engine is played by a recording of a real
// `docker save` of an image the host lacks; the lab tests ship between distinct engines over SSH.
import { Readable } from 'node:stream';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentClientFor, ImageShipper, LocalSession, type ImageProgress } from '../../../src/fleet';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../helpers/images';
import { startLocalHost, type LocalHost } from './bootstrap-host';

const docker = new Docker();
const SHIPPED = `berth-fleet-ship:${process.pid}`;
let host: LocalHost;
let tar: Buffer;
let saves = 0;

/** The controller's engine: it has SHIPPED (as the recording) and nothing else. */
const controllerDocker = {
  getImage: (name: string) => ({
    async inspect() {
      // As Docker resolves names: docker.io/library/x:t is x:t.
      if (name.replace(/^docker\.io\/library\//, '') !== SHIPPED) throw Object.assign(new Error(`No such image: ${name}`), { statusCode: 404 });
      return { Size: tar.length };
    },
    async get() {
      saves += 1;
      const chunks = [];
      for (let i = 0; i < tar.length; i += 64 * 1024) chunks.push(tar.subarray(i, i + 64 * 1024));
      return Readable.from(chunks);
    },
  }),
} as unknown as Docker;

const untagOnHost = () => docker.getImage(SHIPPED).remove().catch(() => undefined);

beforeAll(async () => {
  await ensureBusyboxImage();
  await docker.getImage(BUSYBOX_IMAGE).tag({ repo: 'berth-fleet-ship', tag: String(process.pid) });
  const chunks: Buffer[] = [];
  for await (const chunk of (await docker.getImage(SHIPPED).get()) as AsyncIterable<Buffer>) chunks.push(chunk);
  tar = Buffer.concat(chunks);
  await untagOnHost();
  host = await startLocalHost('ship');
}, 60_000);

afterAll(async () => {
  await host?.stop();
  await untagOnHost();
});

const agent = () => agentClientFor(host.session, host.layout.socketPath, { timeoutMs: 30_000 });
const hostHas = async (image: string) => (await agent().hostFacts()).images.some((i) => i.names?.includes(image));

describe('shipping images to a host without a registry', () => {
  it('ships an image the host lacks, with progress, and leaves the ones it has', async () => {
    const shipper = new ImageShipper({ localDocker: controllerDocker });
    const progress: ImageProgress[] = [];
    const results = await shipper.ensureImages('ship', [SHIPPED, BUSYBOX_IMAGE], { agent: agent(), onProgress: (p) => progress.push(p) });
    expect(results).toEqual([
      { image: SHIPPED, outcome: 'shipped', bytes: tar.length },
      { image: BUSYBOX_IMAGE, outcome: 'present' },
    ]);
    expect(progress.at(-1)).toEqual({ host: 'ship', image: SHIPPED, bytes: tar.length, totalBytes: tar.length, done: true });
    expect(progress.filter((p) => !p.done).length).toBe(Math.floor(tar.length / (1024 * 1024)));
    expect(await hostHas(SHIPPED)).toBe(true);

    expect(await shipper.ensureImages('ship', [SHIPPED], { agent: agent() })).toEqual([{ image: SHIPPED, outcome: 'present' }]);
    expect(saves).toBe(1);
  });

  it('ships an image once when several passes want it at the same time, and not again just after', async () => {
    await untagOnHost();
    saves = 0;
    const shipper = new ImageShipper({ localDocker: controllerDocker });
    const [a, b] = await Promise.all([
      shipper.ensureImages('ship', [SHIPPED], { agent: agent() }),
      shipper.ensureImages('ship', [`docker.io/library/${SHIPPED}`], { agent: agent() }),
    ]);
    // Whichever pass comes first ships; the other joins the shipment in flight, or (its host listing slower than the
    // whole shipment) finds it just shipped: either way the image went once.
    expect([a[0].image, b[0].image]).toEqual([SHIPPED, `docker.io/library/${SHIPPED}`]);
    expect([a[0].outcome, b[0].outcome]).toContain('shipped');
    for (const outcome of [a[0].outcome, b[0].outcome]) expect(['shipped', 'recently-shipped']).toContain(outcome);
    expect(saves).toBe(1);
    await untagOnHost(); // gone from the host, but a shipment this recent is not repeated
    expect(await shipper.ensureImages('ship', [SHIPPED], { agent: agent() })).toEqual([{ image: SHIPPED, outcome: 'recently-shipped' }]);
    expect(saves).toBe(1);
  });

  it('says what to do when neither the host nor the controller has the image', async () => {
    const [result] = await new ImageShipper({ localDocker: controllerDocker }).ensureImages('ship', ['berth-fleet-none:1'], { agent: agent() });
    expect(result).toMatchObject({ image: 'berth-fleet-none:1', outcome: 'unavailable' });
    expect(result.message).toMatch(/host ship lacks berth-fleet-none:1 and so does the controller's Docker Engine/);
  });

  it('ships nothing when cluster.yaml names a registry: hosts pull', async () => {
    saves = 0;
    const shipper = new ImageShipper({ localDocker: controllerDocker, registry: { url: 'registry.lab:5000' } });
    expect(await shipper.ensureImages('ship', [SHIPPED], { agent: agent() })).toEqual([{ image: SHIPPED, outcome: 'registry' }]);
    expect(saves).toBe(0);
  });

  it('reports a host whose agent does not answer as a failure of each image, without throwing', async () => {
    const gone = new LocalSession({ host: 'gone' });
    const results = await new ImageShipper({ localDocker: controllerDocker }).ensureImages('gone', [SHIPPED, BUSYBOX_IMAGE], {
      agent: agentClientFor(gone, `${host.home}/none.sock`, { timeoutMs: 2_000 }),
    });
    expect(results.map((r) => r.outcome)).toEqual(['failed', 'failed']);
    expect(results[0].message).toMatch(/^cannot list the host's images: /);
  });
});
