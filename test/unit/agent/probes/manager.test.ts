import type { Pod, Probe } from 'kubernetes-types/core/v1';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProbeManager, type ProbeKind, type Prober, type ProbeResult, type ProbeUpdate } from '../../../../src/agent/probes';

const T0 = Date.parse('2024-05-01T10:00:00Z');

/** A prober that answers from a script per probe kind (the command names the kind), then repeats its last answer. */
function scriptedProber(script: Partial<Record<ProbeKind, ProbeResult['result'][]>>) {
  const calls: { kind: ProbeKind; at: number }[] = [];
  const prober: Prober = {
    async probe(probe) {
      const kind = probe.exec!.command![0] as ProbeKind;
      calls.push({ kind, at: Date.now() - T0 });
      const list = script[kind]!;
      return { result: list.length > 1 ? list.shift()! : list[0], message: `${kind} said so` };
    },
  };
  return { prober, calls };
}

const probe = (kind: ProbeKind, extra: Probe = {}): Probe => ({ exec: { command: [kind] }, periodSeconds: 1, ...extra });

function pod(container: Pod['spec'] extends infer S ? (S extends { containers: (infer C)[] } ? Partial<C> : never) : never): Pod {
  return { metadata: { name: 'web', namespace: 'default', uid: 'u1' }, spec: { containers: [{ name: 'app', image: 'x', ...container }] } };
}

describe('the probe manager', () => {
  let results: { container: string; kind: ProbeKind; update: ProbeUpdate; at: number }[];
  const consumer = { probeResult: (_uid: string, container: string, kind: ProbeKind, update: ProbeUpdate) => results.push({ container, kind, update, at: Date.now() - T0 }) };

  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
    results = [];
  });
  afterEach(() => vi.useRealTimers());

  it('runs a readiness probe every period and reports Ready both ways', async () => {
    const { prober, calls } = scriptedProber({ readiness: ['Failure', 'Success', 'Success', 'Failure', 'Failure'] });
    const manager = new ProbeManager({ prober, consumer });
    manager.updatePod('u1', { pod: pod({ readinessProbe: probe('readiness', { failureThreshold: 2 }) }), podIP: '10.0.0.2', containers: { app: { id: 'c1', running: true, startedAt: T0 } } });
    manager.start();
    await vi.advanceTimersByTimeAsync(4500);
    expect(calls.map((c) => c.at)).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(results.map((r) => [r.at, r.update.result])).toEqual([
      [1000, 'Success'],
      [4000, 'Failure'],
    ]);
    expect(manager.status('u1', 'app')).toEqual({ started: true, ready: false });
    manager.close();
  });

  it('asks for a restart after failureThreshold liveness failures, then waits for a new container', async () => {
    const { prober, calls } = scriptedProber({ liveness: ['Failure'] });
    const manager = new ProbeManager({ prober, consumer });
    const observe = (id: string, startedAt: number) =>
      manager.updatePod('u1', { pod: pod({ livenessProbe: probe('liveness', { initialDelaySeconds: 1 }) }), containers: { app: { id, running: true, startedAt } } });
    observe('c1', T0);
    manager.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls.map((c) => c.at)).toEqual([1000, 2000, 3000]);
    expect(results).toEqual([{ container: 'app', kind: 'liveness', update: { result: 'Failure', message: 'liveness said so', containerId: 'c1', restart: true }, at: 3000 }]);

    observe('c2', Date.now());
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.at(-1)!.at).toBe(11_000);
    manager.close();
  });

  it('runs liveness and readiness only after the startup probe succeeded', async () => {
    const { prober, calls } = scriptedProber({ startup: ['Failure', 'Failure', 'Success'], liveness: ['Success'], readiness: ['Success'] });
    const manager = new ProbeManager({ prober, consumer });
    manager.updatePod('u1', {
      pod: pod({ startupProbe: probe('startup', { failureThreshold: 5 }), livenessProbe: probe('liveness', { periodSeconds: 10 }), readinessProbe: probe('readiness', { periodSeconds: 10 }) }),
      containers: { app: { id: 'c1', running: true, startedAt: T0 } },
    });
    manager.start();
    await vi.advanceTimersByTimeAsync(1500);
    expect(manager.status('u1', 'app')).toEqual({ started: false, ready: false });
    await vi.advanceTimersByTimeAsync(1000);
    // Due at once: a zero-delay timer, which fires a millisecond later.
    expect(calls.map((c) => `${c.kind}@${Math.round(c.at / 100) * 100}`)).toEqual(['startup@0', 'startup@1000', 'startup@2000', 'liveness@2000', 'readiness@2000']);
    expect(manager.status('u1', 'app')).toEqual({ started: true, ready: true });
    manager.close();
  });

  it('stops probing when closed, when its signal aborts, and when a pod is removed', async () => {
    const { prober, calls } = scriptedProber({ readiness: ['Success'] });
    const abort = new AbortController();
    const manager = new ProbeManager({ prober, consumer, signal: abort.signal });
    const observation = { pod: pod({ readinessProbe: probe('readiness') }), containers: { app: { id: 'c1', running: true, startedAt: T0 } } };
    manager.updatePod('u1', observation);
    manager.start();
    await vi.advanceTimersByTimeAsync(1500);
    manager.removePod('u1');
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls).toHaveLength(2);
    expect(manager.status('u1', 'app')).toBeUndefined();

    manager.updatePod('u1', observation);
    await vi.advanceTimersByTimeAsync(1500);
    abort.abort();
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls).toHaveLength(4);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not probe a container without probes, nor one that is not running', async () => {
    const { prober, calls } = scriptedProber({ readiness: ['Success'] });
    const manager = new ProbeManager({ prober, consumer });
    manager.updatePod('u1', { pod: pod({ readinessProbe: probe('readiness') }), containers: { app: { id: 'c1', running: false } } });
    manager.start();
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls).toEqual([]);
    expect(manager.status('u1', 'app')).toEqual({ started: false, ready: false });
    manager.close();
  });

  it('keeps probing when the consumer throws', async () => {
    const { prober, calls } = scriptedProber({ readiness: ['Success', 'Failure'] });
    const errors: unknown[] = [];
    const manager = new ProbeManager({ prober, consumer: { probeResult: () => { throw new Error('boom'); } }, onError: (e) => errors.push(e) });
    manager.updatePod('u1', { pod: pod({ readinessProbe: probe('readiness', { failureThreshold: 1 }) }), containers: { app: { id: 'c1', running: true, startedAt: T0 } } });
    manager.start();
    await vi.advanceTimersByTimeAsync(2500);
    expect([calls.length, errors.length]).toEqual([3, 2]);
    manager.close();
  });
});
