import { describe, expect, it } from 'vitest';
import { plan, podSpecHash, type Plan } from '../../../src/plan';
import { ANNOTATION_SPEC_HASH } from '../../../src/manifest';
import { desiredPod, livePod, nodes, shuffled, snapshot } from './fixtures';

const actions = (p: Plan) => p.hosts.flatMap((h) => h.actions.map((a) => `${a.host} ${a.type} ${a.pod}: ${a.reason}`));

describe('plan: actions per host', () => {
  it('creates a desired pod that runs nowhere, on its host, with its spec hash', () => {
    const web = desiredPod('web', { host: 'h1' });
    const p = plan({ desiredPods: [web], nodes: nodes('h1'), live: snapshot({}) });
    expect(p.hosts).toEqual([
      { host: 'h1', actions: [{ type: 'create', host: 'h1', pod: 'default/web', specHash: podSpecHash(web), reason: 'not running' }] },
    ]);
    expect(p.summary).toEqual({ create: 1, replace: 0, delete: 0, unchanged: 0, pending: 0 });
  });

  it('does nothing for a pod whose spec hash matches, and counts it unchanged', () => {
    const p = plan({ desiredPods: [desiredPod('web', { host: 'h1' })], nodes: nodes('h1'), live: snapshot({ h1: [livePod('web', 'h1')] }) });
    expect(p.hosts).toEqual([]);
    expect(p.patches).toEqual([]);
    expect(p.summary).toEqual({ create: 0, replace: 0, delete: 0, unchanged: 1, pending: 0 });
  });

  it('replaces a pod whose spec changed, on the same host, naming the image change', () => {
    const desired = desiredPod('web', { host: 'h1', image: 'web:1.1' });
    const live = livePod('web', 'h1', { image: 'web:1.0' });
    const p = plan({ desiredPods: [desired], nodes: nodes('h1'), live: snapshot({ h1: [live] }) });
    expect(p.hosts[0].actions).toEqual([
      {
        type: 'replace',
        host: 'h1',
        pod: 'default/web',
        specHash: podSpecHash(desired),
        previousSpecHash: live.metadata!.annotations![ANNOTATION_SPEC_HASH],
        reason: 'spec changed: image web:1.0 → web:1.1',
      },
    ]);
    expect(p.summary.replace).toBe(1);
  });

  it.each([
    ['an env change names the container field', { env: { MODE: 'prod' } }, 'spec changed: containers[0].env'],
    ['image and env changes are both named', { image: 'web:2', env: { MODE: 'prod' } }, 'spec changed: image web:1.0 → web:2, containers[0].env'],
  ])('replace reason: %s', (_name, change, reason) => {
    const p = plan({ desiredPods: [desiredPod('web', { host: 'h1', ...change })], nodes: nodes('h1'), live: snapshot({ h1: [livePod('web', 'h1')] }) });
    expect(p.hosts[0].actions[0].reason).toBe(reason);
  });

  it('deletes a live pod that is no longer desired', () => {
    const p = plan({ desiredPods: [], nodes: nodes('h1'), live: snapshot({ h1: [livePod('old', 'h1')] }) });
    expect(actions(p)).toEqual(['h1 delete default/old: no longer in git']);
    expect(p.hosts[0].actions[0].specHash).toBe(podSpecHash(desiredPod('old')));
  });

  it('moves a pod desired on another host: create there, delete here', () => {
    const p = plan({ desiredPods: [desiredPod('web', { host: 'h2' })], nodes: nodes('h1', 'h2'), live: snapshot({ h1: [livePod('web', 'h1')] }) });
    expect(actions(p)).toEqual(['h1 delete default/web: moved to h2', 'h2 create default/web: moved from h1']);
  });

  it('deletes every pod of a host removed from the inventory, and re-creates the desired ones elsewhere', () => {
    const live = snapshot({ h1: [livePod('web', 'h1')], h9: [livePod('api', 'h9'), livePod('gone', 'h9')] });
    const p = plan({ desiredPods: [desiredPod('web', { host: 'h1' }), desiredPod('api', { host: 'h1' })], nodes: nodes('h1'), live });
    expect(actions(p)).toEqual([
      'h1 create default/api: moved from h9',
      'h9 delete default/api: host h9 removed from the inventory',
      'h9 delete default/gone: host h9 removed from the inventory',
    ]);
    expect(p.summary).toEqual({ create: 1, replace: 0, delete: 2, unchanged: 1, pending: 0 });
  });

  it('orders a host: creates, then replaces, then deletes, each by namespace then name', () => {
    const desiredPods = [
      desiredPod('b', { host: 'h1' }),
      desiredPod('a', { host: 'h1', namespace: 'x-y' }),
      desiredPod('z', { host: 'h1', namespace: 'x' }),
      desiredPod('r2', { host: 'h1', image: 'web:2' }),
      desiredPod('r1', { host: 'h1', image: 'web:2' }),
    ];
    const live = snapshot({ h1: [livePod('r2', 'h1'), livePod('d2', 'h1'), livePod('r1', 'h1'), livePod('d1', 'h1', { namespace: 'x' })] });
    const p = plan({ desiredPods, nodes: nodes('h1'), live });
    expect(p.hosts[0].actions.map((a) => `${a.type} ${a.pod}`)).toEqual([
      'create default/b',
      'create x/z',
      'create x-y/a',
      'replace default/r1',
      'replace default/r2',
      'delete default/d2',
      'delete x/d1',
    ]);
  });

  it('tells apart pods of the same name in different namespaces', () => {
    const desiredPods = [desiredPod('web', { host: 'h1' }), desiredPod('web', { namespace: 'shop', host: 'h1', image: 'web:2' })];
    const live = snapshot({ h1: [livePod('web', 'h1', { namespace: 'shop' }), livePod('web', 'h1', { namespace: 'old' })] });
    expect(actions(plan({ desiredPods, nodes: nodes('h1'), live }))).toEqual([
      'h1 create default/web: not running',
      'h1 replace shop/web: spec changed: image web:1.0 → web:2',
      'h1 delete old/web: no longer in git',
    ]);
  });

  it('lists hosts by name, and only those with actions', () => {
    const desiredPods = [desiredPod('c', { host: 'h3' }), desiredPod('a', { host: 'h10' }), desiredPod('same', { host: 'h2' })];
    const p = plan({ desiredPods, nodes: nodes('h3', 'h2', 'h10'), live: snapshot({ h2: [livePod('same', 'h2')] }) });
    expect(p.hosts.map((h) => h.host)).toEqual(['h10', 'h3']);
  });

  it('compares by the desired spec-hash annotation when the pod carries one', () => {
    const desired = desiredPod('web', { host: 'h1', image: 'web:9' });
    const live = livePod('web', 'h1');
    desired.metadata!.annotations = { [ANNOTATION_SPEC_HASH]: live.metadata!.annotations![ANNOTATION_SPEC_HASH] };
    expect(plan({ desiredPods: [desired], nodes: nodes('h1'), live: snapshot({ h1: [live] }) }).summary.unchanged).toBe(1);
  });
});

