// Image shipping between two real Docker Engines: the controller's is a private dockerd of the test's own
// (test/helpers/dockerd.ts) that has the image, the host's is the machine's, under a real agent bootstrapped through
// the local transport; the lab tests ship between lab hosts over SSH.
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentClientFor, ImageShipper, LocalSession, type ImageProgress } from '../../../src/fleet';
import { startDockerd, type PrivateDockerd } from '../../helpers/dockerd';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../helpers/images';
import { startLocalHost, type LocalHost } from './bootstrap-host';

const hostDocker = new Docker();
const SHIPPED = `berth-fleet-ship:${process.pid}`;
let host: LocalHost;
let engine: PrivateDockerd;
/** The controller's engine: the private dockerd, counting its `docker save`s (each one is a shipment). */
let controllerDocker: Docker;
let tarBytes: number;
let imageSize: number;
let saves = 0;

function countingSaves(docker: Docker): Docker {
  return Object.assign(Object.create(docker) as Docker, {
    getImage(name: string) {
      const image = docker.getImage(name);
      const save = image.get.bind(image);
      const get = () => {
        saves += 1;
        return save();
      };
      return Object.assign(image, { get });
    },
  });
}

const untagOnHost = () => hostDocker.getImage(SHIPPED).remove().catch(() => undefined);

beforeAll(async () => {
  engine = await startDockerd();
  await ensureBusyboxImage(SHIPPED, engine.docker);
  let bytes = 0;
  for await (const chunk of (await engine.docker.getImage(SHIPPED).get()) as AsyncIterable<Buffer>) bytes += chunk.length;
  tarBytes = bytes;
  imageSize = (await engine.docker.getImage(SHIPPED).inspect()).Size;
  controllerDocker = countingSaves(engine.docker);
  await ensureBusyboxImage();
  await untagOnHost();
  host = await startLocalHost('ship');
}, 120_000);

afterAll(async () => {
  await host?.stop();
  await untagOnHost();
  await engine?.remove();
}, 120_000);

const agent = () => agentClientFor(host.session, host.layout.socketPath, { timeoutMs: 30_000 });
const hostHas = async (image: string) => (await agent().hostFacts()).images.some((i) => i.names?.includes(image));

describe('shipping images to a host without a registry', () => {
  it('ships an image the host lacks, with progress, and leaves the ones it has', async () => {
    const shipper = new ImageShipper({ localDocker: controllerDocker });
    const progress: ImageProgress[] = [];
    const results = await shipper.ensureImages('ship', [SHIPPED, BUSYBOX_IMAGE], { agent: agent(), onProgress: (p) => progress.push(p) });
    expect(results).toEqual([
      { image: SHIPPED, outcome: 'shipped', bytes: tarBytes },
      { image: BUSYBOX_IMAGE, outcome: 'present' },
    ]);
    expect(progress.at(-1)).toEqual({ host: 'ship', image: SHIPPED, bytes: tarBytes, totalBytes: imageSize, done: true });
    expect(progress.filter((p) => !p.done).length).toBe(Math.floor(tarBytes / (1024 * 1024)));
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
