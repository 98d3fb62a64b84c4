import { describe, expect, it } from 'vitest';
import type { HostRecord } from '../../../src/controller/observe';
import { nodeLifecycle, TAINT_DISK_PRESSURE, TAINT_NOT_READY, TAINT_UNREACHABLE } from '../../../src/controller/node-lifecycle';
import { at, declaredNode, hostFacts, t0 } from './fixtures';

const GRACE = 40_000;
const EVICTION = 300_000;
const ready = (node: ReturnType<typeof nodeLifecycle>['lifecycle']['node']) => node.status?.conditions?.find((c) => c.type === 'Ready');

/** Passes of the loop at the given seconds: the host answered when `answered` says so; conditions carry over. */
function passes(seconds: number[], answered: (s: number) => boolean, facts = hostFacts()) {
  const record: HostRecord = {};
  return seconds.map((s) => {
    if (answered(s)) record.lastHeartbeat = at(s).toISOString();
    const result = nodeLifecycle(declaredNode('h1'), { record, facts: answered(s) ? facts : undefined, now: at(s), graceMs: GRACE, evictionMs: EVICTION });
    record.conditions = result.conditions;
    return result.lifecycle;
  });
}

describe('nodeLifecycle', () => {
  it('keeps a host that answered now Ready, without taints added', () => {
    const [now] = passes([0], () => true);
    expect(now).toMatchObject({ ready: true, evict: false });
    expect(ready(now.node)?.status).toBe('True');
    expect(now.node.spec?.taints ?? []).toEqual([]);
  });

  it('keeps the taints hosts.yaml declares', () => {
    const declared = { ...declaredNode('h1'), spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } };
    const { lifecycle } = nodeLifecycle(declared, { record: { lastHeartbeat: t0.toISOString() }, facts: hostFacts(), now: t0, graceMs: GRACE, evictionMs: EVICTION });
    expect(lifecycle.node.spec?.taints).toEqual([{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]);
  });

  it('keeps a host silent within the grace period Ready', () => {
    const [, silent] = passes([0, 40], (s) => s === 0);
    expect(silent).toMatchObject({ ready: true, evict: false });
    expect(ready(silent.node)?.status).toBe('True');
  });

  it('marks a host silent past the grace period Ready Unknown and taints it unreachable, NoSchedule and NoExecute', () => {
    const [, silent] = passes([0, 41], (s) => s === 0);
    expect(silent).toMatchObject({ ready: false, evict: false });
    expect(ready(silent.node)).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', lastTransitionTime: '2026-03-01T10:00:41Z' });
    expect(silent.node.spec?.taints).toEqual([
      { key: TAINT_UNREACHABLE, effect: 'NoSchedule', timeAdded: '2026-03-01T10:00:41Z' },
      { key: TAINT_UNREACHABLE, effect: 'NoExecute', timeAdded: '2026-03-01T10:00:41Z' },
    ]);
  });

  it.each([
    ['just after it turned Unknown', 41, false],
    ['one second before the eviction timeout', 41 + 299, false],
    ['at the eviction timeout', 41 + 300, true],
    ['long after', 3600, true],
  ])('evicts the pods of a silent host only after the eviction timeout from the transition: %s', (_, second, evict) => {
    const lifecycles = passes([0, 41, second], (s) => s === 0);
    expect(lifecycles[2]).toMatchObject({ ready: false, evict });
    expect(lifecycles[2].node.spec?.taints?.map((t) => t.timeAdded)).toEqual(['2026-03-01T10:00:41Z', '2026-03-01T10:00:41Z']);
  });

  it('drops the taints when the host answers again', () => {
    const lifecycles = passes([0, 41, 400, 410], (s) => s === 0 || s === 410);
    expect(lifecycles[2].evict).toBe(true);
    expect(lifecycles[3]).toMatchObject({ ready: true, evict: false });
    expect(lifecycles[3].node.spec?.taints ?? []).toEqual([]);
  });

  it('marks a host whose Docker Engine is down Ready False and taints it not-ready', () => {
    const since = '2026-03-01T10:00:00.000Z';
    const facts = hostFacts({ runtime: { ready: false, reason: 'ContainerRuntimeDown', message: 'container runtime is down: connect ENOENT', since } });
    const [down, later] = passes([0, 300], () => true, facts);
    expect(ready(down.node)).toMatchObject({ status: 'False', reason: 'ContainerRuntimeDown' });
    expect(down).toMatchObject({ ready: false, evict: false });
    expect(down.node.spec?.taints).toEqual([
      { key: TAINT_NOT_READY, effect: 'NoSchedule', timeAdded: since },
      { key: TAINT_NOT_READY, effect: 'NoExecute', timeAdded: since },
    ]);
    expect(later.evict).toBe(true);
  });

  it('evicts at once from a host never heard from: nothing of ours runs there', () => {
    const [first, second] = passes([0, 10], () => false);
    expect(ready(first.node)).toMatchObject({ status: 'Unknown', reason: 'NodeStatusNeverUpdated' });
    expect(first).toMatchObject({ ready: false, evict: true });
    expect(second.evict).toBe(true);
    expect(first.node.spec?.taints?.map((t) => `${t.key}:${t.effect}`)).toEqual([`${TAINT_UNREACHABLE}:NoSchedule`, `${TAINT_UNREACHABLE}:NoExecute`]);
  });
});

describe('nodeLifecycle under DiskPressure', () => {
  it("taints a Ready host whose agent's state folder is full NoSchedule (TaintNodesByCondition), and untaints it once it has room", () => {
    const since = at(0).toISOString();
    const full = { ...hostFacts(), stateFolder: { full: { reason: 'StateFolderFull', message: 'no space left on device', since } } };
    const [pressed] = passes([0], () => true, full);
    expect(pressed).toMatchObject({ ready: true, evict: false });
    expect(pressed.node.status?.conditions?.find((c) => c.type === 'DiskPressure')).toMatchObject({ status: 'True', reason: 'StateFolderFull' });
    expect(pressed.node.spec?.taints).toEqual([{ key: TAINT_DISK_PRESSURE, effect: 'NoSchedule', timeAdded: since }]);
    const [relieved] = passes([0], () => true);
    expect(relieved.node.spec?.taints ?? []).toEqual([]);
  });
});
