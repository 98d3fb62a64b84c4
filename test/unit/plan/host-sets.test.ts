import { describe, expect, it } from 'vitest';
import type { PodSpec } from 'kubernetes-types/core/v1';
import { hostSets } from '../../../src/plan';
import { objectUid } from '../../../src/controllers';
import type { KubeObject } from '../../../src/manifest';
import { pod } from '../controller/fixtures';

const obj = (kind: string, name: string, rest: Record<string, unknown> = {}, namespace: string | undefined = 'default'): KubeObject =>
  ({ apiVersion: 'v1', kind, metadata: { name, ...(namespace ? { namespace } : {}) }, ...rest }) as unknown as KubeObject;

const objects: KubeObject[] = [
  obj('ConfigMap', 'env-cm', { data: { a: '1' } }),
  obj('ConfigMap', 'from-cm', { data: { b: '2' } }),
  obj('ConfigMap', 'vol-cm', { data: { c: '3' } }),
  obj('ConfigMap', 'unused', { data: { d: '4' } }),
  obj('ConfigMap', 'env-cm', { data: { other: 'namespace' } }, 'blog'),
  obj('Secret', 'env-secret', { data: { s: 'MQ==' } }),
  obj('Secret', 'from-secret', { data: { s: 'Mg==' } }),
  obj('Secret', 'vol-secret', { data: { s: 'Mw==' } }),
  obj('Secret', 'pull', { type: 'kubernetes.io/dockerconfigjson', data: {} }),
  obj('PersistentVolumeClaim', 'by-name', { spec: { volumeName: 'pv-a' } }),
  obj('PersistentVolumeClaim', 'by-claim-ref', { spec: {} }),
  obj('PersistentVolume', 'pv-a', { spec: { hostPath: { path: '/a' } } }, undefined),
  obj('PersistentVolume', 'pv-b', { spec: { hostPath: { path: '/b' }, claimRef: { namespace: 'default', name: 'by-claim-ref' } } }, undefined),
  obj('PersistentVolume', 'pv-c', { spec: { hostPath: { path: '/c' } } }, undefined),
];

const names = (list: Array<{ metadata?: { name?: string } }>) => list.map((o) => o.metadata!.name).sort();

