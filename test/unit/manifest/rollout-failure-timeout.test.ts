// The rollout failure timeout's two settings, as a person writes them: cluster.yaml's spec.rollouts.failureTimeout
// (default 1m) and a Deployment's berth.dev/rollout-failure-timeout annotation; mistakes are reported at their line.
import { describe, expect, it } from 'vitest';
import { loadManifests } from '../../../src/manifest';

const HOSTS = 'apiVersion: berth.dev/v1\nkind: Inventory\nhosts:\n  - { name: h1, address: 10.0.0.1 }\n';
const cluster = (rollouts = '') => `apiVersion: berth.dev/v1\nkind: Cluster\nmetadata: { name: t }\nspec:\n${rollouts}  sync: { ref: main }\n`;
const deployment = (annotation = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
${annotation ? `  annotations:\n    berth.dev/rollout-failure-timeout: "${annotation}"\n` : ''}spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: "web:1" }]
`;

function load(clusterYaml: string, deploymentYaml = deployment()) {
  return loadManifests([
    { path: 'cluster.yaml', content: Buffer.from(clusterYaml) },
    { path: 'hosts.yaml', content: Buffer.from(HOSTS) },
    { path: 'apps/web.yaml', content: Buffer.from(deploymentYaml) },
  ]);
}

describe('the rollout failure timeout settings', () => {
  it('defaults cluster.yaml spec.rollouts.failureTimeout to 1m, and takes a duration or 0', () => {
    expect(load(cluster()).state!.cluster.object.spec.rollouts).toEqual({ failureTimeout: '1m' });
    expect(load(cluster('  rollouts: { failureTimeout: 90s }\n')).state!.cluster.object.spec.rollouts.failureTimeout).toBe('90s');
    expect(load(cluster('  rollouts: { failureTimeout: "0" }\n')).errors).toEqual([]);
    expect(load(cluster(), deployment('2m30s')).errors).toEqual([]);
  });

  it('reports a bad cluster.yaml value with its file, line and field', () => {
    const { errors } = load(cluster('  rollouts:\n    failureTimeout: soon\n'));
    expect(errors.map((e) => e.message)).toEqual([
      'cluster.yaml:6:5 Cluster t spec.rollouts.failureTimeout: "soon" is not a duration: use a number with a unit (ms, s, m, h), e.g. 30s, 5m, 1h30m; how long a new pod may fail to start before its rollout rolls back (0: only progressDeadlineSeconds)',
    ]);
  });

  it('reports a bad annotation with its file, line and field', () => {
    const { errors } = load(cluster(), deployment('-5s'));
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/^apps\/web\.yaml:7:\d+ Deployment default\/web metadata\.annotations\["berth\.dev\/rollout-failure-timeout"\]: must not be negative, got -5s; /);
  });
});
