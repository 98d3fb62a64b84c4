import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEMO_IMAGES, webDockerfile } from '../../../src/lab';
import { isStaticElf } from '../../../src/lab/elf';
import { mountsUnder } from '../../../src/lab/mounts';

const TEMPLATE = path.resolve(__dirname, '../../../cluster-repo-template');

function templateImages(dir = TEMPLATE): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return templateImages(p);
    if (!e.name.endsWith('.yaml')) return [];
    return [...fs.readFileSync(p, 'utf8').matchAll(/^\s*image:\s*(\S+)/gm)].map((m) => m[1]);
  });
}

describe('the demo images', () => {
  it('include every image the cluster template runs', () => {
    const tags = DEMO_IMAGES.map((i) => i.tag);
    for (const image of templateImages()) expect(tags).toContain(image);
    expect(tags).toContain('berth-demo/web:1.1');
  });

  it("serve, like the template's web Deployment, busybox httpd on 8080 from /www, with a page naming the version", () => {
    const deployment = parseAllDocuments(fs.readFileSync(path.join(TEMPLATE, 'apps/web/deployment.yaml'), 'utf8'))[0].toJS();
    const container = deployment.spec.template.spec.containers[0];
    expect(container.command).toEqual(['httpd', '-f', '-p', '8080', '-h', '/www']);
    const dockerfile = webDockerfile('1.1');
    expect(dockerfile).toContain('FROM scratch');
    expect(dockerfile).toContain('CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]');
    expect(dockerfile).toContain('<h1>berth-demo/web 1.1</h1>');
  });
});

describe('a busybox for images FROM scratch', () => {
  it.each([
    ['Debian busybox-static', '/bin/busybox', true],
    ['a dynamically linked program', '/bin/ls', false],
    ['a text file', '/etc/hostname', false],
  ])('%s (%s) is static: %s', (_, file, expected) => {
    expect(isStaticElf(fs.readFileSync(file))).toBe(expected);
  });
});

describe('mounts left under the lab folders', () => {
  it('are found deepest first, with escaped paths read back, and nothing outside the folders', () => {
    const mountinfo = [
      '22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw',
      '90 22 0:50 / /run/berth-lab/h1/docker/netns/abc rw shared:40 - nsfs nsfs rw',
      '91 22 0:51 / /var/lib/berth-lab/h1/docker/overlay2/x/merged rw - overlay overlay rw',
      '92 22 0:52 / /var/lib/berth-lab/h1/agent/secret\\040dir rw - tmpfs tmpfs rw',
      '93 22 0:53 / /var/lib/berth-lab-other/h1 rw - tmpfs tmpfs rw',
      '94 22 0:54 / /run/docker/netns/def rw - nsfs nsfs rw',
    ].join('\n');
    expect(mountsUnder(mountinfo, ['/var/lib/berth-lab', '/run/berth-lab'])).toEqual([
      '/var/lib/berth-lab/h1/docker/overlay2/x/merged',
      '/var/lib/berth-lab/h1/agent/secret dir',
      '/run/berth-lab/h1/docker/netns/abc',
    ]);
  });
});
