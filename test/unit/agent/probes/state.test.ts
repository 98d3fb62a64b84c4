import type { Container, Probe } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import {
  isReady,
  isStarted,
  newContainerProbeState,
  nextDue,
  observeContainer,
  probeTiming,
  recordResult,
  type ContainerProbeState,
  type ProbeChange,
  type ProbeKind,
  type ProbeOutcome,
} from '../../../../src/agent/probes';

const T0 = Date.parse('2024-05-01T10:00:00Z');
const s = (seconds: number) => T0 + seconds * 1000;
const exec: Probe = { exec: { command: ['true'] } };

function running(container: Container, id = 'c1', startedAt = T0): ContainerProbeState {
  return observeContainer(newContainerProbeState(container), { id, running: true, startedAt }).state;
}

/** Feeds outcomes at the given seconds; returns the final state and every change. */
function feed(state: ContainerProbeState, kind: ProbeKind, steps: [number, ProbeOutcome][], id = 'c1') {
  const changes: ProbeChange[] = [];
  for (const [at, result] of steps) {
    const t = recordResult(state, kind, id, { result, message: `${result} at ${at}` }, s(at));
    state = t.state;
    changes.push(...t.changes);
  }
  return { state, changes };
}

describe('probe timing', () => {
  it('takes Kubernetes’ defaults where the probe says nothing', () => {
    expect(probeTiming({})).toEqual({ initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 });
  });

  it.each<[string, Probe, number[], number]>([
    ['runs at once when there is no initial delay', {}, [], s(0)],
    ['waits initialDelaySeconds after the container started', { initialDelaySeconds: 15 }, [], s(15)],
    ['runs every periodSeconds after the last probe began', { periodSeconds: 5 }, [0], s(5)],
    ['never before the initial delay, whatever the period', { initialDelaySeconds: 30, periodSeconds: 5 }, [0], s(30)],
  ])('%s', (_name, probe, probedAt, want) => {
    const { state } = feed(running({ name: 'app', readinessProbe: { ...exec, ...probe } }), 'readiness', probedAt.map((at) => [at, 'Failure']));
    expect(nextDue(state, 'readiness')).toBe(want);
  });

  it('does not run for a container that is not running', () => {
    const state = observeContainer(newContainerProbeState({ name: 'app', livenessProbe: exec }), { id: 'c1', running: false }).state;
    expect(nextDue(state, 'liveness')).toBeUndefined();
  });
});

describe('thresholds', () => {
  // kind, thresholds, outcomes in order (one per second), the published value after each
  it.each<[string, ProbeKind, Probe, ProbeOutcome[], string[]]>([
    ['readiness starts as Failure and flips on one success', 'readiness', {}, ['Success'], ['Success']],
    ['readiness needs successThreshold successes in a row', 'readiness', { successThreshold: 3 }, ['Success', 'Success', 'Failure', 'Success', 'Success', 'Success'], ['Failure', 'Failure', 'Failure', 'Failure', 'Failure', 'Success']],
    ['readiness goes back to Failure after failureThreshold failures', 'readiness', { failureThreshold: 2 }, ['Success', 'Failure', 'Failure', 'Success'], ['Success', 'Success', 'Failure', 'Success']],
    ['liveness starts as Success and fails after failureThreshold failures in a row', 'liveness', { failureThreshold: 3 }, ['Failure', 'Failure', 'Success', 'Failure', 'Failure', 'Failure'], ['Success', 'Success', 'Success', 'Success', 'Success', 'Failure']],
    ['an Unknown result (the probe could not run) is thrown away', 'readiness', { successThreshold: 2 }, ['Success', 'Unknown', 'Success'], ['Failure', 'Failure', 'Success']],
    ['a Warning counts as a success', 'readiness', {}, ['Warning'], ['Success']],
    ['startup starts Unknown and succeeds once', 'startup', {}, ['Failure', 'Success'], ['Unknown', 'Success']],
  ])('%s', (_name, kind, thresholds, outcomes, want) => {
    let state = running({ name: 'app', [`${kind}Probe`]: { ...exec, ...thresholds } });
    const values: string[] = [];
    outcomes.forEach((o, i) => {
      state = feed(state, kind, [[i, o]]).state;
      values.push(state.probes[kind]!.value);
    });
    expect(values).toEqual(want);
  });

  it('publishes only changes, with the failing probe’s message', () => {
    const { changes } = feed(running({ name: 'app', readinessProbe: { ...exec, failureThreshold: 1 } }), 'readiness', [
      [0, 'Success'],
      [1, 'Success'],
      [2, 'Failure'],
      [3, 'Failure'],
    ]);
    expect(changes).toEqual([
      { kind: 'readiness', result: 'Success', message: 'Success at 0', containerId: 'c1', restart: false },
      { kind: 'readiness', result: 'Failure', message: 'Failure at 2', containerId: 'c1', restart: false },
    ]);
  });
});

