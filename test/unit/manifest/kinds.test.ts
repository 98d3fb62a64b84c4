import { describe, expect, it } from 'vitest';
import { kindSpecs, supportedKinds } from '../../../src/manifest';
import { fastCheck } from '../../../src/manifest/schema/check';
import * as schemas from '../../../src/manifest/schema/kinds';
import { MANIFESTS, manifest } from './fixtures';

type Obj = Record<string, any>;
const specOf = (kind: string) => [...kindSpecs.values()].find((k) => k.kind === kind)!;

describe('the kind registry', () => {
  it('knows every kind of DESIGN.md, PriorityClass and Berth’s own', () => {
    expect(supportedKinds()).toEqual([
      'apps/v1/DaemonSet',
      'apps/v1/Deployment',
      'apps/v1/ReplicaSet',
      'autoscaling/v2/HorizontalPodAutoscaler',
      'batch/v1/CronJob',
      'batch/v1/Job',
      'berth.dev/v1/Cluster',
      'berth.dev/v1/Inventory',
      'networking.k8s.io/v1/Ingress',
      'policy/v1/PodDisruptionBudget',
      'scheduling.k8s.io/v1/PriorityClass',
      'v1/ConfigMap',
      'v1/Namespace',
      'v1/PersistentVolume',
      'v1/PersistentVolumeClaim',
      'v1/Pod',
      'v1/Secret',
      'v1/Service',
    ]);
  });

  it.each(Object.keys(MANIFESTS))('accepts a realistic %s', (kind) => {
    expect(specOf(kind).validate(manifest(kind))).toEqual([]);
  });

  it.each([
    ['namespaced', ['Pod', 'ConfigMap', 'Secret', 'Service', 'PersistentVolumeClaim', 'Deployment', 'Job', 'Ingress', 'PodDisruptionBudget'], true],
    ['cluster-scoped', ['Namespace', 'PersistentVolume', 'PriorityClass', 'Cluster', 'Inventory'], false],
  ])('marks %s kinds', (_what, kinds, namespaced) => {
    for (const k of kinds) expect(specOf(k).namespaced).toBe(namespaced);
  });
});

describe('references', () => {
  const refs = (kind: string, change: (o: Obj) => void = () => {}) => {
    const o = manifest(kind) as Obj;
    change(o);
    const spec = specOf(kind);
    expect(spec.validate(o)).toEqual([]);
    return spec.references(spec.defaults(o as never)).map((r) => ({ kind: r.kind, name: r.name, path: r.path.join('.'), optional: r.optional ?? false, cluster: r.clusterScoped ?? false }));
  };

  it('lists what a pod template uses: volumes, env, envFrom and its priority class', () => {
    expect(refs('Deployment')).toEqual([
      { kind: 'ConfigMap', name: 'web-config', path: 'spec.template.spec.volumes.0.configMap.name', optional: false, cluster: false },
      { kind: 'ConfigMap', name: 'web-config', path: 'spec.template.spec.containers.0.env.0.valueFrom.configMapKeyRef.name', optional: false, cluster: false },
      { kind: 'Secret', name: 'web-secrets', path: 'spec.template.spec.containers.0.env.1.valueFrom.secretKeyRef.name', optional: false, cluster: false },
      { kind: 'ConfigMap', name: 'web-config', path: 'spec.template.spec.containers.0.envFrom.0.configMapRef.name', optional: false, cluster: false },
      { kind: 'PriorityClass', name: 'high', path: 'spec.template.spec.priorityClassName', optional: false, cluster: true },
    ]);
  });

  it('honours optional: true', () => {
    const r = refs('Deployment', (o) => (o.spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef.optional = true));
    expect(r.find((x) => x.kind === 'Secret')!.optional).toBe(true);
  });

  it('finds claims, secrets of volumes and the templates of CronJobs', () => {
    const r = refs('CronJob', (o) => {
      const pod = o.spec.jobTemplate.spec.template.spec;
      pod.volumes = [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }, { name: 's', secret: { secretName: 'creds', optional: true } }];
    });
    expect(r).toEqual([
      { kind: 'PersistentVolumeClaim', name: 'data', path: 'spec.jobTemplate.spec.template.spec.volumes.0.persistentVolumeClaim.claimName', optional: false, cluster: false },
      { kind: 'Secret', name: 'creds', path: 'spec.jobTemplate.spec.template.spec.volumes.1.secret.secretName', optional: true, cluster: false },
    ]);
  });

  it('skips Kubernetes’ built-in priority classes', () => {
    expect(refs('Pod', (o) => (o.spec.priorityClassName = 'system-node-critical'))).toEqual([]);
  });

  it('lists a claim’s volume, an Ingress’s services and TLS secret, an HPA’s target', () => {
    expect(refs('PersistentVolumeClaim')).toEqual([{ kind: 'PersistentVolume', name: 'data-h1', path: 'spec.volumeName', optional: false, cluster: true }]);
    expect(refs('Ingress').map((r) => `${r.kind}/${r.name}`)).toEqual(['Service/web', 'Service/api', 'Secret/shop-tls']);
    expect(refs('HorizontalPodAutoscaler')).toEqual([{ kind: 'Deployment', name: 'web', path: 'spec.scaleTargetRef.name', optional: false, cluster: false }]);
  });
});

describe('the fast shape check', () => {
  const byKind: Record<string, unknown> = {
    Namespace: schemas.namespace, Pod: schemas.pod, ConfigMap: schemas.configMap, Secret: schemas.secret, Service: schemas.service,
    PersistentVolume: schemas.persistentVolume, PersistentVolumeClaim: schemas.persistentVolumeClaim, Deployment: schemas.deployment,
    ReplicaSet: schemas.replicaSet, DaemonSet: schemas.daemonSet, Job: schemas.job, CronJob: schemas.cronJob, Ingress: schemas.ingress,
    HorizontalPodAutoscaler: schemas.horizontalPodAutoscaler, PodDisruptionBudget: schemas.podDisruptionBudget,
    PriorityClass: schemas.priorityClass, Cluster: schemas.cluster, Inventory: schemas.inventory,
  };
  const mutations: Array<(o: Obj) => void> = [
    () => {},
    (o) => (o.extra = 1),
    (o) => (o.metadata = 'x'),
    (o) => ((o.metadata ??= {}).labels = { a: 1 }),
    (o) => ((o.metadata ??= {}).creationTimestamp = null),
    (o) => (o.status = {}),
    (o) => (o.status = { a: 1 }),
    (o) => delete o.metadata,
    (o) => (o.spec = null),
    (o) => (o.spec = []),
    (o) => o.spec && (o.spec.unknownField = true),
  ];

  it.each(Object.keys(MANIFESTS))('agrees with zod on %s', (kind) => {
    const schema = byKind[kind] as { safeParse(v: unknown): { success: boolean } };
    const check = fastCheck(schema as never);
    for (const m of mutations) {
      const o = manifest(kind) as Obj;
      m(o);
      expect(check(o)).toBe(schema.safeParse(o).success);
    }
  });
});
