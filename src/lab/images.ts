// The demo images the cluster template runs, built FROM scratch with Debian's static busybox into the machine's
// Docker Engine (the controller's: the fleet ships images from it to hosts). No registry is needed.
import Docker from 'dockerode';
import { buildImage, imageExists } from '../agent';
import { LabError } from './errors';
import { BUSYBOX } from './prerequisites';

export interface DemoImage {
  tag: string;
  dockerfile: string;
}

export const DEMO_IMAGE_LABEL = 'berth.dev/lab-demo';

const INSTALL_BUSYBOX = ['FROM scratch', 'COPY busybox /bin/busybox', 'RUN ["/bin/busybox", "--install", "-s", "/bin"]'];

/** busybox httpd on port 8080 serving a page that names the version, as apps/web/deployment.yaml runs it. */
export function webDockerfile(version: string): string {
  const page = `<!doctype html><title>berth-demo/web ${version}</title><h1>berth-demo/web ${version}</h1>`;
  return [
    ...INSTALL_BUSYBOX,
    `RUN ["/bin/sh", "-c", "mkdir -p /www && echo '${page}' > /www/index.html"]`,
    `ENV WEB_VERSION=${version}`,
    'EXPOSE 8080',
    'CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]',
    '',
  ].join('\n');
}

export const DEMO_IMAGES: DemoImage[] = [
  { tag: 'berth-demo/busybox:1.0', dockerfile: [...INSTALL_BUSYBOX, 'CMD ["sh"]', ''].join('\n') },
  { tag: 'berth-demo/web:1.0', dockerfile: webDockerfile('1.0') },
  { tag: 'berth-demo/web:1.1', dockerfile: webDockerfile('1.1') },
];

/** The main engine, checked: the lab cannot build its images without one. */
export async function mainEngine(docker = new Docker()): Promise<Docker> {
  try {
    await docker.ping();
    return docker;
  } catch (err) {
    throw new LabError(
      `no Docker Engine answers on this machine (${(err as Error).message}); the lab builds its demo images there and the controller ships them from it: start it (systemctl start docker) and run this again`,
    );
  }
}

/** Builds each demo image the engine lacks; returns the ones it built (tag and id), which `down` may remove. */
export async function ensureDemoImages(docker: Docker, progress: (line: string) => void): Promise<Array<{ tag: string; id: string }>> {
  const built: Array<{ tag: string; id: string }> = [];
  for (const image of DEMO_IMAGES) {
    if (await imageExists(docker, image.tag)) continue;
    progress(`building image ${image.tag}`);
    await buildImage(docker, { tag: image.tag, dockerfile: image.dockerfile, files: { busybox: BUSYBOX }, labels: { [DEMO_IMAGE_LABEL]: 'true' } });
    built.push({ tag: image.tag, id: (await docker.getImage(image.tag).inspect()).Id });
  }
  return built;
}

/** Removes the images this lab built, unless the tag now names another image (someone rebuilt it). */
export async function removeDemoImages(docker: Docker, images: Array<{ tag: string; id: string }>, progress: (line: string) => void): Promise<void> {
  for (const { tag, id } of images) {
    try {
      if ((await docker.getImage(tag).inspect()).Id !== id) continue;
      await docker.getImage(tag).remove();
      progress(`removed image ${tag}`);
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status !== 404) progress(`kept image ${tag}: ${(err as Error).message}`);
    }
  }
}
