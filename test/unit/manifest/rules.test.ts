import { describe, expect, it } from 'vitest';
import { kindSpecs, nodePortIssues, podSecurityIssues } from '../../../src/manifest';
import type { Service } from 'kubernetes-types/core/v1';
import { manifest } from './fixtures';

type Obj = Record<string, any>;
const specOf = (kind: string) => [...kindSpecs.values()].find((k) => k.kind === kind)!;

describe('rules across cluster.yaml and the workloads', () => {
  const closed = { allowPrivileged: false, allowHostPath: false, allowHostNetwork: false };

  it('refuses privileged containers, hostPath volumes and host networking unless cluster.yaml allows them', () => {
    const d = manifest('Deployment') as Obj;
    const pod = d.spec.template.spec;
    pod.hostNetwork = true;
    pod.volumes.push({ name: 'logs', hostPath: { path: '/var/log' } });
    pod.containers[0].securityContext = { privileged: true };
    const issues = podSecurityIssues(d, closed);
    expect(issues.map((i) => i.path.join('.'))).toEqual([
      'spec.template.spec.hostNetwork',
      'spec.template.spec.volumes.2.hostPath',
      'spec.template.spec.containers.0.securityContext.privileged',
    ]);
    expect(issues[0].message).toMatch(/set spec.security.allowHostNetwork: true in cluster.yaml/);
    expect(podSecurityIssues(d, { allowPrivileged: true, allowHostPath: true, allowHostNetwork: true })).toEqual([]);
  });

  it('keeps node ports inside the cluster’s range', () => {
    const svc = manifest('Service') as Obj;
    svc.spec.type = 'NodePort';
    svc.spec.ports[0].nodePort = 8080;
    expect(specOf('Service').validate(svc)).toEqual([]);
    const issues = nodePortIssues(svc as Service, { min: 30000, max: 32767 });
    expect(issues[0].path).toEqual(['spec', 'ports', 0, 'nodePort']);
    expect(issues[0].message).toMatch(/node port range 30000-32767/);
  });
});

describe('manifests as people write them', () => {
  it('accepts empty fields (YAML `field:` with nothing after it) as unset', () => {
    const d = manifest('Deployment') as Obj;
    d.metadata.annotations = null;
    d.spec.template.spec.tolerations = null;
    d.spec.template.spec.containers[0].env = null;
    expect(specOf('Deployment').validate(d)).toEqual([]);
  });

  it('accepts what kubectl create --dry-run writes', () => {
    const d = manifest('Deployment') as Obj;
    d.metadata.creationTimestamp = null;
    d.spec.template.metadata.creationTimestamp = null;
    d.spec.strategy = {};
    d.spec.template.spec.containers[0].resources = {};
    d.status = {};
    expect(specOf('Deployment').validate(d)).toEqual([]);
  });

  it('accepts numbers as quantities, as the API server does', () => {
    const d = manifest('Deployment') as Obj;
    d.spec.template.spec.containers[0].resources = { requests: { cpu: 0.5 }, limits: { cpu: 1 } };
    expect(specOf('Deployment').validate(d)).toEqual([]);
  });

  it('accepts an inventory without metadata, as in DESIGN.md', () => {
    const inv = manifest('Inventory');
    expect(inv.metadata).toBeUndefined();
    expect(specOf('Inventory').validate(inv)).toEqual([]);
  });
});
