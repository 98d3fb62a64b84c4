import { describe, expect, it } from 'vitest';
import { parseDesiredSet } from '../../../../src/agent/state';

const pod = (metadata: Record<string, unknown>) => ({ metadata, spec: { containers: [{ name: 'web', image: 'busybox' }] } });
const valid = {
  generation: 3,
  pods: [pod({ name: 'web', namespace: 'default', uid: 'u1' })],
  configMaps: [{ metadata: { name: 'c', namespace: 'default' }, data: { a: 'b' } }],
  secrets: [],
};

describe('a desired set', () => {
  it('is accepted with its fields untouched, unknown fields included', () => {
    const body = { ...valid, pods: [{ ...valid.pods[0], status: { phase: 'Pending' } }] };
    const parsed = parseDesiredSet(body);
    expect(parsed).toEqual({ ok: true, set: body });
  });

  it.each([
    ['generation missing', { ...valid, generation: undefined }, 'generation: is required'],
    ['generation negative', { ...valid, generation: -1 }, 'generation: must be a non-negative integer'],
    ['generation fractional', { ...valid, generation: 1.5 }, 'generation: must be a non-negative integer'],
    ['generation a string', { ...valid, generation: '3' }, 'generation: must be a non-negative integer'],
    ['pods not an array', { ...valid, pods: {} }, 'pods: must be an array'],
    ['secrets missing', { ...valid, secrets: undefined }, 'secrets: is required'],
    ['a pod without uid', { ...valid, pods: [pod({ name: 'web', namespace: 'default' })] }, 'pods[0].metadata.uid: is required'],
    ['a pod with an empty name', { ...valid, pods: [pod({ name: '', namespace: 'd', uid: 'u' })] }, 'pods[0].metadata.name: must be a non-empty string'],
    ['a pod without containers', { ...valid, pods: [{ metadata: { name: 'a', namespace: 'b', uid: 'c' }, spec: { containers: [] } }] }, 'pods[0].spec.containers: must have at least one container'],
    ['a configMap without namespace', { ...valid, configMaps: [{ metadata: { name: 'c' } }] }, 'configMaps[0].metadata.namespace: is required'],
    ['a configMap value not a string', { ...valid, configMaps: [{ metadata: { name: 'c', namespace: 'd' }, data: { a: 1 } }] }, 'configMaps[0].data.a: must be a string'],
  ])('is refused when %s, naming the field', (_name, body, message) => {
    const parsed = parseDesiredSet(body);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues.map((i) => `${i.path}: ${i.message}`)).toContain(message);
  });

  it('is refused when it is not an object at all', () => {
    expect(parseDesiredSet([]).ok).toBe(false);
    expect(parseDesiredSet(null).ok).toBe(false);
  });
});
