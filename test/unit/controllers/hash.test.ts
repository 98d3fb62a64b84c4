import { describe, expect, it } from 'vitest';
import { computeHash, fnv1a32, nameSuffix, safeEncodeString, SAFE_ALPHABET, stableStringify } from '../../../src/controllers';
import { podSpec, template } from './fixtures';

describe('fnv1a32', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('hashes %j to the published FNV-1a test vector', (input, expected) => {
    expect(fnv1a32(input)).toBe(expected);
  });

  it('hashes a string by its UTF-8 bytes', () => {
    expect(fnv1a32('é')).toBe(fnv1a32(new Uint8Array([0xc3, 0xa9])));
  });

  it('continues a hash from a seed, like further writes to a Go hasher', () => {
    expect(fnv1a32('bar', fnv1a32('foo'))).toBe(fnv1a32('foobar'));
  });
});

describe('safeEncodeString', () => {
  it('maps each character to the alphabet by its code modulo 27, as rand.SafeEncodeString', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });
});

describe('computeHash', () => {
  const base = template({ app: 'web' });

  it('is SafeEncodeString of the FNV-1a of the key-sorted JSON of the template', () => {
    expect(computeHash(base)).toBe(safeEncodeString(String(fnv1a32(stableStringify(base)))));
  });

  it('gives the same hash for the same template', () => {
    expect(computeHash(template({ app: 'web' }))).toBe(computeHash(base));
  });

  it('ignores the order in which keys were written', () => {
    const spec = podSpec();
    const reordered = Object.fromEntries(Object.entries(spec).reverse()) as typeof spec;
    expect(computeHash({ spec: reordered, metadata: { labels: { app: 'web' } } })).toBe(computeHash(base));
  });

  it.each([
    ['the image', template({ app: 'web' }, podSpec('registry.local/web:1.1'))],
    ['a label', template({ app: 'web', tier: 'front' })],
    ['an annotation', { ...base, metadata: { ...base.metadata, annotations: { 'kubectl.kubernetes.io/restartedAt': 'now' } } }],
    ['the grace period', template({ app: 'web' }, podSpec(undefined, { terminationGracePeriodSeconds: 10 }))],
    ['a container port', template({ app: 'web' }, { ...podSpec(), containers: [{ ...podSpec().containers[0], ports: [] }] })],
  ])('gives a new hash when %s changes', (_, changed) => {
    expect(computeHash(changed)).not.toBe(computeHash(base));
  });

  it('leaves the template’s own pod-template-hash label out', () => {
    expect(computeHash(template({ app: 'web', 'pod-template-hash': 'abc' }))).toBe(computeHash(base));
  });

  it('changes with collisionCount, and collisionCount 0 differs from none', () => {
    const hashes = new Set([computeHash(base), computeHash(base, 0), computeHash(base, 1)]);
    expect(hashes.size).toBe(3);
  });

  it('encodes the decimal uint32 with the safe alphabet, so only the ten digit images appear', () => {
    for (let i = 0; i < 50; i++) expect(computeHash(template({ app: `web-${i}` }))).toMatch(/^[456789bcdf]{1,10}$/);
  });
});

describe('nameSuffix', () => {
  it('is five characters of the safe alphabet, stable for the same key', () => {
    const suffix = nameSuffix('default/web-5d8f/0');
    expect(suffix).toHaveLength(5);
    for (const c of suffix) expect(SAFE_ALPHABET).toContain(c);
    expect(nameSuffix('default/web-5d8f/0')).toBe(suffix);
    expect(nameSuffix('default/web-5d8f/1')).not.toBe(suffix);
  });
});
