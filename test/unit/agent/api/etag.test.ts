import type { Event, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { etagOf, hostFactsVersion, knownVersions, podListVersion, watchFromQuery, weakEtagOf } from '../../../../src/agent/api';
import { hostFacts } from '../../controller/fixtures';

const pod = (name: string, ready: string): Pod => ({
  metadata: { namespace: 'default', name },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready, lastTransitionTime: '2024-05-01T10:00:00Z' }] },
});

const unhealthy = (count: number): Event => ({
  metadata: { namespace: 'default', name: 'web.1' },
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'web' },
  reason: 'Unhealthy',
  message: 'Readiness probe failed: 500',
  count,
});

describe('a report’s resourceVersion', () => {
  const base = { generation: 3, items: [pod('web', 'True')] };

  it('is the same for the same report, computed again from equal objects', () => {
    expect(podListVersion({ generation: 3, items: [pod('web', 'True')] })).toBe(podListVersion(base));
  });

  it.each([
    ['a new generation', { ...base, generation: 4 }],
    ['a readiness that flipped', { ...base, items: [pod('web', 'False')] }],
    ['one more pod', { ...base, items: [pod('web', 'True'), pod('api', 'True')] }],
    ['no pods', { ...base, items: [] }],
    ['an event', { ...base, events: [unhealthy(1)] }],
  ])('changes with %s', (_, other) => {
    expect(podListVersion(other)).not.toBe(podListVersion(base));
  });

  it('changes with a repeated event’s bumped count, and not with an equal list of events', () => {
    const once = { ...base, events: [unhealthy(1)] };
    expect(podListVersion({ ...base, events: [unhealthy(2)] })).not.toBe(podListVersion(once));
    expect(podListVersion({ ...base, events: [unhealthy(1)] })).toBe(podListVersion(once));
    expect(podListVersion({ ...base, events: [] })).toBe(podListVersion(base));
  });

  it('is sent as a strong ETag', () => {
    expect(etagOf('abc')).toBe('"abc"');
  });
});

describe('If-None-Match', () => {
  it.each<[string, string | string[] | undefined, string, boolean]>([
    ['no header knows nothing', undefined, 'abc', false],
    ['the same strong tag', '"abc"', 'abc', true],
    ['another tag', '"abd"', 'abc', false],
    ['a weak tag, compared weakly', 'W/"abc"', 'abc', true],
    ['one of a list', '"x", "abc"', 'abc', true],
    ['a header given twice', ['"x"', '"abc"'], 'abc', true],
    ['any (*)', '*', 'abc', true],
    ['an empty header', '', 'abc', false],
  ])('%s', (_, header, version, known) => {
    expect(knownVersions(header)(version)).toBe(known);
  });
});

describe('watch parameters', () => {
  it.each([
    ['', { watch: false, timeoutSeconds: 30 }],
    ['watch=true', { watch: true, timeoutSeconds: 30 }],
    ['watch=1&timeoutSeconds=5', { watch: true, timeoutSeconds: 5 }],
    ['watch=false&timeoutSeconds=60', { watch: false, timeoutSeconds: 60 }],
  ])('?%s reads as %j', (query, options) => {
    expect(watchFromQuery(new URLSearchParams(query))).toEqual(options);
  });

  it.each([
    ['timeoutSeconds=61', 'timeoutSeconds: must be at most 60, not "61"'],
    ['timeoutSeconds=0', 'timeoutSeconds: must be an integer of at least 1, not "0"'],
    ['timeoutSeconds=-5', 'timeoutSeconds: must be an integer of at least 1, not "-5"'],
    ['timeoutSeconds=soon', 'timeoutSeconds: must be an integer of at least 1, not "soon"'],
    ['watch=maybe', 'watch: must be true or false, not "maybe"'],
  ])('?%s is refused, naming the parameter', (query, message) => {
    expect(() => watchFromQuery(new URLSearchParams(query))).toThrow(message);
    try {
      watchFromQuery(new URLSearchParams(query));
    } catch (err) {
      expect(err).toMatchObject({ code: 'BadRequest' });
    }
  });
});

describe('a host’s facts version (GET /v1/host)', () => {
  const base = hostFacts();
  it('stays while only free memory and free disk move: the controller reads neither', () => {
    const moved = { ...base, memory: { ...base.memory, freeBytes: 1 }, disk: { ...base.disk, freeBytes: 2 } };
    expect(hostFactsVersion(moved)).toBe(hostFactsVersion(base));
  });

  it.each([
    ['an image loaded', { images: [{ names: ['web:2'], sizeBytes: 1 }] }],
    ['the runtime down', { runtime: { ready: false, reason: 'ContainerRuntimeDown', message: 'docker does not answer' } }],
    ['another agent version', { agentVersion: '0.2.0' }],
    ['more memory', { memory: { totalBytes: 8 * 2 ** 30, freeBytes: base.memory.freeBytes } }],
  ])('changes with %s', (_, change) => {
    expect(hostFactsVersion({ ...base, ...change })).not.toBe(hostFactsVersion(base));
  });

  it('is sent as a weak ETag, which If-None-Match matches', () => {
    const version = hostFactsVersion(base);
    expect(weakEtagOf(version)).toBe(`W/"${version}"`);
    expect(knownVersions(weakEtagOf(version))(version)).toBe(true);
  });
});
