// Host health on the shared lab: h3's link cut (its veth set down) → the HostMonitor, with Kubernetes' 40 s grace
// period, takes h3's Ready from True within 45 s while h1 and h2 stay Ready and answer fast; `berth hosts` shows h3
// NotReady with the reason; the link restored → Ready again. The link is always restored, whatever fails.
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labConfig, labFiles, type LabStatus } from '../../../src/lab';
import { acquireLock } from '../../../src/lab/lock';
import { DEFAULT_GRACE_PERIOD_MS, HostMonitor, readyStatus, sessionHealthProbe, statusRound, type Fleet } from '../../../src/fleet';
import { waitFor } from '../../helpers/wait';
import { berthBin, copyLabRepo, holdLab, labFleet, removeRepoCopy, sharedLab, waitUntil } from './lab-fleet';

const HOSTS = ['h1', 'h2', 'h3'];

let release: (() => void) | undefined;
let lab: LabStatus;
let repo: string;
let fleet: Fleet;
let monitor: HostMonitor | undefined;
let veth: string;

const linkUp = () => execFileSync('ip', ['link', 'set', veth, 'up']);
const ready = (host: string) => readyStatus(monitor!.health(host)!.conditions);

beforeAll(async () => {
  release = await holdLab('e2e-fleet/link-cut');
  lab = await sharedLab();
  veth = lab.hosts.find((h) => h.name === 'h3')!.veth;
  repo = copyLabRepo(lab);
  fleet = labFleet(repo);
  const round = await statusRound(fleet);
  expect(round.map((r) => [r.host, r.ok ? 'answers' : r.error.message])).toEqual(HOSTS.map((h) => [h, 'answers']));
}, 360_000);

afterAll(async () => {
  try {
    if (veth) linkUp();
    monitor?.close();
    await fleet?.close();
  } finally {
    removeRepoCopy(repo);
    release?.();
  }
}, 60_000);

describe("a lab host's link cut and restored", () => {
  it('h3 goes NotReady within 45 s while h1 and h2 stay Ready and fast, and is Ready again once its link is back', async () => {
    const changes: string[] = [];
    monitor = new HostMonitor({ probe: sessionHealthProbe((h) => fleet.session(h)), onChange: (h) => changes.push(`${h.host} ${readyStatus(h.conditions)}`) });
    expect(DEFAULT_GRACE_PERIOD_MS).toBe(40_000); // the default, not shortened: the issue's 45 s is 40 s of grace + a heartbeat
    monitor.setHosts(HOSTS);
    await waitUntil('every host Ready', () => HOSTS.every((h) => ready(h) === 'True'), 20_000);

    // `berth hosts` keeps its own heartbeat record in the repo: one now, so its grace period runs from before the cut.
    const listedBefore = berthBin(['hosts', '--repo', repo]);
    expect(listedBefore.code, listedBefore.stderr).toBe(0);

    // The lab's own lock, held while the link is down: a `berth lab up` meanwhile (another test run's global setup)
    // would "repair" h3 by setting its link up again; it waits instead.
    const releaseLab = await acquireLock(labFiles(labConfig()).lock, (line) => console.log(`link-cut: ${line}`));
    const cutAt = performance.now();
    execFileSync('ip', ['link', 'set', veth, 'down']);
    try {
      // The issue's 45 s is the bound of the wait, not a measured duration.
      const notReadyMs = await waitUntil('h3 leaves Ready', () => ready('h3') !== 'True', 45_000, 100);
      const h3 = monitor.health('h3')!;
      console.log(`link of h3 cut: Ready left True after ${(notReadyMs / 1000).toFixed(1)} s (last heartbeat ${h3.lastHeartbeat?.toISOString()}); condition: ${JSON.stringify(h3.conditions[0])}`);
      expect(h3.conditions[0]).toMatchObject({ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: expect.stringMatching(/^Agent stopped answering: /) });
      expect([ready('h1'), ready('h2')]).toEqual(['True', 'True']);

      // One dead host never delays the others: in a round, h1 and h2 answer before h3 fails at its own limit.
      const round = await statusRound(fleet, undefined, { timeoutMs: 5_000 });
      console.log(`status round with h3 cut: ${round.map((r) => `${r.host} ${r.ok ? 'ok' : 'failed'} ${r.ms} ms${r.ok ? '' : ` (${r.error.message})`}`).join('; ')}`);
      expect(round.map((r) => [r.host, r.ok])).toEqual([['h1', true], ['h2', true], ['h3', false]]);
      for (const r of round.slice(0, 2)) expect(r.ms).toBeLessThan(round[2].ms);

      // berth hosts: once its record of h3 is older than the grace period, h3 is NotReady.
      const listed = await waitFor(
        () => {
          const hosts = berthBin(['hosts', '--repo', repo, '--timeout', '5']);
          return /^h3\s+NotReady\s/m.test(hosts.stdout) && hosts;
        },
        { timeoutMs: DEFAULT_GRACE_PERIOD_MS + 30_000, intervalMs: 2_000, describe: 'berth hosts shows h3 NotReady' },
      );
      console.log(`berth hosts with h3 cut (${listed.ms} ms):\n${listed.stdout}${listed.stderr}`);
      expect(listed.stdout).toMatch(/^h1\s+Ready\s+10\.77\.0\.11\s/m);
      expect(listed.stdout).toMatch(/^h2\s+Ready\s+10\.77\.0\.12\s/m);
      expect(listed.stdout).toMatch(/^h3\s+NotReady\s+10\.77\.0\.13\s/m);
      expect(listed.stdout).toMatch(/^h3: NodeStatusUnknown: \S.*$/m);
    } finally {
      try {
        linkUp();
      } finally {
        releaseLab();
      }
    }
    const restoredAt = performance.now();
    const readyMs = await waitUntil('h3 Ready again', () => ready('h3') === 'True', 60_000, 100);
    console.log(`link of h3 restored: Ready again after ${(readyMs / 1000).toFixed(1)} s (cut lasted ${((restoredAt - cutAt) / 1000).toFixed(1)} s)`);
    for (const host of HOSTS) expect(changes.filter((c) => c.startsWith(`${host} `))).toEqual(host === 'h3' ? ['h3 True', 'h3 Unknown', 'h3 True'] : [`${host} True`]);
  }, 240_000);
});
