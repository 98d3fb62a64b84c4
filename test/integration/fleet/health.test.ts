// Host health from heartbeats to a real agent (bootstrapped through the local transport): stop it → not Ready once
// the (shortened) grace period passes → start it → Ready again.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HostMonitor, readyStatus, sessionHealthProbe, type HostHealth } from '../../../src/fleet';
import { startLocalHost, type LocalHost } from './bootstrap-host';

let host: LocalHost;
let monitor: HostMonitor | undefined;

beforeAll(async () => {
  host = await startLocalHost('health');
}, 60_000);

afterAll(async () => {
  monitor?.close();
  await host?.stop();
});

describe('host health', () => {
  it('goes not Ready when the agent stops answering, and Ready when it is back', async () => {
    const changes: Array<HostHealth & { failedProbes: number }> = [];
    const healthz = sessionHealthProbe(() => host.session, { timeoutMs: 1_000 });
    let failedProbes = 0;
    monitor = new HostMonitor({
      probe: (name, signal) => healthz(name, signal).catch((err: unknown) => {
        failedProbes += 1;
        throw err;
      }),
      intervalMs: 200,
      timeoutMs: 1_000,
      gracePeriodMs: 2_000,
      onChange: (health) => changes.push({ ...health, failedProbes }),
    });
    monitor.watch('health');
    await vi.waitFor(() => expect(readyStatus(monitor!.health('health')!.conditions)).toBe('True'), { timeout: 10_000 });
    expect(monitor.health('health')).toMatchObject({ agentVersion: '0.1.0', lastError: undefined });

    await host.stopSupervisor();
    await vi.waitFor(() => expect(readyStatus(monitor!.health('health')!.conditions)).toBe('Unknown'), { timeout: 10_000, interval: 100 });
    // Not at the first failed probe: the grace period (2 s) held it Ready through more than one.
    expect(changes.at(-1)!.failedProbes).toBeGreaterThan(1);
    const silent = monitor.health('health')!.conditions[0];
    expect(silent).toMatchObject({ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown' });
    expect(silent.message).toMatch(/^Agent stopped answering: .*agent\.sock/);

    expect((await host.bootstrap()).outcome).toBe('installed');
    await vi.waitFor(() => expect(readyStatus(monitor!.health('health')!.conditions)).toBe('True'), { timeout: 10_000 });
    expect(changes.map((h) => readyStatus(h.conditions))).toEqual(['True', 'Unknown', 'True']);
  }, 40_000);
});
