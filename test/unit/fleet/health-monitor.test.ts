import { afterEach, describe, expect, it, vi } from 'vitest';
import { HostMonitor, type HostHealth } from '../../../src/fleet/health-monitor';
import { readyStatus } from '../../../src/fleet/health-conditions';

let monitor: HostMonitor | undefined;
afterEach(() => monitor?.close());

describe('the host monitor', () => {
  it('marks a silent host not Ready after the grace period, and Ready when it answers again', async () => {
    let clock = new Date('2026-03-01T10:00:00Z').getTime();
    let up = true;
    const changes: string[] = [];
    monitor = new HostMonitor({
      probe: async () => {
        if (!up) throw new Error('connect ECONNREFUSED');
        return { version: '0.2.0' };
      },
      intervalMs: 5,
      gracePeriodMs: 40_000,
      now: () => new Date(clock),
      onChange: (h: HostHealth) => changes.push(`${h.host}=${readyStatus(h.conditions)}`),
    });
    monitor.watch('h1');
    await vi.waitFor(() => expect(readyStatus(monitor!.health('h1')!.conditions)).toBe('True'));
    expect(monitor.health('h1')!.agentVersion).toBe('0.2.0');

    up = false;
    clock += 39_000;
    await vi.waitFor(() => expect(monitor!.health('h1')!.lastError).toBe('connect ECONNREFUSED'));
    expect(readyStatus(monitor.health('h1')!.conditions)).toBe('True');
    clock += 2_000;
    await vi.waitFor(() => expect(changes).toContain('h1=Unknown'));
    expect(monitor.health('h1')!.conditions[0].message).toBe('Agent stopped answering: connect ECONNREFUSED');

    up = true;
    await vi.waitFor(() => expect(readyStatus(monitor!.health('h1')!.conditions)).toBe('True'));
    expect(changes).toEqual(['h1=True', 'h1=Unknown', 'h1=True']);
  });

  it('never lets a host that does not answer delay another', async () => {
    const beats = new Map<string, number>();
    monitor = new HostMonitor({
      probe: (host) => {
        beats.set(host, (beats.get(host) ?? 0) + 1);
        return host === 'slow' ? new Promise(() => {}) : Promise.resolve({ version: '1' });
      },
      intervalMs: 5,
      timeoutMs: 200,
    });
    monitor.setHosts(['slow', 'fast']);
    await vi.waitFor(() => expect(beats.get('fast')).toBeGreaterThan(5));
    expect(beats.get('slow')).toBe(1);
    await vi.waitFor(() => expect(monitor!.health('slow')!.lastError).toBe('no answer within 200 ms'));
    expect(readyStatus(monitor.health('slow')!.conditions)).toBe('Unknown');
  });

  it('stops heartbeating hosts that leave the list', async () => {
    const beats = new Map<string, number>();
    monitor = new HostMonitor({ probe: async (host) => (beats.set(host, (beats.get(host) ?? 0) + 1), { version: '1' }), intervalMs: 5 });
    monitor.setHosts(['a', 'b']);
    await vi.waitFor(() => expect(beats.get('b')).toBeGreaterThan(1));
    monitor.setHosts(['a']);
    const frozen = beats.get('b');
    await vi.waitFor(() => expect(beats.get('a')).toBeGreaterThan((frozen ?? 0) + 5));
    expect(beats.get('b')).toBeLessThanOrEqual((frozen ?? 0) + 1);
    expect(monitor.health('b')).toBeUndefined();
    expect(monitor.all().map((h) => h.host)).toEqual(['a']);
  });
});
