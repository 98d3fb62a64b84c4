import { describe, expect, it } from 'vitest';
import { isDigestRef, missingImages, normalizeImageRef } from '../../../src/fleet/images-refs';

describe('image references', () => {
  it.each([
    ['busybox', 'docker.io/library/busybox:latest'],
    ['busybox:1.36', 'docker.io/library/busybox:1.36'],
    ['library/busybox', 'docker.io/library/busybox:latest'],
    ['docker.io/library/busybox:latest', 'docker.io/library/busybox:latest'],
    ['index.docker.io/library/busybox', 'docker.io/library/busybox:latest'],
    ['berth-test/busybox:1', 'docker.io/berth-test/busybox:1'],
    ['localhost/web', 'localhost/web:latest'],
    ['registry.lab:5000/team/web:2', 'registry.lab:5000/team/web:2'],
    ['10.77.0.1:5000/web', '10.77.0.1:5000/web:latest'],
    ['web@sha256:abc', 'docker.io/library/web@sha256:abc'],
    [`sha256:${'a'.repeat(64)}`, `sha256:${'a'.repeat(64)}`],
  ])('%s is %s', (ref, normalized) => {
    expect(normalizeImageRef(ref)).toBe(normalized);
  });

  it('tells a digest reference', () => {
    expect(isDigestRef('web@sha256:abc')).toBe(true);
    expect(isDigestRef('web:1')).toBe(false);
  });
});

describe('the images a host lacks', () => {
  const host = [{ names: ['busybox:latest', 'sha256:1'] }, { names: ['berth-test/web:1'] }];

  it('compares names as Docker does, and lists each lacking image once', () => {
    expect(missingImages(['busybox', 'docker.io/berth-test/web:1', 'web:2', 'web:2', 'docker.io/library/web:2', 'db'], host)).toEqual(['web:2', 'db']);
  });

  it('lacks nothing when nothing is wanted', () => {
    expect(missingImages([], host)).toEqual([]);
  });
});
