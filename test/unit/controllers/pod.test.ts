import { describe, expect, it } from 'vitest';
import { podSpecHash, reconcilePod } from '../../../src/controllers';
import { pod, podSpec } from './fixtures';

describe('podSpecHash', () => {
  const spec = podSpec();

  it('is the same for the same spec, whatever its key order', () => {
    const reordered = Object.fromEntries(Object.entries(spec).reverse()) as typeof spec;
    expect(podSpecHash(reordered)).toBe(podSpecHash(spec));
  });

  it('changes with anything that changes how the pod runs', () => {
    expect(podSpecHash(podSpec('registry.local/web:2.0'))).not.toBe(podSpecHash(spec));
    expect(podSpecHash({ ...spec, terminationGracePeriodSeconds: 5 })).not.toBe(podSpecHash(spec));
  });

  it('ignores the node the pod is bound to', () => {
    expect(podSpecHash({ ...spec, nodeName: 'h1' })).toBe(podSpecHash(spec));
  });

  it('ignores labels and annotations unless the containers read them through the downward API', () => {
    expect(podSpecHash(spec, { app: 'a' }, { note: 'x' })).toBe(podSpecHash(spec, { app: 'b' }, { note: 'y' }));
    const reads = { ...spec, containers: [{ ...spec.containers[0], env: [{ name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } }] }] };
    expect(podSpecHash(reads, { app: 'a' })).not.toBe(podSpecHash(reads, { app: 'b' }));
    expect(podSpecHash(reads, { app: 'a' }, { note: 'x' })).toBe(podSpecHash(reads, { app: 'a' }, { note: 'y' }));
  });
});

describe('reconcilePod', () => {
  it('passes a bare pod through with the spec-hash annotation, leaving the input untouched', () => {
    const bare = pod('debug', { app: 'debug' });
    bare.metadata!.annotations = { owner: 'ops' };
    const desired = reconcilePod(bare);
    expect(desired.metadata.annotations).toEqual({ owner: 'ops', 'berth.dev/spec-hash': podSpecHash(bare.spec!) });
    expect(bare.metadata!.annotations).toEqual({ owner: 'ops' });
    expect(desired.spec).toBe(bare.spec);
  });
});
