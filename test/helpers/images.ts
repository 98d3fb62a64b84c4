// Test images, built locally FROM scratch with the host's static busybox: no registry is reachable in tests.
import Docker from 'dockerode';
import { buildImage, imageExists } from '../../src/agent/runtime';

export const BUSYBOX_IMAGE = 'berth-test/busybox:1';

const BUSYBOX_DOCKERFILE = ['FROM scratch', 'COPY busybox /bin/busybox', 'RUN ["/bin/busybox", "--install", "-s", "/bin"]', 'CMD ["sh"]', ''].join('\n');

const building = new Map<string, Promise<string>>();

/** An image with busybox installed as sh, httpd, nc, sleep, wget, …: built once per engine, then reused. */
export function ensureBusyboxImage(tag = BUSYBOX_IMAGE, docker = new Docker()): Promise<string> {
  let done = building.get(tag);
  if (!done) {
    done = (async () => {
      if (!(await imageExists(docker, tag))) {
        await buildImage(docker, { tag, dockerfile: BUSYBOX_DOCKERFILE, files: { busybox: '/bin/busybox' }, labels: { 'berth.dev/test-image': 'true' } });
      }
      return tag;
    })();
    building.set(tag, done);
  }
  return done;
}
