// The pod sandbox image: the host's static busybox, FROM scratch, built through the Docker API when missing. No
// registry is needed, and the image is about 2 MB, so every host can build its own in a second.
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { RuntimeError, statusOf } from './errors';

/** Bumped whenever the image's content changes, so hosts build the new one. */
export const SANDBOX_VERSION = '1';
export const SANDBOX_IMAGE = `berth/sandbox:${SANDBOX_VERSION}`;
export const HOST_BUSYBOX = '/bin/busybox';

const SANDBOX_DOCKERFILE = 'FROM scratch\nCOPY busybox /bin/busybox\nENTRYPOINT ["/bin/busybox", "sleep", "inf"]\n';

export async function ensureSandboxImage(docker: Docker, busybox = HOST_BUSYBOX): Promise<string> {
  if (await imageExists(docker, SANDBOX_IMAGE)) return SANDBOX_IMAGE;
  await buildImage(docker, { tag: SANDBOX_IMAGE, dockerfile: SANDBOX_DOCKERFILE, files: { busybox } });
  return SANDBOX_IMAGE;
}

export async function imageExists(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (err) {
    if (statusOf(err) === 404) return false;
    throw err;
  }
}

export interface BuildOptions {
  tag: string;
  dockerfile: string;
  /** Files of the build context: name in the context → path on this machine. */
  files: Record<string, string>;
  labels?: Record<string, string>;
}

/** Builds an image from a Dockerfile and a few local files, through the engine's API (no docker CLI needed). */
export async function buildImage(docker: Docker, { tag, dockerfile, files, labels }: BuildOptions): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-build-'));
  try {
    await writeFile(join(dir, 'Dockerfile'), dockerfile);
    for (const [name, path] of Object.entries(files)) await copyFile(path, join(dir, name));
    const stream = await docker.buildImage({ context: dir, src: ['Dockerfile', ...Object.keys(files)] }, { t: tag, labels, rm: true, forcerm: true });
    const events = await new Promise<Array<{ error?: string }>>((resolve, reject) => {
      docker.modem.followProgress(stream, (err: Error | null, out: Array<{ error?: string }>) => (err ? reject(err) : resolve(out)));
    });
    const failed = events.find((e) => e.error);
    if (failed) throw new RuntimeError(`building ${tag} failed: ${failed.error}`, { tag });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