describe('liveness and startup failures', () => {
  it.each<[ProbeKind]>([['liveness'], ['startup']])('a %s failure asks for a restart and holds the probe until a new container', (kind) => {
    let { state, changes } = feed(running({ name: 'app', [`${kind}Probe`]: { ...exec, failureThreshold: 2 } }), kind, [
      [0, 'Failure'],
      [1, 'Failure'],
    ]);
    expect(changes).toEqual([{ kind, result: 'Failure', message: 'Failure at 1', containerId: 'c1', restart: true }]);
    expect(nextDue(state, kind)).toBeUndefined();
    expect(feed(state, kind, [[2, 'Failure'], [3, 'Failure']]).changes).toEqual([]);

    state = observeContainer(state, { id: 'c2', running: true, startedAt: s(60) }).state;
    expect(state.probes[kind]!.value).toBe(kind === 'liveness' ? 'Success' : 'Unknown');
    expect(nextDue(state, kind)).toBe(s(60));
  });

  it('throws away a result for a container that has been replaced', () => {
    const state = running({ name: 'app', readinessProbe: exec }, 'c2');
    expect(feed(state, 'readiness', [[0, 'Success']], 'c1').state).toBe(state);
  });
});

describe('the startup probe gates liveness and readiness', () => {
  const container: Container = { name: 'app', startupProbe: { ...exec, periodSeconds: 2 }, livenessProbe: exec, readinessProbe: exec };

  it('holds them until it succeeds, then stops itself and lets them run at once', () => {
    let state = running(container);
    expect([nextDue(state, 'startup'), nextDue(state, 'liveness'), nextDue(state, 'readiness')]).toEqual([s(0), undefined, undefined]);
    expect([isStarted(state), isReady(state)]).toEqual([false, false]);

    state = feed(state, 'startup', [[0, 'Failure'], [2, 'Success']]).state;
    expect([nextDue(state, 'startup'), nextDue(state, 'liveness'), nextDue(state, 'readiness')]).toEqual([undefined, s(0), s(0)]);
    expect([isStarted(state), isReady(state)]).toEqual([true, false]);

    state = feed(state, 'readiness', [[3, 'Success']]).state;
    expect(isReady(state)).toBe(true);
  });
});

describe('container changes', () => {
  it('a container that stops is no longer ready, and says so', () => {
    const ready = feed(running({ name: 'app', readinessProbe: exec }), 'readiness', [[0, 'Success']]).state;
    const t = observeContainer(ready, { id: 'c1', running: false, startedAt: T0 });
    expect([isReady(t.state), t.changes]).toEqual([false, [{ kind: 'readiness', result: 'Failure', containerId: 'c1', restart: false }]]);
  });

  it('a new container starts from the initial results and says it is not ready', () => {
    const ready = feed(running({ name: 'app', readinessProbe: exec, livenessProbe: exec }), 'readiness', [[0, 'Success']]).state;
    const t = observeContainer(ready, { id: 'c2', running: true, startedAt: s(10) });
    expect(t.state.probes.readiness).toMatchObject({ value: 'Failure', resultRun: 0 });
    expect(t.state.probes.readiness!.lastProbeAt).toBeUndefined();
    expect(t.changes).toEqual([{ kind: 'readiness', result: 'Failure', containerId: 'c2', restart: false }]);
  });

  it('a container without a readiness probe is ready once it runs', () => {
    expect(isReady(running({ name: 'app', livenessProbe: exec }))).toBe(true);
  });
});
