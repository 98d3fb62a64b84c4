// Fan-out over hosts where one is a TCP server that accepts and never speaks, and one refuses: the others finish
// fast, the silent one fails at its timeout with an error naming it.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fleet } from '../../../src/fleet';
import type { Inventory } from '../../../src/manifest';
import { freePort, startSshd, type Sshd } from '../../helpers/sshd';

describe('fan-out across a fleet with a dead and a silent host', () => {
  let sshd: Sshd;
  let silent: net.Server;
  const held: net.Socket[] = [];
  let fleet: Fleet;

  beforeAll(async () => {
    sshd = await startSshd();
    silent = net.createServer((socket) => held.push(socket)); // accepts, never answers
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const silentPort = (silent.address() as net.AddressInfo).port;
    const deadPort = await freePort(); // nothing listens: connection refused
    const base = sshd.inventory('h1').hosts[0];
    const inventory: Inventory = {
      ...sshd.inventory(),
      hosts: [base, { ...base, name: 'h2' }, { ...base, name: 'silent', port: silentPort }, { ...base, name: 'dead', port: deadPort }, { ...base, name: 'h3' }],
    };
    fs.writeFileSync(path.join(sshd.dir, 'known_hosts'), `${sshd.knownHostsLine}\n`);
    fleet = new Fleet(inventory, { repoRoot: sshd.dir, readyTimeoutMs: 10_000 });
  });
  afterAll(async () => {
    await fleet.close();
    for (const socket of held) socket.destroy();
    silent.close();
    await sshd.stop();
    fs.rmSync(sshd.dir, { recursive: true, force: true });
  });

  it('returns every host, the live ones before the silent one, which failed at its timeout naming it', async () => {
    const results = await fleet.fanOut(undefined, (s) => s.exec('echo $BERTH_NONE ok'), { timeoutMs: 2_000, what: 'status' });
    const byHost = Object.fromEntries(results.map((r) => [r.host, r]));
    expect(results.map((r) => r.host)).toEqual(['h1', 'h2', 'silent', 'dead', 'h3']);
    for (const h of ['h1', 'h2', 'h3']) {
      expect(byHost[h]).toMatchObject({ ok: true, value: { code: 0, stdout: 'ok\n' } });
      expect(byHost[h].ms).toBeLessThan(byHost.silent.ms);
    }
    expect(byHost.silent.ok).toBe(false);
    expect(!byHost.silent.ok && byHost.silent.error.message).toBe('host silent: status timed out after 2s');
    expect(!byHost.dead.ok && byHost.dead.error.message).toMatch(/^host dead \(127\.0\.0\.1:\d+\) is unreachable: ECONNREFUSED/);
    expect(byHost.dead.ms).toBeLessThan(byHost.silent.ms);
  });

  it('a second round reuses the kept connections: no new logins', async () => {
    const logins = () => sshd.log().match(/Accepted publickey/g)?.length ?? 0;
    const before = logins();
    expect(before).toBe(3);
    const results = await fleet.fanOut(['h1', 'h2', 'h3'], (s) => s.exec('true'), { timeoutMs: 2_000 });
    expect(results.every((r) => r.ok)).toBe(true);
    expect(logins()).toBe(before);
  });

  it('names a host that is not in the inventory as a failed result, without throwing', async () => {
    const [r] = await fleet.fanOut(['h9'], (s) => s.exec('true'));
    expect(!r.ok && r.error.message).toMatch(/^host h9 is not in the inventory \(hosts.yaml has: h1, h2, silent, dead, h3\)$/);
  });
});
