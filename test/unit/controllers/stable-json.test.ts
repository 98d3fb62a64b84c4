import { describe, expect, it } from 'vitest';
import { stableStringify } from '../../../src/controllers';

/** JSON.stringify with keys sorted at every level: what stableStringify must produce. */
function reference(value: unknown): string {
  return JSON.stringify(value, (_, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  );
}

describe('stableStringify', () => {
  it.each<[string, unknown]>([
    ['nested objects with unsorted keys', { b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } }],
    ['strings that need escaping', { s: 'quote " backslash \\ newline \n tab \t nul \u0000 é 😀 lone \ud800' }],
    ['keys that need escaping', { 'a"b': 1, 'metadata.annotations[\'x\']': 2 }],
    ['numbers', { int: 30, neg: -1, float: 0.5, big: 1e21, zero: -0, nan: NaN, inf: Infinity }],
    ['booleans and null', { t: true, f: false, n: null }],
    ['undefined and functions in objects and arrays', { u: undefined, f: () => 1, a: [undefined, () => 1, 1] }],
    ['empty containers', { o: {}, a: [] }],
    ['values with toJSON', { d: new Date(0), custom: { toJSON: () => ({ b: 2, a: 1 }) }, gone: { toJSON: () => undefined } }],
  ])('writes %s like JSON.stringify with sorted keys', (_, value) => {
    expect(stableStringify(value)).toBe(reference(value));
    expect(JSON.parse(stableStringify(value))).toEqual(JSON.parse(reference(value)));
  });

  it('gives the same text whatever the order keys were written in', () => {
    expect(stableStringify({ a: 1, b: { c: 2, d: 3 } })).toBe(stableStringify({ b: { d: 3, c: 2 }, a: 1 }));
  });
});