describe('plan: pending pods', () => {
  it('lists pods with no host, with the scheduler message (for a pod or its key) or "not scheduled", sorted', () => {
    const big = desiredPod('big');
    const p = plan({
      desiredPods: [desiredPod('lost'), big, desiredPod('far', { host: 'h7' })],
      unschedulable: [
        { pod: big, message: '0/1 nodes are available:\n 1 Insufficient cpu.' },
        { pod: 'tools/huge', message: '0/1 nodes are available: 1 Insufficient memory.' },
      ],
      nodes: nodes('h1'),
      live: snapshot({}),
    });
    expect(p.pending).toEqual([
      { pod: 'default/big', reason: '0/1 nodes are available: 1 Insufficient cpu.' },
      { pod: 'default/far', reason: 'node h7 is not in the inventory' },
      { pod: 'default/lost', reason: 'not scheduled' },
      { pod: 'tools/huge', reason: '0/1 nodes are available: 1 Insufficient memory.' },
    ]);
    expect(p.hosts).toEqual([]);
    expect(p.summary.pending).toBe(4);
  });

  it('stops a live copy of a pod that could not be placed', () => {
    const p = plan({ desiredPods: [desiredPod('web')], nodes: nodes('h1'), live: snapshot({ h1: [livePod('web', 'h1')] }) });
    expect(actions(p)).toEqual(['h1 delete default/web: pending: not scheduled']);
  });
});

