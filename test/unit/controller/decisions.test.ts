import { describe, expect, it } from 'vitest';
import { planDecisions } from '../../../src/controller/decisions';
import type { Action, Plan } from '../../../src/plan';

const plan = (host: string, actions: Array<Pick<Action, 'type' | 'pod' | 'reason'>>): Plan => ({
  hosts: [{ host, actions: actions.map((a) => ({ ...a, host, specHash: 'abc' })) }],
  pending: [],
  patches: [],
  summary: { create: 0, replace: 0, delete: 0, unchanged: 0, pending: 0 },
});

describe('planDecisions', () => {
  it.each([
    ['create', 'Scheduled', 'not running', 'assigned shop/web-1 to h2 (not running)'],
    ['replace', 'Replacing', 'spec changed: image web:1 → web:2', 'replacing shop/web-1 on h2: spec changed: image web:1 → web:2'],
    ['delete', 'Killing', 'no longer in git', 'stopping shop/web-1 on h2: no longer in git'],
  ] as const)('turns a %s into a %s event for the pod on its host', (type, reason, why, message) => {
    expect(planDecisions(plan('h2', [{ type, pod: 'shop/web-1', reason: why }]), [])).toEqual([
      { object: { kind: 'Pod', namespace: 'shop', name: 'web-1' }, host: 'h2', reason, message },
    ]);
  });

  it('turns a pod that fits nowhere into a FailedScheduling Warning with the scheduler’s message', () => {
    const message = '0/3 hosts are available: 3 node(s) didn’t match pod anti-affinity rules.';
    expect(planDecisions(plan('h1', []), [{ pod: 'default/web-4', message, reasons: {} }])).toEqual([
      { object: { kind: 'Pod', namespace: 'default', name: 'web-4' }, reason: 'FailedScheduling', type: 'Warning', message },
    ]);
  });

  it('keeps the plan’s order, hosts first, then the pods that fit nowhere', () => {
    const two: Plan = { ...plan('h1', [{ type: 'create', pod: 'default/a', reason: 'not running' }]) };
    two.hosts.push(plan('h2', [{ type: 'delete', pod: 'default/b', reason: 'moved to h1' }]).hosts[0]);
    expect(planDecisions(two, [{ pod: 'default/c', message: 'no', reasons: {} }]).map((d) => `${d.reason} ${d.object.name}`)).toEqual(['Scheduled a', 'Killing b', 'FailedScheduling c']);
  });

  it('decides nothing for an empty plan', () => {
    expect(planDecisions(plan('h1', []), [])).toEqual([]);
  });
});
