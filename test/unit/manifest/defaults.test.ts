import { describe, expect, it } from 'vitest';
import { kindSpecs } from '../../../src/manifest';
import { defaultPullPolicy, imageTag } from '../../../src/manifest/defaults/pod';
import { manifest } from './fixtures';

type Obj = Record<string, any>;

function defaulted(kind: string, change: (o: Obj) => void = () => {}): Obj {
  const spec = [...kindSpecs.values()].find((k) => k.kind === kind)!;
  const o = manifest(kind) as Obj;
  change(o);
  expect(spec.validate(o)).toEqual([]);
  return spec.defaults(o as never) as Obj;
}

const podOf = (o: Obj) => o.spec.template.spec;

describe('Kubernetes defaults', () => {
  it('puts namespaced objects in the default namespace', () => {
    expect(defaulted('ConfigMap', (o) => delete o.metadata.namespace).metadata.namespace).toBe('default');
    expect(defaulted('PriorityClass').metadata.namespace).toBeUndefined();
  });

  it('defaults a Deployment like apps/v1', () => {
    const d = defaulted('Deployment', (o) => delete o.spec.replicas);
    expect(d.spec).toMatchObject({
      replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      minReadySeconds: 0,
    });
    expect(podOf(d)).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30 });
  });

  it('adds no rolling update parameters to a Recreate Deployment', () => {
    expect(defaulted('Deployment', (o) => (o.spec.strategy = { type: 'Recreate' })).spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('defaults a DaemonSet to roll one host at a time', () => {
    expect(defaulted('DaemonSet').spec).toMatchObject({
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    });
  });

  it('defaults a ReplicaSet to one replica', () => {
    expect(defaulted('ReplicaSet', (o) => delete o.spec.replicas).spec.replicas).toBe(1);
  });

  it.each([
    ['neither set', {}, { completions: 1, parallelism: 1 }],
    ['parallelism only', { parallelism: 3 }, { parallelism: 3 }],
    ['completions only', { completions: 5 }, { completions: 5, parallelism: 1 }],
  ])('defaults a Job with %s', (_what, given, want) => {
    const j = defaulted('Job', (o) => Object.assign(o.spec, given));
    expect(j.spec).toMatchObject({ ...want, backoffLimit: 2, completionMode: 'NonIndexed', suspend: false });
    if (!('completions' in want)) expect(j.spec.completions).toBeUndefined();
  });

  it('gives a Job backoffLimit 6 and its template labels', () => {
    const j = defaulted('Job', (o) => delete o.spec.backoffLimit);
    expect(j.spec.backoffLimit).toBe(6);
    expect(j.metadata.labels).toEqual({ app: 'migrate' });
    expect(podOf(j).restartPolicy).toBe('OnFailure');
  });

  it('defaults a CronJob', () => {
    const cj = defaulted('CronJob', (o) => delete o.spec.concurrencyPolicy);
    expect(cj.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(cj.spec.jobTemplate.spec.template.spec).toMatchObject({ dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30 });
  });

  it('defaults containers, ports and probes', () => {
    const c = podOf(defaulted('Deployment')).containers[0];
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    expect(c.ports[0].protocol).toBe('TCP');
    expect(c.readinessProbe).toMatchObject({ timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3, httpGet: { scheme: 'HTTP', path: '/healthz' } });
    const probe = podOf(defaulted('Deployment', (o) => delete podOf(o).containers[0].readinessProbe.httpGet.path)).containers[0].readinessProbe;
    expect(probe.httpGet.path).toBe('/');
  });

  it.each([
    ['nginx', 'latest', 'Always'],
    ['nginx:latest', 'latest', 'Always'],
    ['nginx:1.25', '1.25', 'IfNotPresent'],
    ['localhost:5000/app', 'latest', 'Always'],
    ['localhost:5000/app:v2', 'v2', 'IfNotPresent'],
    ['app@sha256:abc', '', 'IfNotPresent'],
    ['app:latest@sha256:abc', 'latest', 'Always'],
  ])('pulls %j (tag %j) with %s', (image, tag, policy) => {
    expect(imageTag(image)).toBe(tag);
    expect(defaultPullPolicy(image)).toBe(policy);
  });

  it('keeps a pull policy that is set', () => {
    expect(podOf(defaulted('Deployment', (o) => (podOf(o).containers[0].imagePullPolicy = 'Never'))).containers[0].imagePullPolicy).toBe('Never');
  });

  it('gives secret and configMap volumes mode 0644', () => {
    expect(podOf(defaulted('Deployment')).volumes[0].configMap.defaultMode).toBe(0o644);
  });

  it('copies limits to requests on a Pod, not on templates', () => {
    expect(defaulted('Pod').spec.containers[0].resources.requests).toEqual({ cpu: '100m', memory: '64Mi' });
    expect(podOf(defaulted('DaemonSet')).containers[0].resources.requests).toBeUndefined();
  });

  it('defaults a Service', () => {
    const s = defaulted('Service');
    expect(s.spec).toMatchObject({ type: 'ClusterIP', sessionAffinity: 'None' });
    expect(s.spec.ports[0]).toMatchObject({ protocol: 'TCP', targetPort: 'http' });
    expect(s.spec.ports[1]).toMatchObject({ protocol: 'TCP', targetPort: 9090 });
  });

  it('defaults ClientIP affinity to three hours and NodePort traffic policy to Cluster', () => {
    const s = defaulted('Service', (o) => ((o.spec.sessionAffinity = 'ClientIP'), (o.spec.type = 'NodePort')));
    expect(s.spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
    expect(s.spec.externalTrafficPolicy).toBe('Cluster');
  });

  it('defaults storage', () => {
    expect(defaulted('PersistentVolumeClaim').spec.volumeMode).toBe('Filesystem');
    expect(defaulted('PersistentVolume').spec).toMatchObject({ volumeMode: 'Filesystem', persistentVolumeReclaimPolicy: 'Retain' });
  });

  it('defaults a Secret to Opaque and a PriorityClass to preempt', () => {
    expect(defaulted('Secret', (o) => delete o.type).type).toBe('Opaque');
    expect(defaulted('PriorityClass').preemptionPolicy).toBe('PreemptLowerPriority');
  });

  it('defaults an HPA to one replica and 80% cpu', () => {
    const h = defaulted('HorizontalPodAutoscaler', (o) => ((o.spec.minReplicas = undefined), (o.spec.metrics = [])));
    expect(h.spec.minReplicas).toBe(1);
    expect(h.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
    const b = defaulted('HorizontalPodAutoscaler', (o) => (o.spec.behavior = { scaleDown: { stabilizationWindowSeconds: 60 } }));
    expect(b.spec.behavior.scaleDown).toMatchObject({ stabilizationWindowSeconds: 60, selectPolicy: 'Max' });
    expect(b.spec.behavior.scaleUp.policies).toHaveLength(2);
  });

  it('defaults cluster.yaml', () => {
    const c = defaulted('Cluster', (o) => delete o.spec);
    expect(c.spec).toEqual({
      sync: { ref: 'main', interval: '30s', prune: true, selfHeal: true, autoRevert: false },
      network: { serviceCIDR: '10.96.0.0/16', clusterDomain: 'cluster.local', nodePortRange: '30000-32767' },
      security: { allowPrivileged: false, allowHostPath: false, allowHostNetwork: false },
      rollouts: { failureTimeout: '1m' },
      scheduling: { settleTime: '30s', rebalance: true },
    });
  });

  it('defaults hosts.yaml and fills each host from its defaults', () => {
    const inv = defaulted('Inventory', (o) => delete o.defaults);
    expect(inv.metadata.name).toBe('hosts');
    expect(inv.defaults).toEqual({ user: 'root', port: 22, knownHosts: 'known_hosts' });
    expect(inv.hosts[0]).toMatchObject({ user: 'root', port: 22, knownHosts: 'known_hosts' });
    expect(inv.hosts[1].port).toBe(2222);
  });

  it('turns numeric quantities into strings', () => {
    const d = defaulted('Deployment', (o) => (podOf(o).containers[0].resources.limits.cpu = 1));
    expect(podOf(d).containers[0].resources.limits.cpu).toBe('1');
  });

  it('reads null fields as unset', () => {
    const d = defaulted('Deployment', (o) => ((o.spec.strategy = null), (podOf(o).containers[0].args = null), (o.metadata.annotations = null)));
    expect(d.spec.strategy.type).toBe('RollingUpdate');
    expect('args' in podOf(d).containers[0]).toBe(false);
  });
});

describe('defaulting', () => {
  const kinds = [...kindSpecs.values()];
  it.each(kinds.map((k) => [k.kind, k] as const))('of a %s returns a new object, leaves its input alone and is idempotent', (kind, spec) => {
    const raw = manifest(kind);
    const before = JSON.stringify(raw);
    expect(spec.validate(raw)).toEqual([]);
    const once = spec.defaults(raw as never);
    expect(once).not.toBe(raw);
    expect(JSON.stringify(raw)).toBe(before);
    const twice = spec.defaults(once);
    expect(twice).toEqual(once);
    expect(spec.validate(once as never)).toEqual([]);
    // A second call on the same input gives the same result (the copy made by validate is handed over once).
    expect(spec.defaults(raw as never)).toEqual(once);
  });
});
