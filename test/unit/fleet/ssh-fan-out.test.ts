import { describe, expect, it } from 'vitest';
import { fanOut } from '../../../src/fleet';
import { parseEnv } from '../../../src/fleet/ssh/env';
import { Semaphore } from '../../../src/fleet/ssh/semaphore';

const hosts = (...names: string[]) => names.map((host) => ({ host }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fan-out over hosts', () => {
  it('returns one result per host in the given order, values and errors alike, and never throws', async () => {
    const results = await fanOut(hosts('h1', 'h2', 'h3'), async ({ host }) => {
      if (host === 'h2') throw new Error('boom');
      await sleep(host === 'h1' ? 20 : 0);
      return host.toUpperCase();
    });
    expect(results.map((r) => [r.host, r.ok, r.ok ? r.value : r.error.message])).toEqual([
      ['h1', true, 'H1'],
      ['h2', false, 'boom'],
      ['h3', true, 'H3'],
    ]);
    expect(results.every((r) => typeof r.ms === 'number')).toBe(true);
  });

  it('fails a host that overruns its timeout with an error naming it, aborts its signal, and does not wait for it', async () => {
    let aborted = false;
    // `stuck` never settles: had fanOut waited for it, the test would not end.
    const results = await fanOut(
      hosts('fast', 'stuck'),
      (h, signal) => (h.host === 'fast' ? Promise.resolve(1) : new Promise<number>(() => signal.addEventListener('abort', () => (aborted = true)))),
      { timeoutMs: 150, what: 'status' },
    );
    expect(results[0]).toMatchObject({ ok: true, value: 1 });
    expect(results[1]).toMatchObject({ ok: false, host: 'stuck' });
    expect(!results[1].ok && results[1].error.message).toBe('host stuck: status timed out after 150ms');
    expect(!results[1].ok && (results[1].error as { code?: string }).code).toBe('HostTimeout');
    expect(aborted).toBe(true);
  });

  it('keeps at most `concurrency` hosts in flight', async () => {
    let inFlight = 0;
    let most = 0;
    await fanOut(hosts(...Array.from({ length: 20 }, (_, i) => `h${i}`)), async () => {
      most = Math.max(most, ++inFlight);
      await sleep(5);
      inFlight--;
    }, { concurrency: 4 });
    expect(most).toBe(4);
  });

  it('turns a synchronous throw into that host\'s failed result', async () => {
    const [r] = await fanOut(hosts('h1'), () => {
      throw new Error('sync');
    });
    expect(r).toMatchObject({ ok: false, host: 'h1' });
  });
});

describe('session channel slots', () => {
  it('lets waiters in as slots free up, and drops a waiter whose signal aborts', async () => {
    const s = new Semaphore(1);
    const first = await s.acquire();
    const controller = new AbortController();
    const gaveUp = s.acquire(controller.signal);
    const next = s.acquire();
    controller.abort(new Error('late'));
    await expect(gaveUp).rejects.toThrow('late');
    first();
    const second = await next;
    second();
    (await s.acquire())();
  });
});

describe('a host\'s SSH environment', () => {
  it.each([
    ['NUL-separated, with a newline in a value', 'A=1\0B=two\nlines\0EMPTY=\0', { A: '1', B: 'two\nlines', EMPTY: '' }],
    ['one per line', 'A=1\nC=x=y\n', { A: '1', C: 'x=y' }],
  ])('is parsed from env output %s', (_n, out, env) => expect(parseEnv(out)).toEqual(env));
});
