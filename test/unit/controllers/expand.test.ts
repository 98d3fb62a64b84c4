import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/manifest';
import { expand, type Expansion } from '../../../src/controllers';
import { configMap, cronJob, daemonSet, deployment, desiredState, job, node, pod, replicaSet, service } from './fixtures';

const now = new Date('2024-03-10T12:07:30Z');
const keys = (objects: KubeObject[]) => objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
const isSorted = (names: string[]) => names.every((n, i) => i === 0 || names[i - 1] < n);

function fullState() {
  const passThrough: KubeObject[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'staging' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'default' } },
    { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv1' } },
    { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'default' } },
    { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'default' } },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'default' } },
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' } },
  ];
  return desiredState(
    [
      deployment('web', { replicas: 3 }),
      deployment('api', { replicas: 2, namespace: 'staging' }),
      replicaSet('legacy', 1),
      daemonSet('agent'),
      job('migrate'),
      cronJob('report', '*/5 * * * *'),
      service('web', { app: 'web' }, [{ port: 80, targetPort: 8080, protocol: 'TCP' }]),
      pod('debug', { app: 'debug' }),
      configMap('settings'),
      ...passThrough,
    ],
    [node('h1'), node('h2')],
  );
}

describe('expand', () => {
  const expansion = expand(fullState(), { now });

  it('lists every desired object, user-written and generated, sorted by kind, namespace and name', () => {
    const k = keys(expansion.objects);
    expect(k).toEqual([
      'ConfigMap/default/settings',
      'CronJob/default/report',
      'DaemonSet/default/agent',
      'Deployment/default/web',
      'Deployment/staging/api',
      'HorizontalPodAutoscaler/default/web',
      'Ingress/default/web',
      `Job/default/migrate`,
      `Job/default/report-${Math.floor(Date.parse('2024-03-10T12:05:00Z') / 60_000)}`,
      'Namespace//staging',
      'PersistentVolume//pv1',
      'PersistentVolumeClaim/default/data',
      'PodDisruptionBudget/default/web',
      'PriorityClass//high',
      'ReplicaSet/default/legacy',
      expect.stringMatching(/^ReplicaSet\/default\/web-[a-z0-9]+$/),
      expect.stringMatching(/^ReplicaSet\/staging\/api-[a-z0-9]+$/),
      'Secret/default/creds',
      'Service/default/web',
    ]);
  });

  it('lists every desired pod, bare and generated, sorted by namespace and name', () => {
    const owners = expansion.pods.map((p) => p.metadata.ownerReferences?.[0]?.kind ?? 'none');
    expect(expansion.pods).toHaveLength(3 + 2 + 1 + 2 + 1 + 1 + 1);
    expect(owners.filter((o) => o === 'ReplicaSet')).toHaveLength(6);
    expect(owners.filter((o) => o === 'DaemonSet')).toHaveLength(2);
    expect(owners.filter((o) => o === 'Job')).toHaveLength(2);
    expect(owners.filter((o) => o === 'none')).toHaveLength(1);
    const names = expansion.pods.map((p) => `${p.metadata.namespace}\u0000${p.metadata.name}`);
    expect(isSorted(names)).toBe(true);
    expect(expansion.pods.every((p) => p.metadata.annotations?.['berth.dev/spec-hash'])).toBe(true);
  });

  it('keeps pods out of objects', () => {
    expect(expansion.objects.some((o) => o.kind === 'Pod')).toBe(false);
  });

  it('gives byte-identical output for the same input', () => {
    const again = expand(fullState(), { now: new Date(now) });
    expect(JSON.stringify(again)).toBe(JSON.stringify(expansion));
  });

  it('does not change its input', () => {
    const state = fullState();
    const before = JSON.stringify(state);
    expand(state, { now });
    expect(JSON.stringify(state)).toBe(before);
  });

  it('sorts pods of owners whose names interleave', () => {
    const result: Expansion = expand(desiredState([replicaSet('a', 20), replicaSet('a-b', 20), replicaSet('a-c', 20)]), { now });
    expect(isSorted(result.pods.map((p) => p.metadata.name))).toBe(true);
    expect(result.pods).toHaveLength(60);
  });

  it('uses what the controller knows: a CronJob slot that has run starts no new Job', () => {
    const state = desiredState([cronJob('report', '*/5 * * * *')]);
    const live = { cronJobs: new Map([['CronJob/default/report', { lastScheduleTime: new Date('2024-03-10T12:05:00Z') }]]) };
    expect(expand(state, { now, live }).objects.map((o) => o.kind)).toEqual(['CronJob']);
  });

  it('uses what the controller knows: a finished Job has no pods', () => {
    const state = desiredState([job('migrate')]);
    const live = { jobs: new Map([['Job/default/migrate', { succeeded: 1, failed: 0 }]]) };
    expect(expand(state, { now, live }).pods).toEqual([]);
  });

  it('returns each Deployment’s step (record to store, events, history) and reads the record and live pods back', () => {
    const state = desiredState([deployment('web', { replicas: 2 })]);
    const first = expand(state, { now });
    const step = first.deployments.get('Deployment/default/web')!;
    const rs = step.replicaSets[0].metadata!.name!;
    expect(step.events).toEqual([{ type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled up replica set ${rs} to 2` }]);
    expect(step.history).toEqual([{ revision: 1, replicaSet: rs, current: true }]);
    const running = first.pods.map((p) => ({ ...p, status: { phase: 'Running' as const, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-03-10T12:07:30Z' }] } }));
    const live = { deployments: new Map([['Deployment/default/web', { ...step.record, pods: new Map([[rs, running]]) }]]) };
    const second = expand(state, { now: new Date('2024-03-10T12:07:35Z'), live });
    const web = second.objects.find((o) => o.kind === 'Deployment') as KubeObject & { status?: Record<string, unknown> };
    expect(web.status).toMatchObject({ replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 });
    expect(second.pods.map((p) => p.metadata.name)).toEqual(first.pods.map((p) => p.metadata.name));
    expect(second.deployments.get('Deployment/default/web')!.record.lastHealthy).toBe(rs);
  });

  it('gives DaemonSets and ReplicaSets from git their status', () => {
    const result = expand(desiredState([daemonSet('agent'), replicaSet('legacy', 2)], [node('h1'), node('h2')]), { now });
    const statusOf = (kind: string) => (result.objects.find((o) => o.kind === kind) as KubeObject & { status?: Record<string, unknown> }).status;
    expect(statusOf('DaemonSet')).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 0, numberUnavailable: 2 });
    expect(statusOf('ReplicaSet')).toMatchObject({ replicas: 0, readyReplicas: 0, availableReplicas: 0 });
  });
});
