import { describe, expect, it } from 'vitest';
import { ANNOTATIONS_MAX_BYTES, validateAnnotations, validateLabels } from '../../../src/manifest/labels';

describe('validateLabels', () => {
  it('accepts Kubernetes-style labels', () => {
    expect(validateLabels({ app: 'web', 'app.kubernetes.io/name': 'web', tier: '', 'example.com/v': 'A_1.b' }, ['metadata', 'labels'])).toEqual([]);
  });

  it.each([
    ['bad key', { 'my app': 'x' }, 'my app', /invalid label key "my app"/],
    ['bad prefix', { 'Example.com/a': 'x' }, 'Example.com/a', /prefix part/],
    ['too long value', { app: 'a'.repeat(64) }, 'app', /must be no more than 63 characters/],
    ['bad value', { app: 'web server' }, 'app', /invalid label value "web server"/],
  ])('reports a %s with its path', (_what, labels, key, message) => {
    const issues = validateLabels(labels, ['metadata', 'labels']);
    expect(issues[0].path).toEqual(['metadata', 'labels', key]);
    expect(issues[0].message).toMatch(message);
  });
});

describe('validateAnnotations', () => {
  it('accepts upper-case keys and long values', () => {
    expect(validateAnnotations({ 'example.com/Owner': 'x'.repeat(10_000) }, ['metadata', 'annotations'])).toEqual([]);
  });

  it('refuses more than 256 KiB in total', () => {
    const issues = validateAnnotations({ a: 'x'.repeat(ANNOTATIONS_MAX_BYTES) }, ['metadata', 'annotations']);
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toEqual(['metadata', 'annotations']);
    expect(issues[0].message).toMatch(/at most 262144 bytes/);
  });

  it('refuses invalid keys', () => {
    expect(validateAnnotations({ 'a/b/c': 'x' }, ['metadata', 'annotations'])[0].message).toMatch(/invalid annotation key/);
  });
});
