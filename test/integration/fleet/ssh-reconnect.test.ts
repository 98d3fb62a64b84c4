// A kept-alive connection that drops (the host's sshd restarted, or gone for a while) comes back by itself.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fleet, type SshSession } from '../../../src/fleet';
import { startSshd, type Sshd } from '../../helpers/sshd';

describe('reconnecting after the connection drops', () => {
  let sshd: Sshd;
  let fleet: Fleet;
  let s: SshSession;

  beforeAll(async () => {
    sshd = await startSshd();
    fs.writeFileSync(path.join(sshd.dir, 'known_hosts'), `${sshd.knownHostsLine}\n`);
    fleet = new Fleet(sshd.inventory(), { repoRoot: sshd.dir, readyTimeoutMs: 3_000, backoffMs: 200, maxBackoffMs: 1_000 });
    s = fleet.session('h1');
  });
  afterAll(async () => {
    await fleet.close();
    await sshd.stop();
    fs.rmSync(sshd.dir, { recursive: true, force: true });
  });

  it('a call after sshd restarted (every connection cut) runs on a new connection', async () => {
    expect((await s.exec('echo $PPID')).code).toBe(0);
    expect(s.connection.connected).toBe(true);
    await sshd.restart();
    const r = await s.exec('echo back', { timeoutMs: 10_000 });
    expect(r.stdout).toBe('back\n');
  });

  it('while the host is down, calls fail with the reason, naming the host; when it is back, the connection returns by itself', async () => {
    await sshd.stop();
    await expect.poll(() => s.connection.connected).toBe(false);
    const err = await s.exec('true', { timeoutMs: 1_500 }).catch((e) => e);
    expect(['HostUnreachable', 'HostTimeout']).toContain(err.code);
    expect(err.message).toMatch(/^host h1/);
    await sshd.restart();
    // Back-off is capped at 1 s here, so the background attempts find the host again without any call.
    await expect.poll(() => s.connection.connected, { timeout: 5_000 }).toBe(true);
    expect((await s.exec('echo up')).stdout).toBe('up\n');
  });

  it('after close, calls fail at once and nothing reconnects', async () => {
    await fleet.close();
    const err = await s.exec('true').catch((e) => e);
    expect(err.code).toBe('FleetClosed');
    expect(s.connection.connected).toBe(false);
  });
});
