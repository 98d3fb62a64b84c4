import { describe, expect, it } from 'vitest';
import { ANNOTATION_SPEC_HASH } from '../../../src/manifest';
import { podSpecHash, specHashOf } from '../../../src/plan';
import { desiredPod } from './fixtures';

describe('podSpecHash', () => {
  const base = desiredPod('web');

  it('is 16 hex digits and stable', () => {
    expect(podSpecHash(base)).toMatch(/^[0-9a-f]{16}$/);
    expect(podSpecHash(desiredPod('web'))).toBe(podSpecHash(base));
  });

  it('ignores key order and where the pod runs', () => {
    const reordered = { ...base, spec: { restartPolicy: base.spec!.restartPolicy, containers: [{ image: 'web:1.0', name: 'web' }], nodeName: 'h3' } };
    expect(podSpecHash(reordered)).toBe(podSpecHash(base));
  });

  it('ignores metadata: labels do not restart a pod', () => {
    expect(podSpecHash({ ...base, metadata: { name: 'web', labels: { tier: 'x' } } })).toBe(podSpecHash(base));
  });

  it('changes with any spec change', () => {
    expect(podSpecHash(desiredPod('web', { image: 'web:1.1' }))).not.toBe(podSpecHash(base));
    expect(podSpecHash(desiredPod('web', { env: { A: '1' } }))).not.toBe(podSpecHash(base));
  });

  it('specHashOf prefers the annotation the controller stamped', () => {
    expect(specHashOf({ ...base, metadata: { name: 'web', annotations: { [ANNOTATION_SPEC_HASH]: 'abc' } } })).toBe('abc');
    expect(specHashOf(base)).toBe(podSpecHash(base));
  });
});
