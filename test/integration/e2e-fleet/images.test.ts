// Images without a registry on the shared lab: an image built in this machine's main Docker Engine (the
// controller's) and absent on h2 and h3 is streamed to both over SSH (docker save → SSH forward → agent → docker
// load), with progress, and listed by the hosts afterwards; asked again, nothing is shipped.
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabStatus } from '../../../src/lab';
import { agentClientFor, ImageShipper, normalizeImageRef, type Fleet, type ImageProgress, type ImageResult } from '../../../src/fleet';
import { ensureBusyboxImage } from '../../helpers/images';
import { copyLabRepo, holdLab, hostDocker, labFleet, PREFIX, removeRepoCopy, sharedLab } from './lab-fleet';

const IMAGE = `${PREFIX}/ship:${process.pid}`;
const HOSTS = ['h2', 'h3'];

/** The controller's engine, counting the `docker save`s it is asked for. */
class CountingDocker extends Docker {
  saves = 0;
  override getImage(name: string): Docker.Image {
    const image = super.getImage(name);
    const get = image.get.bind(image) as () => Promise<NodeJS.ReadableStream>;
    Object.assign(image, { get: () => ((this.saves += 1), get()) });
    return image;
  }
}

let release: (() => void) | undefined;
let lab: LabStatus;
let repo: string;
let fleet: Fleet;
const controller = new CountingDocker();

const agent = (host: string) => agentClientFor(fleet.session(host), undefined, { timeoutMs: 15_000 });
const hostLists = async (host: string, image: string) =>
  (await agent(host).hostFacts()).images.some((i) => (i.names ?? []).some((n) => normalizeImageRef(n) === normalizeImageRef(image)));
const removeFromHosts = () => Promise.all(HOSTS.map((h) => hostDocker(lab, h).getImage(IMAGE).remove().catch(() => undefined)));

beforeAll(async () => {
  release = await holdLab('e2e-fleet/images');
  lab = await sharedLab();
  repo = copyLabRepo(lab);
  fleet = labFleet(repo);
  await ensureBusyboxImage(IMAGE, controller);
  await removeFromHosts();
}, 360_000);

afterAll(async () => {
  try {
    if (lab) await removeFromHosts();
    await controller.getImage(IMAGE).remove().catch(() => undefined);
    await fleet?.close();
  } finally {
    removeRepoCopy(repo);
    release?.();
  }
}, 60_000);

describe('images shipped from the controller\'s engine to lab hosts over SSH', () => {
  const shipper = new ImageShipper({ localDocker: controller });

  it('h2 and h3 lack the image, get it once each with progress, and then list it', async () => {
    for (const host of HOSTS) expect(await hostLists(host, IMAGE)).toBe(false);
    const size = (await controller.getImage(IMAGE).inspect()).Size;
    const progress: ImageProgress[] = [];
    const start = Date.now();
    const results = await Promise.all(HOSTS.map((host) => shipper.ensureImages(host, [IMAGE], { agent: agent(host), onProgress: (p) => progress.push(p) })));
    console.log(`shipped ${IMAGE} (${size} bytes) to ${HOSTS.join(' and ')} in parallel: ${Date.now() - start} ms; bytes ${results.map((r) => r[0].bytes).join(', ')}`);
    expect(results).toEqual(HOSTS.map(() => [{ image: IMAGE, outcome: 'shipped', bytes: expect.any(Number) } satisfies ImageResult]));
    for (const [i, host] of HOSTS.entries()) {
      const bytes = results[i][0].bytes!;
      expect(bytes).toBeGreaterThan(size / 2);
      expect(progress.filter((p) => p.host === host && p.done)).toEqual([{ host, image: IMAGE, bytes, totalBytes: size, done: true }]);
      const steps = progress.filter((p) => p.host === host && !p.done);
      expect(steps.length).toBe(Math.floor(bytes / (1024 * 1024)));
      expect(steps.every((p) => p.bytes <= bytes && p.totalBytes === size)).toBe(true);
      expect(await hostLists(host, IMAGE)).toBe(true);
    }
    expect(controller.saves).toBe(2); // one per host
  }, 120_000);

  it('asked again, by the same shipper or a new one, ships nothing: the hosts have it', async () => {
    const progress: ImageProgress[] = [];
    for (const s of [shipper, new ImageShipper({ localDocker: controller })]) {
      const results = await Promise.all(HOSTS.map((host) => s.ensureImages(host, [IMAGE, `docker.io/${IMAGE}`], { agent: agent(host), onProgress: (p) => progress.push(p) })));
      expect(results).toEqual(HOSTS.map(() => [{ image: `docker.io/${IMAGE}`, outcome: 'present' }]));
    }
    expect(progress).toEqual([]);
    expect(controller.saves).toBe(2);
  }, 60_000);

  it('a host that lacks an image the controller does not have either is told so, nothing shipped', async () => {
    const [result] = await shipper.ensureImages('h2', [`${PREFIX}/nowhere:${process.pid}`], { agent: agent('h2') });
    expect(result).toMatchObject({ outcome: 'unavailable', message: expect.stringContaining("so does the controller's Docker Engine") });
    expect(controller.saves).toBe(2);
  });
});
