// Images without a registry: a host that lacks an image its pods need gets it from the controller's own Docker
// Engine, streamed (docker save → the host's session → agent POST /v1/images → docker load), once per image and
// host: a shipment in flight is joined, and one just made is not repeated. With a registry in cluster.yaml nothing is
// shipped: hosts pull. Every failure is a result for that image and host, never an exception.
import { Transform } from 'node:stream';
import Docker from 'dockerode';
import type { AgentClient } from '../agent';
import type { Cluster } from '../manifest';
import { isDigestRef, missingImages, normalizeImageRef } from './images-refs';

export type ImageOutcome = 'present' | 'shipped' | 'recently-shipped' | 'registry' | 'unavailable' | 'failed';

export interface ImageResult {
  image: string;
  outcome: ImageOutcome;
  /** Bytes streamed to the host, for `shipped`. */
  bytes?: number;
  /** Why, for `unavailable` and `failed`. */
  message?: string;
}

export interface ImageProgress {
  host: string;
  image: string;
  bytes: number;
  /** The image's size in the controller's engine (the stream is about this long). */
  totalBytes?: number;
  done: boolean;
}

export interface ImageShipperOptions {
  /** The controller's own engine; default Docker's default socket (or DOCKER_HOST). */
  localDocker?: Docker;
  /** cluster.yaml's spec.registry: when set, hosts pull and nothing is shipped. */
  registry?: Cluster['spec']['registry'];
  /** A shipment this recent is not repeated even if the host does not list the image yet. Default 10 minutes. */
  recentMs?: number;
  now?: () => number;
}

export interface EnsureImagesOptions {
  /** The host's agent (reached through its session). */
  agent: AgentClient;
  onProgress?: (progress: ImageProgress) => void;
}

const PROGRESS_STEP_BYTES = 1024 * 1024;

export class ImageShipper {
  readonly #docker: Docker;
  readonly #registry?: Cluster['spec']['registry'];
  readonly #recentMs: number;
  readonly #now: () => number;
  readonly #inFlight = new Map<string, Promise<ImageResult>>();
  readonly #shippedAt = new Map<string, number>();

  constructor({ localDocker = new Docker(), registry, recentMs = 10 * 60_000, now = Date.now }: ImageShipperOptions = {}) {
    this.#docker = localDocker;
    this.#registry = registry;
    this.#recentMs = recentMs;
    this.#now = now;
  }

  /** Makes sure the host has these images; one result per distinct image, in order. */
  async ensureImages(host: string, images: readonly string[], { agent, onProgress }: EnsureImagesOptions): Promise<ImageResult[]> {
    const distinct = [...new Map(images.map((image) => [normalizeImageRef(image), image])).values()];
    if (this.#registry) return distinct.map((image) => ({ image, outcome: 'registry' }));
    let lacking: Set<string>;
    try {
      lacking = new Set(missingImages(distinct, (await agent.hostFacts()).images));
    } catch (error) {
      return distinct.map((image) => ({ image, outcome: 'failed', message: `cannot list the host's images: ${messageOf(error)}` }));
    }
    const results: ImageResult[] = [];
    // One image at a time per host: shipments share the host's link; hosts run in parallel at the caller's level.
    for (const image of distinct) {
      results.push(lacking.has(image) ? await this.#ensureOne(host, image, agent, onProgress) : { image, outcome: 'present' });
    }
    return results;
  }

  #ensureOne(host: string, image: string, agent: AgentClient, onProgress?: EnsureImagesOptions['onProgress']): Promise<ImageResult> {
    const key = `${host}\0${normalizeImageRef(image)}`;
    const running = this.#inFlight.get(key);
    if (running) return running.then((result) => ({ ...result, image }));
    const shippedAt = this.#shippedAt.get(key);
    if (shippedAt !== undefined && this.#now() - shippedAt < this.#recentMs) return Promise.resolve({ image, outcome: 'recently-shipped' });
    // Recorded as shipped before it stops being in flight: a pass asking in between would otherwise ship it again.
    const shipment = this.#ship(host, image, agent, onProgress)
      .then((result) => {
        if (result.outcome === 'shipped') this.#shippedAt.set(key, this.#now());
        return result;
      })
      .finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, shipment);
    return shipment;
  }

  async #ship(host: string, image: string, agent: AgentClient, onProgress?: EnsureImagesOptions['onProgress']): Promise<ImageResult> {
    if (isDigestRef(image)) {
      return { image, outcome: 'unavailable', message: `${image} is pinned by digest, which only a registry can serve: configure spec.registry in cluster.yaml` };
    }
    let totalBytes: number | undefined;
    try {
      totalBytes = (await this.#docker.getImage(image).inspect()).Size;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) return { image, outcome: 'failed', message: `the controller's Docker Engine: ${messageOf(error)}` };
      return {
        image,
        outcome: 'unavailable',
        message: `host ${host} lacks ${image} and so does the controller's Docker Engine: build or pull it here, or configure spec.registry in cluster.yaml`,
      };
    }
    let bytes = 0;
    let reported = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        if (bytes - reported >= PROGRESS_STEP_BYTES) {
          reported = bytes;
          onProgress?.({ host, image, bytes, totalBytes, done: false });
        }
        done(null, chunk);
      },
    });
    try {
      const tar = (await this.#docker.getImage(image).get()) as NodeJS.ReadableStream;
      tar.on('error', (error: Error) => counter.destroy(error));
      const { loaded } = await agent.loadImage(tar.pipe(counter));
      onProgress?.({ host, image, bytes, totalBytes, done: true });
      if (!loaded.some((name) => normalizeImageRef(name) === normalizeImageRef(image))) {
        return { image, outcome: 'failed', bytes, message: `host ${host} loaded ${loaded.join(', ') || 'nothing'}, not ${image}` };
      }
      return { image, outcome: 'shipped', bytes };
    } catch (error) {
      return { image, outcome: 'failed', bytes, message: `shipping ${image} to host ${host}: ${messageOf(error)}` };
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
