import { describe, expect, it } from 'vitest';
import { loadManifests, type ManifestFile } from '../../../src/manifest';
import { unsupportedKind } from '../../../src/manifest/unsupported-kind';

const file = (path: string, text: string): ManifestFile => ({ path, content: new TextEncoder().encode(text) });
const WEB = file('web.yaml', `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers: [{ name: web, image: nginx, envFrom: [{ secretRef: { name: web-env } }] }]
`);

describe('loadManifests on files that are not a whole cluster repo', () => {
  it('stands in the default cluster settings and no hosts for a missing cluster.yaml and hosts.yaml, and says so', () => {
    const { state, defaulted, errors } = loadManifests([WEB], { defaultsForMissing: true, allowMissingReferences: true });
    expect(errors).toEqual([]);
    expect(defaulted).toEqual(['cluster.yaml', 'hosts.yaml']);
    expect(state?.cluster.object.spec.network.nodePortRange).toBe('30000-32767');
    expect(state?.nodes).toEqual([]);
    expect(state?.objects.map((o) => o.object.metadata.name)).toEqual(['web']);
  });

  it('still refuses references to objects not among the files unless they are allowed', () => {
    const { errors } = loadManifests([WEB], { defaultsForMissing: true });
    expect(errors.map((e) => [e.code, e.data.field])).toEqual([
      ['NamespaceNotFound', 'metadata.namespace'],
      ['ReferenceNotFound', 'spec.containers[0].envFrom[0].secretRef.name'],
    ]);
  });

  it('reports a missing cluster.yaml and hosts.yaml of a cluster repo, as before', () => {
    const { state, errors } = loadManifests([WEB], { allowMissingReferences: true });
    expect(state).toBeUndefined();
    expect(errors.map((e) => e.data.file)).toEqual(['cluster.yaml', 'hosts.yaml']);
  });
});

describe('unsupportedKind: what to say of a kind Berth does not run', () => {
  it.each([
    ['a custom resource', 'monitoring.coreos.com/v1', 'ServiceMonitor', 'kind', /is a custom resource \(API group monitoring\.coreos\.com\)/],
    ["a custom resource named like one of Berth's kinds", 'cluster.x-k8s.io/v1beta1', 'Cluster', 'kind', /is a custom resource/],
    ['a supported kind at an old version', 'extensions/v1beta1', 'Deployment', 'apiVersion', /use apiVersion apps\/v1 for Deployment$/],
    ['a Kubernetes kind Berth does not run', 'apps/v1', 'StatefulSet', 'kind', /StatefulSet is not supported by Berth; supported kinds: ConfigMap, /],
  ])('%s', (_, apiVersion, kind, field, message) => {
    const said = unsupportedKind(apiVersion, kind);
    expect(said.field).toBe(field);
    expect(said.problem).toMatch(message);
    expect(said.problem).not.toMatch(/berth\.dev/);
    expect(said.problem).not.toMatch(/\bInventory\b|, Cluster,/);
  });
});
