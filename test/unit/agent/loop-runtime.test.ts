import { describe, expect, it } from 'vitest';
import { RuntimeHealth, RuntimeTimeout, withinDeadline } from '../../../src/agent/loop/runtime-health';

const T0 = Date.parse('2026-01-01T00:00:00Z');

describe('RuntimeHealth', () => {
  it('is ready, and lets every pass try, until a failure', () => {
    const h = new RuntimeHealth();
    expect(h.ready).toBe(true);
    expect(h.status()).toEqual({ ready: true });
    expect(h.mayTry(T0)).toBe(true);
    expect(h.succeeded(T0)).toBeUndefined();
  });

  it('backs off 1 s, 2 s, 4 s, then 5 s at most between attempts while the runtime is down', () => {
    const h = new RuntimeHealth();
    const waits: number[] = [];
    let now = T0;
    for (let i = 0; i < 6; i++) {
      h.failed('connect ENOENT /run/docker.sock', now);
      let next = now;
      while (!h.mayTry(next)) next += 100;
      waits.push(next - now);
      now = next;
    }
    expect(waits).toEqual([1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('reports the outage with its reason, message and start, as the Node condition wants it', () => {
    const h = new RuntimeHealth();
    h.failed('connect ENOENT /run/docker.sock', T0);
    h.failed('connect ENOENT /run/docker.sock', T0 + 1000);
    expect(h.status()).toEqual({
      ready: false,
      reason: 'ContainerRuntimeDown',
      message: 'container runtime is down: connect ENOENT /run/docker.sock',
      since: '2026-01-01T00:00:00.000Z',
    });
  });

  it('logs the first failure, a changed error, then fewer and fewer lines, and the end of the outage', () => {
    const h = new RuntimeHealth();
    const logged: number[] = [];
    for (let attempt = 1; attempt <= 20; attempt++) if (h.failed('ECONNREFUSED', T0 + attempt * 5000)) logged.push(attempt);
    expect(logged).toEqual([1, 2, 4, 8, 16]);
    expect(h.failed('ENOENT', T0 + 200_000)).toContain('attempt 21');
    expect(h.succeeded(T0 + 205_000)).toBe('container runtime reachable again after 200s and 21 failed attempts');
    expect(h.ready).toBe(true);
    expect(h.mayTry(T0 + 205_000)).toBe(true);
  });
});

describe('withinDeadline: an engine call that gets no answer counts as the engine down', () => {
  it('gives the answer that comes in time', async () => {
    await expect(withinDeadline(async () => 'answer', 60_000)).resolves.toBe('answer');
  });

  it('rejects with RuntimeTimeout when no answer comes, and aborts the call through its signal', async () => {
    let signal: AbortSignal | undefined;
    const wedged = withinDeadline((s) => {
      signal = s;
      return new Promise<never>((_, reject) => s.addEventListener('abort', () => reject(new Error('aborted'))));
    }, 20);
    await expect(wedged).rejects.toThrow(new RuntimeTimeout(20));
    await expect(wedged).rejects.toMatchObject({ code: 'RuntimeTimeout', message: 'the Docker Engine did not answer within 0.02 s' });
    expect(signal?.aborted).toBe(true);
  });

  it("passes the call's own failure on", async () => {
    await expect(withinDeadline(async () => Promise.reject(new Error('connect ENOENT')), 60_000)).rejects.toThrow('connect ENOENT');
  });
});
