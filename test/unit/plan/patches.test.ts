import jsonpatch, { type Operation } from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/manifest';
import { comparableObject, objectPatches, plan } from '../../../src/plan';
import { desiredPod, livePod, nodes, snapshot } from './fixtures';

const { applyPatch } = jsonpatch;

const deployment = (o: { replicas?: number; image?: string; labels?: Record<string, string> } = {}): KubeObject =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: o.labels ?? { app: 'web' } },
    spec: {
      replicas: o.replicas ?? 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: o.image ?? 'web:1.0' }] } },
    },
  }) as KubeObject;

/** As last applied, with what the server side adds. */
const asLive = (o: KubeObject): KubeObject =>
  ({
    ...o,
    metadata: { ...o.metadata, uid: 'u-1', resourceVersion: '42', generation: 3, creationTimestamp: '2024-05-01T12:00:00Z', managedFields: [{ manager: 'berth' }] },
    status: { replicas: 2, readyReplicas: 2 },
  }) as KubeObject;

const apply = (doc: object, patch: Operation[]) => applyPatch(structuredClone(doc), patch, true, false).newDocument;

describe('objectPatches', () => {
  it('turns the live object into the desired one, leaving status and server-set fields alone', () => {
    const live = asLive(deployment());
    const desired = deployment({ replicas: 3, image: 'web:1.1', labels: { app: 'web', tier: 'front' } });
    const [p] = objectPatches([desired], [live]);
    expect(p).toMatchObject({ kind: 'Deployment', namespace: 'default', name: 'web', op: 'update' });
    expect(apply(comparableObject(live), p.patch)).toEqual(comparableObject(desired));
    expect(p.patch.map((op) => op.path).sort()).toEqual(['/metadata/labels/tier', '/spec/replicas', '/spec/template/spec/containers/0/image']);
  });

  it('creates from {} and deletes down to {}', () => {
    const [create] = objectPatches([deployment()], []);
    expect(create.op).toBe('create');
    expect(apply({}, create.patch)).toEqual(comparableObject(deployment()));
    const [del] = objectPatches([], [asLive(deployment())]);
    expect(del.op).toBe('delete');
    expect(apply(comparableObject(asLive(deployment())), del.patch)).toEqual({});
  });

  it.each([
    ['only status and server-set fields differ', asLive(deployment())],
    ['only key order differs', { ...deployment(), metadata: { namespace: 'default', labels: { app: 'web' }, name: 'web' } } as KubeObject],
  ])('gives no patch when %s', (_name, live) => {
    expect(objectPatches([deployment()], [live])).toEqual([]);
  });

  it('leaves pods to the per-host plan', () => {
    expect(objectPatches([desiredPod('web') as KubeObject], [])).toEqual([]);
  });

  it('escapes keys with "/" as RFC 6901 says', () => {
    const desired = deployment({ labels: { app: 'web', 'app.kubernetes.io/part-of': 'shop' } });
    const [p] = objectPatches([desired], [deployment()]);
    expect(p.patch).toEqual([{ op: 'add', path: '/metadata/labels/app.kubernetes.io~1part-of', value: 'shop' }]);
  });
});

describe('plan: patches', () => {
  const configMap = (name: string, data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data }) as KubeObject;

  it('covers objects when desired objects are given, sorted by kind, namespace, name, with pod replacements', () => {
    const desired = desiredPod('web', { host: 'h1', image: 'web:1.1' });
    const live = livePod('web', 'h1');
    const p = plan({
      desiredPods: [desired],
      nodes: nodes('h1'),
      live: { ...snapshot({ h1: [live] }), objects: [configMap('old', {}), asLive(deployment())] },
      desiredObjects: [deployment({ replicas: 5 }), configMap('new', { a: '1' })],
    });
    expect(p.patches.map((x) => `${x.op} ${x.kind} ${x.name}`)).toEqual(['create ConfigMap new', 'delete ConfigMap old', 'update Deployment web', 'update Pod web']);
    const podPatch = p.patches[3].patch;
    expect(podPatch).toEqual([{ op: 'replace', path: '/spec/containers/0/image', value: 'web:1.1' }]);
    expect(apply(comparableObject(live as KubeObject), podPatch)).toEqual(comparableObject(desired as KubeObject));
  });

  it('takes what an agent leaves implicit (apiVersion, kind, namespace, nodeName) as no change', () => {
    const { apiVersion: _v, kind: _k, ...bare } = livePod('web', 'h1');
    delete bare.metadata!.namespace;
    delete bare.spec!.nodeName;
    const p = plan({ desiredPods: [desiredPod('web', { host: 'h1', image: 'web:2' })], nodes: nodes('h1'), live: snapshot({ h1: [bare] }) });
    expect(p.patches[0].patch).toEqual([{ op: 'replace', path: '/spec/containers/0/image', value: 'web:2' }]);
  });

  it('gives no object patches when no desired objects are given', () => {
    const p = plan({ desiredPods: [], nodes: [], live: { hosts: [], objects: [configMap('old', {})] } });
    expect(p.patches).toEqual([]);
  });
});