describe('plan: finished Job pods', () => {
  it.each(['Succeeded', 'Failed'] as const)('does not re-create a Job pod that %s, even with a new spec or another host', (phase) => {
    const live = snapshot({ h1: [livePod('job-a', 'h1', { job: 'a', phase }), livePod('job-b', 'h1', { job: 'b', phase })] });
    const desiredPods = [desiredPod('job-a', { host: 'h1', job: 'a', image: 'web:2' }), desiredPod('job-b', { host: 'h2', job: 'b' })];
    const p = plan({ desiredPods, nodes: nodes('h1', 'h2'), live });
    expect(p.hosts).toEqual([]);
    expect(p.summary).toEqual({ create: 0, replace: 0, delete: 0, unchanged: 2, pending: 0 });
  });

  it('still replaces a finished pod that no Job owns', () => {
    const p = plan({
      desiredPods: [desiredPod('once', { host: 'h1', image: 'web:2' })],
      nodes: nodes('h1'),
      live: snapshot({ h1: [livePod('once', 'h1', { phase: 'Succeeded' })] }),
    });
    expect(actions(p)).toEqual(['h1 replace default/once: spec changed: image web:1.0 → web:2']);
  });
});

describe('plan: determinism', () => {
  const scenario = () => {
    const desiredPods = [
      ...['a', 'b', 'c', 'd', 'e', 'f'].map((n, i) => desiredPod(n, { host: `h${(i % 3) + 1}`, image: i % 2 ? 'web:2' : 'web:1.0' })),
      desiredPod('q', { namespace: 'tools', host: 'h2' }),
      desiredPod('p1'),
      desiredPod('p2'),
    ];
    const live = snapshot({
      h3: [livePod('c', 'h3'), livePod('f', 'h3'), livePod('x', 'h3')],
      h1: [livePod('a', 'h1'), livePod('d', 'h1'), livePod('b', 'h1')],
      h9: [livePod('e', 'h9'), livePod('q', 'h9', { namespace: 'tools' })],
    });
    return { desiredPods, nodes: nodes('h1', 'h2', 'h3'), live, unschedulable: [{ pod: desiredPod('p2'), message: 'no fit' }] };
  };

  it('gives byte-identical JSON for the same input, twice', () => {
    expect(JSON.stringify(plan(scenario()))).toBe(JSON.stringify(plan(scenario())));
  });

  it('plans a pod listed twice once, on the first host by name, whatever the order', () => {
    const twice = [desiredPod('web', { host: 'h2' }), desiredPod('web', { host: 'h1' }), desiredPod('web', { host: 'h1', image: 'web:2' })];
    const run = (desiredPods: typeof twice) => plan({ desiredPods, nodes: nodes('h1', 'h2'), live: snapshot({}) });
    expect(actions(run(twice))).toEqual(['h1 create default/web: not running']);
    expect(run(twice).hosts[0].actions[0].specHash).toBe([desiredPod('web'), desiredPod('web', { image: 'web:2' })].map(podSpecHash).sort()[0]);
    expect(JSON.stringify(run([...twice].reverse()))).toBe(JSON.stringify(run(twice)));
  });

  it('gives byte-identical JSON whatever the order of pods, hosts and nodes', () => {
    const s = scenario();
    const reordered = {
      ...s,
      desiredPods: shuffled(s.desiredPods),
      nodes: shuffled(s.nodes),
      live: { hosts: shuffled(s.live.hosts).map((h) => ({ ...h, pods: shuffled(h.pods) })) },
    };
    const p = plan(s);
    expect(JSON.stringify(plan(reordered))).toBe(JSON.stringify(p));
    expect(p.summary).toEqual({ create: 3, replace: 2, delete: 4, unchanged: 2, pending: 2 });
  });
});
