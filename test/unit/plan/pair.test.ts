import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/manifest';
import { pairObjects } from '../../../src/plan';

const obj = (kind: string, name: string, namespace?: string, extra: object = {}): KubeObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
  ...extra,
});

describe('pairObjects', () => {
  it('pairs by kind, namespace and name: desired only, live only, or both', () => {
    const desired = [obj('ConfigMap', 'web', 'default', { data: { a: '2' } }), obj('Service', 'web', 'default')];
    const live = [obj('ConfigMap', 'web', 'default', { data: { a: '1' } }), obj('ConfigMap', 'web', 'tools')];
    expect(pairObjects(desired, live)).toEqual([
      { key: { kind: 'ConfigMap', namespace: 'default', name: 'web' }, desired: desired[0], live: live[0] },
      { key: { kind: 'ConfigMap', namespace: 'tools', name: 'web' }, live: live[1] },
      { key: { kind: 'Service', namespace: 'default', name: 'web' }, desired: desired[1] },
    ]);
  });

  it('sorts by kind, then namespace (cluster-scoped first), then name, whatever the input order', () => {
    const objects = [obj('Service', 'a', 'x-y'), obj('Service', 'b', 'x'), obj('Namespace', 'x'), obj('Service', 'a', 'x'), obj('Deployment', 'z', 'a')];
    const keys = pairObjects(objects, []).map((p) => `${p.key.kind} ${p.key.namespace ?? '-'} ${p.key.name}`);
    expect(keys).toEqual(['Deployment a z', 'Namespace - x', 'Service x a', 'Service x b', 'Service x-y a']);
    expect(pairObjects([...objects].reverse(), []).map((p) => p.key)).toEqual(pairObjects(objects, []).map((p) => p.key));
  });

  it('does not pair objects of different kinds with the same name', () => {
    expect(pairObjects([obj('Secret', 'web', 'default')], [obj('ConfigMap', 'web', 'default')])).toHaveLength(2);
  });
});
