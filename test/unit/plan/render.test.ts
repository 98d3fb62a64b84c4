import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/manifest';
import { renderObjectDiff, renderPlan, type Plan } from '../../../src/plan';

const plan: Plan = {
  hosts: [
    {
      host: 'h1',
      actions: [
        { type: 'create', host: 'h1', pod: 'default/web-7d4b9c-x2kqp', specHash: '3f2a9c01d4e5b6a7', reason: 'not running' },
        { type: 'create', host: 'h1', pod: 'default/api-0', specHash: '0a1b2c3d4e5f6a7b', reason: 'moved from h9' },
        { type: 'replace', host: 'h1', pod: 'default/db', specHash: '9c1e0000aaaabbbb', previousSpecHash: '1111222233334444', reason: 'spec changed: image web:1.0 → web:1.1' },
      ],
    },
    { host: 'h9', actions: [{ type: 'delete', host: 'h9', pod: 'default/api-0', specHash: '0a1b2c3d4e5f6a7b', reason: 'host h9 removed from the inventory' }] },
  ],
  pending: [
    { pod: 'default/big', reason: '0/2 nodes are available: 2 Insufficient cpu.' },
    { pod: 'batch/report-28391', reason: 'not scheduled' },
  ],
  patches: [
    { kind: 'ConfigMap', namespace: 'default', name: 'web', op: 'create', patch: [{ op: 'add', path: '/data', value: {} }] },
    { kind: 'Deployment', namespace: 'default', name: 'web', op: 'update', patch: [{ op: 'replace', path: '/spec/replicas', value: 3 }] },
    { kind: 'Namespace', name: 'old', op: 'delete', patch: [{ op: 'remove', path: '/metadata' }] },
    { kind: 'Pod', namespace: 'default', name: 'db', op: 'update', patch: [] },
  ],
  summary: { create: 2, replace: 1, delete: 1, unchanged: 40, pending: 2 },
};

describe('renderPlan', () => {
  it('prints hosts, actions in aligned columns, pending pods, changed objects and a summary', () => {
    expect(renderPlan(plan, { color: false })).toBe(
      [
        'h1  2 to create, 1 to replace, 0 to delete',
        '  + create   default/web-7d4b9c-x2kqp  spec 3f2a9c01…  not running',
        '  + create   default/api-0             spec 0a1b2c3d…  moved from h9',
        '  ~ replace  default/db                spec 9c1e0000…  spec changed: image web:1.0 → web:1.1',
        '',
        'h9  0 to create, 0 to replace, 1 to delete',
        '  - delete   default/api-0             spec 0a1b2c3d…  host h9 removed from the inventory',
        '',
        'Pending (not scheduled):',
        '  default/big         0/2 nodes are available: 2 Insufficient cpu.',
        '  batch/report-28391  not scheduled',
        '',
        'Objects:',
        '  + create   ConfigMap default/web',
        '  ~ update   Deployment default/web  1 change',
        '  - delete   Namespace old',
        '',
        'Plan: 2 to create, 1 to replace, 1 to delete, 40 unchanged, 2 pending.',
        '',
      ].join('\n'),
    );
  });

  it('prints only the summary when nothing changes', () => {
    const empty: Plan = { hosts: [], pending: [], patches: [], summary: { create: 0, replace: 0, delete: 0, unchanged: 7, pending: 0 } };
    expect(renderPlan(empty, { color: false })).toBe('Plan: 0 to create, 0 to replace, 0 to delete, 7 unchanged, 0 pending.\n');
  });

  it('colors + green, ~ yellow and - red only when asked, keeping the columns', () => {
    const colored = renderPlan(plan, { color: true });
    expect(colored).toContain('\x1b[32m+ create \x1b[39m');
    expect(colored).toContain('\x1b[33m~ replace\x1b[39m');
    expect(colored).toContain('\x1b[31m- delete \x1b[39m');
    expect(colored.replace(/\x1b\[\d+m/g, '')).toBe(renderPlan(plan, { color: false }));
    expect(renderPlan(plan, { color: false })).not.toContain('\x1b[');
  });
});

describe('renderObjectDiff', () => {
  const deployment = (replicas: number, extra: object = {}): KubeObject =>
    ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', ...extra },
      spec: { replicas, template: { spec: { containers: [{ name: 'web', image: 'web:1.0' }] } } },
    }) as KubeObject;

  it('prints a unified diff of the YAML, keys sorted, without status or server-set fields', () => {
    const live = { ...deployment(2, { uid: 'u', resourceVersion: '9' }), status: { readyReplicas: 2 } } as KubeObject;
    expect(renderObjectDiff(live, deployment(3), { color: false })).toBe(
      [
        '--- Deployment default/web (live)',
        '+++ Deployment default/web (desired)',
        '@@ -3,9 +3,9 @@',
        ' metadata:',
        '   name: web',
        '   namespace: default',
        ' spec:',
        '-  replicas: 2',
        '+  replicas: 3',
        '   template:',
        '     spec:',
        '       containers:',
        '         - image: web:1.0',
        '',
      ].join('\n'),
    );
  });

  it('diffs a new object against nothing, with the labels given', () => {
    const out = renderObjectDiff(undefined, deployment(1), { color: false, labels: ['main', 'feature'] });
    expect(out.split('\n').slice(0, 4)).toEqual(['--- Deployment default/web (main)', '+++ Deployment default/web (feature)', '@@ -0,0 +1,12 @@', '+apiVersion: apps/v1']);
  });

  it('is empty for objects that differ only in status and server-set fields', () => {
    expect(renderObjectDiff({ ...deployment(2, { uid: 'u' }), status: {} } as KubeObject, deployment(2), { color: false })).toBe('');
    expect(renderObjectDiff(undefined, undefined, { color: false })).toBe('');
  });

  it('colors removed lines red and added lines green when asked', () => {
    const out = renderObjectDiff(deployment(2), deployment(3), { color: true });
    expect(out).toContain('\x1b[31m-  replicas: 2\x1b[39m');
    expect(out).toContain('\x1b[32m+  replicas: 3\x1b[39m');
  });
});
