import type { KubeObject } from '../../../src/manifest';
import { describe, expect, it } from 'vitest';
import { adoptLiveHosts, comparableObject, objectPatches, plan } from '../../../src/plan';
import { comparablyEqual } from '../../../src/plan/comparable';
import { desiredPod, livePod, nodes, snapshot } from './fixtures';

const actions = (p: ReturnType<typeof plan>) => p.hosts.flatMap((h) => h.actions.map((a) => `${a.host} ${a.type} ${a.pod}: ${a.reason}`));

describe('adoption and plan share one look-up of the live pods', () => {
  it('plans the same whether or not the pods come straight from adoption', () => {
    const live = snapshot({ h1: [livePod('a', 'h1'), livePod('b', 'h1')], h2: [livePod('c', 'h2', { image: 'web:0.9' })] });
    const desired = [desiredPod('a'), desiredPod('b'), desiredPod('c'), desiredPod('d')];
    const adopted = adoptLiveHosts(desired, live, nodes('h1', 'h2'));
    // As the pass does: scheduled pods replaced by bound copies, the rest handed on as adoption returned them.
    const pods = adopted.map((p) => (p.spec?.nodeName ? p : { ...p, spec: { ...p.spec!, nodeName: 'h2' } }));
    const viaAdoption = plan({ desiredPods: pods, nodes: nodes('h1', 'h2'), live });
    const fresh = plan({ desiredPods: structuredClone(pods), nodes: nodes('h1', 'h2'), live: structuredClone(live) });
    expect(viaAdoption).toEqual(fresh);
    expect(actions(viaAdoption)).toEqual(['h2 create default/d: not running', 'h2 replace default/c: spec changed: image web:0.9 → web:1.0']);
  });

  it('sees a snapshot changed in place (a host’s pods replaced) rather than a stale index', () => {
    const live = snapshot({ h1: [livePod('a', 'h1')] });
    expect(adoptLiveHosts([desiredPod('a')], live)[0].spec?.nodeName).toBe('h1');
    live.hosts[0].pods = [livePod('b', 'h1')];
    expect(adoptLiveHosts([desiredPod('a')], live)[0].spec?.nodeName).toBeUndefined();
    live.hosts.push({ name: 'h2', pods: [livePod('a', 'h2')] });
    expect(adoptLiveHosts([desiredPod('a')], live)[0].spec?.nodeName).toBe('h2');
  });

  it('carries the index over to a new snapshot that keeps some hosts’ pod lists, and plans as if from scratch', () => {
    const h1 = [livePod('a', 'h1'), livePod('b', 'h1')];
    const first = { hosts: [{ name: 'h1', pods: h1 }, { name: 'h2', pods: [livePod('c', 'h2')] }, { name: 'h3', pods: [livePod('d', 'h3')] }] };
    const desired = [desiredPod('a'), desiredPod('b'), desiredPod('c'), desiredPod('d'), desiredPod('e')];
    const inventory = nodes('h1', 'h2', 'h4');
    const run = (live: typeof first) => plan({ desiredPods: adoptLiveHosts(desired, live, inventory), nodes: inventory, live });
    const before = run(first);
    // h1 unchanged (the same array), h2 reported again with c moved away and e new, h3 gone, h4 new with c.
    const second = { hosts: [first.hosts[0], { name: 'h2', pods: [livePod('e', 'h2')] }, { name: 'h4', pods: [livePod('c', 'h4')] }] };
    const after = run(second);
    expect(after).toEqual(run(structuredClone(second)));
    expect(actions(before)).toEqual(['h3 delete default/d: host h3 removed from the inventory']);
    expect(actions(after)).toEqual([]);
    expect(after.pending.map((p) => p.pod)).toEqual(['default/d']);
    // The first snapshot again: its index was handed on, so it is built anew, and plans as before.
    expect(run(first)).toEqual(before);
  });

  it('gives siblings adopted onto one host the same bound spec, never the desired one', () => {
    const a = desiredPod('a');
    const b = { ...desiredPod('b'), spec: a.spec };
    const [x, y] = adoptLiveHosts([a, b], snapshot({ h1: [livePod('a', 'h1'), livePod('b', 'h1')] }));
    expect(x.spec).toBe(y.spec);
    expect(x.spec).not.toBe(a.spec);
    expect(a.spec?.nodeName).toBeUndefined();
  });
});

describe('comparing objects without copying them', () => {
  const base = (): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    data: { a: '1', b: '2' },
  } as KubeObject);
  const table: Array<[string, (o: KubeObject) => KubeObject]> = [
    ['the same', (o) => o],
    ['keys in another order', (o) => ({ ...o, data: { b: '2', a: '1' } }) as KubeObject],
    ['status and server-set metadata differ', (o) => ({ ...o, status: { x: 1 }, metadata: { ...o.metadata, uid: 'u', resourceVersion: '9' } }) as KubeObject],
    ['empty labels against none', (o) => ({ ...o, metadata: { ...o.metadata, labels: {}, annotations: {} } })],
    ['a value undefined against absent', (o) => ({ ...o, data: { a: '1', b: '2', c: undefined } }) as KubeObject],
    ['a data value differs', (o) => ({ ...o, data: { a: '1', b: '3' } }) as KubeObject],
    ['a key more', (o) => ({ ...o, data: { a: '1', b: '2', c: '3' } }) as KubeObject],
    ['a label differs', (o) => ({ ...o, metadata: { ...o.metadata, labels: { app: 'api' } } })],
    ['an array longer', (o) => ({ ...o, immutable: [1] }) as unknown as KubeObject],
  ];
  it.each(table)('%s', (_name, change) => {
    const a = base();
    const b = change(base());
    // The rule: equal exactly when the comparable copies are.
    expect(comparablyEqual(a, b)).toBe(JSON.stringify(comparableObject(a)) === JSON.stringify(comparableObject(b)));
  });

  it('treats a pod’s spec-hash annotation as no difference', () => {
    const p = livePod('web', 'h1') as unknown as KubeObject;
    const q = { ...p, metadata: { ...p.metadata, annotations: {} } } as KubeObject;
    expect(comparablyEqual(p, q)).toBe(true);
  });

  it('makes create and delete patches that apply as fast-json-patch’s compare would write them', () => {
    const [create] = objectPatches([base()], []);
    expect(create.patch.map((o) => o.path)).toEqual(['/apiVersion', '/data', '/kind', '/metadata']);
    const [del] = objectPatches([], [base()]);
    expect(del.patch).toEqual([
      { op: 'remove', path: '/metadata' },
      { op: 'remove', path: '/kind' },
      { op: 'remove', path: '/data' },
      { op: 'remove', path: '/apiVersion' },
    ]);
  });
});