describe('hostSets', () => {
  it('groups pods by spec.nodeName and leaves out unbound pods and pods on hosts not listed', () => {
    const shares = hostSets([pod('a', { node: 'h1' }), pod('b', { node: 'h2' }), pod('c', { node: 'h1' }), pod('pending'), pod('gone', { node: 'h9' })], [], ['h1', 'h2']);
    expect([...shares.keys()]).toEqual(['h1', 'h2']);
    expect(names(shares.get('h1')!.pods)).toEqual(['a', 'c']);
    expect(names(shares.get('h2')!.pods)).toEqual(['b']);
  });

  it('gives every listed host a share, empty when it has no pods', () => {
    const share = hostSets([pod('a', { node: 'h1' })], objects, ['h1', 'h2']).get('h2')!;
    expect(share).toMatchObject({ pods: [], configMaps: [], secrets: [], persistentVolumes: [], persistentVolumeClaims: [] });
    expect(share.digest).toMatch(/^[0-9a-f]{32}$/);
  });

  it('gives a pod without a uid one derived from its name, and keeps a uid it has', () => {
    const [derived, kept] = hostSets([pod('a', { node: 'h1', namespace: 'shop' }), pod('b', { node: 'h1', uid: 'u-1' })], [], ['h1']).get('h1')!.pods;
    expect(derived.metadata?.uid).toBe(objectUid('Pod', 'shop', 'a'));
    expect(kept.metadata?.uid).toBe('u-1');
  });

  it.each<[string, Partial<PodSpec>, { configMaps?: string[]; secrets?: string[]; claims?: string[]; volumes?: string[] }]>([
    ['env valueFrom', { containers: [{ name: 'c', env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'env-cm', key: 'a' } } }, { name: 'S', valueFrom: { secretKeyRef: { name: 'env-secret', key: 's' } } }] }] }, { configMaps: ['env-cm'], secrets: ['env-secret'] }],
    ['envFrom', { containers: [{ name: 'c', envFrom: [{ configMapRef: { name: 'from-cm' } }, { secretRef: { name: 'from-secret' } }] }] }, { configMaps: ['from-cm'], secrets: ['from-secret'] }],
    ['an init container’s env', { initContainers: [{ name: 'i', envFrom: [{ configMapRef: { name: 'from-cm' } }] }] }, { configMaps: ['from-cm'] }],
    ['volumes', { volumes: [{ name: 'v', configMap: { name: 'vol-cm' } }, { name: 's', secret: { secretName: 'vol-secret' } }] }, { configMaps: ['vol-cm'], secrets: ['vol-secret'] }],
    ['imagePullSecrets', { imagePullSecrets: [{ name: 'pull' }] }, { secrets: ['pull'] }],
    ['a claim bound by spec.volumeName', { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'by-name' } }] }, { claims: ['by-name'], volumes: ['pv-a'] }],
    ['a claim bound by the volume’s claimRef', { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'by-claim-ref' } }] }, { claims: ['by-claim-ref'], volumes: ['pv-b'] }],
    ['a reference to an object that does not exist', { volumes: [{ name: 'v', configMap: { name: 'missing', optional: true } }] }, {}],
    ['nothing', {}, {}],
  ])('sends a host only the objects its pods reference through %s', (_, spec, want) => {
    const share = hostSets([pod('p', { node: 'h1', spec: { containers: [{ name: 'app', image: 'web:1' }], ...spec } })], objects, ['h1', 'h2']).get('h1')!;
    expect(names(share.configMaps)).toEqual(want.configMaps ?? []);
    expect(names(share.secrets)).toEqual(want.secrets ?? []);
    expect(names(share.persistentVolumeClaims)).toEqual(want.claims ?? []);
    expect(names(share.persistentVolumes)).toEqual(want.volumes ?? []);
  });

  it('resolves references in the pod’s own namespace', () => {
    const spec = { containers: [{ name: 'c', envFrom: [{ configMapRef: { name: 'env-cm' } }] }] };
    const shares = hostSets([pod('p', { node: 'h1', namespace: 'blog', spec })], objects, ['h1']);
    expect(shares.get('h1')!.configMaps).toEqual([objects[4]]);
  });

  it('sends an object a host’s pods share once, and not to hosts whose pods do not use it', () => {
    const spec = { containers: [{ name: 'c', envFrom: [{ secretRef: { name: 'env-secret' } }] }] };
    const shares = hostSets([pod('a', { node: 'h1', spec }), pod('b', { node: 'h1', spec }), pod('c', { node: 'h2' })], objects, ['h1', 'h2']);
    expect(names(shares.get('h1')!.secrets)).toEqual(['env-secret']);
    expect(shares.get('h2')!.secrets).toEqual([]);
  });

  describe('digest', () => {
    const spec = { containers: [{ name: 'c', image: 'web:1', envFrom: [{ configMapRef: { name: 'env-cm' } }] }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'by-name' } }] };
    const digest = (pods = [pod('a', { node: 'h1', spec })], objs = objects) => hostSets(pods, objs, ['h1']).get('h1')!.digest;
    const replace = (kind: string, name: string, change: Record<string, unknown>) =>
      objects.map((o) => (o.kind === kind && o.metadata.name === name && o.metadata.namespace !== 'blog' ? ({ ...o, ...change } as KubeObject) : o));

    it('is the same for equal input', () => {
      expect(digest()).toBe(digest(structuredClone([pod('a', { node: 'h1', spec })]), structuredClone(objects)));
    });

    it.each([
      ['a pod’s image', () => digest([pod('a', { node: 'h1', spec: { ...spec, containers: [{ ...spec.containers[0], image: 'web:2' }] } })])],
      ['a pod added', () => digest([pod('a', { node: 'h1', spec }), pod('b', { node: 'h1' })])],
      ['a ConfigMap’s data', () => digest(undefined, replace('ConfigMap', 'env-cm', { data: { a: '2' } }))],
      ['a claim', () => digest(undefined, replace('PersistentVolumeClaim', 'by-name', { spec: { volumeName: 'pv-c' } }))],
      ['a bound volume', () => digest(undefined, replace('PersistentVolume', 'pv-a', { spec: { hostPath: { path: '/elsewhere' } } }))],
    ])('changes when %s changes', (_, changed) => {
      expect(changed()).not.toBe(digest());
    });

    it('does not change when an object no pod of the host uses changes', () => {
      expect(digest(undefined, replace('ConfigMap', 'unused', { data: { d: '5' } }))).toBe(digest());
    });
  });
});
