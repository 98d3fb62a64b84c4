// GET /v1/pods as a cheap poll and a trigger, against a real agent and the real engine: an unchanged report is a 304,
// a watch is answered by a readiness flip or a killed container, times out with a 304, and lets go of its
// waiter when the client leaves; the controller's side (observeHosts, ReportWatch) over the agent's socket.
// How fast a watch answers is bench/pod-watch.ts's to measure.
import fs from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodsAnswer } from '../../../src/agent';
import { observeHosts } from '../../../src/controller/observe';
import { waitFor } from '../../helpers/wait';
import { ReportWatch } from '../../../src/controller/report-watch';
import { fanOut, Fleet, LocalSession } from '../../../src/fleet';
import { BUSYBOX_IMAGE } from '../../helpers/images';
import { startSshd } from '../../helpers/sshd';
import { condition, eventually, startHarness, type Harness } from './harness';

let h: Harness;

const pod: Pod = {
  metadata: { name: 'watched', namespace: 'default', uid: 'uid-watched' },
  spec: {
    terminationGracePeriodSeconds: 0,
    containers: [
      {
        name: 'app',
        image: BUSYBOX_IMAGE,
        // Ready from the start: a failing probe is an Unhealthy event each period, a new report each time, and these
        // tests need a report that stays as it is.
        command: ['sh', '-c', 'mkdir -p /tmp; touch /tmp/ready; exec sleep 3600'],
        readinessProbe: { exec: { command: ['test', '-f', '/tmp/ready'] }, periodSeconds: 1 },
      },
    ],
  },
};

beforeAll(async () => {
  h = await startHarness('podwatch');
  await h.setPods([pod]);
  await eventually(async () => expect(condition(await h.pod('watched'), 'Ready')?.status).toBe('True'));
});

afterAll(async () => {
  await h?.stop();
});

/** A raw GET, to see exactly what the agent answers; `leave` aborted leaves before the answer. */
function get(path: string, headers: Record<string, string> = {}, leave?: AbortSignal): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: h.agent.socketPath, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    leave?.addEventListener('abort', () => req.destroy(), { once: true });
    req.end();
  });
}

/** The report's ETag once a whole pass leaves it as it was (a pass in progress may still move it). */
async function settledEtag(): Promise<string> {
  return eventually(async () => {
    const first = await h.client.pods();
    await h.agent.sync();
    const second = await h.client.pods();
    expect(second.etag).toBe(first.etag);
    return second.etag!;
  });
}

/** Starts a watch from `etag`, waits until the agent holds it, then acts; the watch's answer. */
async function watchAcross(etag: string, act: () => Promise<void>): Promise<PodsAnswer> {
  const before = h.agent.podWatchers;
  const watching = h.client.pods({ etag, watch: true, timeoutSeconds: 30 });
  await eventually(() => expect(h.agent.podWatchers).toBe(before + 1), 2_000);
  await act();
  return watching;
}

const exec = async (command: string[]) => expect((await h.client.exec('default', 'watched', { command })).exitCode).toBe(0);

describe('GET /v1/pods with an ETag', () => {
  it('answers the same ETag and resourceVersion while nothing changes, and 304 without a body to If-None-Match', async () => {
    const etag = await settledEtag();
    const full = await get('/v1/pods');
    expect(full.status).toBe(200);
    expect(full.headers.etag).toBe(etag);
    expect(`"${JSON.parse(full.body).resourceVersion}"`).toBe(etag);
    const unchanged = await get('/v1/pods', { 'If-None-Match': etag });
    expect(unchanged).toMatchObject({ status: 304, body: '' });
    expect(unchanged.headers.etag).toBe(etag);
    expect(await h.client.pods({ etag })).toEqual({ notModified: true, etag });
    // Another ETag is not this report: the whole of it comes back.
    expect(await get('/v1/pods', { 'If-None-Match': '"something-else"' })).toMatchObject({ status: 200 });
  });

  it('refuses a watch longer than 60 s, or a timeout that is not a number, with a JSON error', async () => {
    for (const query of ['watch=true&timeoutSeconds=61', 'watch=true&timeoutSeconds=soon']) {
      const answer = await get(`/v1/pods?${query}`);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'BadRequest', reason: 'BadRequest', message: expect.stringContaining('timeoutSeconds') });
    }
  });
});

describe('watching GET /v1/pods', () => {
  it('times out with 304 when nothing changes', async () => {
    const etag = await settledEtag();
    const watching = h.client.pods({ etag, watch: true, timeoutSeconds: 1 });
    await eventually(() => expect(h.agent.podWatchers).toBe(1), 2_000); // held, not answered at once
    const answer = await watching;
    expect(answer).toEqual({ notModified: true, etag });
    expect(h.agent.podWatchers).toBe(0);
  });

  it('answers at once a watch from a report the client does not have', async () => {
    // Nothing changes meanwhile: a full report (not the 304 its timeout would give) is the answer at once.
    const answer = await h.client.pods({ etag: '"old"', watch: true, timeoutSeconds: 30 });
    expect(answer.notModified).toBe(false);
  });

  it('answers a readiness flip, with the pod not Ready', async () => {
    const etag = await settledEtag();
    expect(condition(await h.pod('watched'), 'Ready')?.status).toBe('True');
    const answer = await watchAcross(etag, () => exec(['rm', '/tmp/ready']));
    expect(answer.notModified).toBe(false);
    if (answer.notModified) return;
    expect(answer.etag).not.toBe(etag);
    await eventually(async () => expect(condition(await h.pod('watched'), 'Ready')?.status).toBe('False'));
    await exec(['touch', '/tmp/ready']); // Ready again: the report stays still for the next tests
  });

  it('answers its container being killed, and many watchers at once', async () => {
    await eventually(async () => expect(condition(await h.pod('watched'), 'Ready')?.status).toBe('True'));
    const etag = await settledEtag();
    const restarts = (await h.pod('watched')).status?.containerStatuses?.[0]?.restartCount ?? 0;
    const others = Array.from({ length: 20 }, () => h.client.pods({ etag, watch: true, timeoutSeconds: 30 }));
    const [app] = await h.docker.listContainers({ filters: { label: [`berth.dev/cluster=${h.cluster}`, 'berth.dev/container=app'], status: ['running'] } });
    await eventually(() => expect(h.agent.podWatchers).toBe(20), 2_000);
    const answer = await watchAcross(etag, async () => void (await h.docker.getContainer(app.Id).kill()));
    expect(answer.notModified).toBe(false);
    if (answer.notModified) return;
    const status = answer.list.items[0].status?.containerStatuses?.[0];
    // Either the agent saw it dead, or already restarted it: both are a new report.
    expect(status?.state?.running === undefined || (status?.restartCount ?? 0) > restarts).toBe(true);
    for (const other of await Promise.all(others)) expect(other.notModified).toBe(false);
    expect(h.agent.podWatchers).toBe(0);
  });

  it('lets go of the waiter of a client that leaves', async () => {
    const etag = await settledEtag();
    const leave = new AbortController();
    const leaving = get('/v1/pods?watch=true&timeoutSeconds=30', { 'If-None-Match': etag }, leave.signal).catch((err: Error) => err);
    await eventually(() => expect(h.agent.podWatchers).toBe(1), 2_000);
    leave.abort();
    expect(await leaving).toBeInstanceOf(Error);
    await eventually(() => expect(h.agent.podWatchers).toBe(0), 2_000);
    // And one abandoned through the client's signal.
    const abort = new AbortController();
    const watching = h.client.pods({ etag, watch: true, timeoutSeconds: 30, signal: abort.signal });
    await eventually(() => expect(h.agent.podWatchers).toBe(1), 2_000);
    abort.abort();
    await expect(watching).rejects.toMatchObject({ name: 'AbortError' });
    await eventually(() => expect(h.agent.podWatchers).toBe(0), 2_000);
  });
});

describe('the controller’s side, over the agent’s socket', () => {
  const session = (host: string) => new LocalSession({ host, env: { BERTH_AGENT_SOCKET: h.agent.socketPath } });
  const fleet = { fanOut: (hosts: readonly string[], fn: Parameters<Fleet['fanOut']>[1], options: Parameters<Fleet['fanOut']>[2]) => fanOut(hosts.map((host) => ({ host })), ({ host }, signal) => fn(session(host), signal), options) } as unknown as Fleet;

  it('observes an unchanged host as the very pods array it had', async () => {
    await settledEtag();
    const [first] = await observeHosts(fleet, ['h1'], { timeoutMs: 5_000 });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const [second] = await observeHosts(fleet, ['h1'], { timeoutMs: 5_000, previous: new Map([['h1', first]]) });
    expect(second.ok && second.pods).toBe(first.pods);
    expect(second.ok && second.etag).toBe(first.etag);
  });

  it('asks a host only for what it lacks: unchanged facts and a watch’s report still current come back as the very objects', async () => {
    await settledEtag();
    const [answered] = await observeHosts(fleet, ['h1'], { timeoutMs: 5_000 });
    if (!answered.ok) throw answered.error;
    expect(answered.factsEtag).toMatch(/^W\/"/);
    // The machine's engine is shared with the other test files, which build and remove images: facts that changed in
    // between are a new answer, and the host is asked again until two answers in a row agree.
    let first = answered;
    await waitFor(async () => {
      const [second] = await observeHosts(fleet, ['h1'], { timeoutMs: 5_000, previous: new Map([['h1', first]]) });
      if (!second.ok) throw second.error;
      if (second.facts === first.facts) return true;
      first = second;
      return false;
    }, { timeoutMs: 20_000, describe: 'unchanged facts answered 304 and kept as the very object' });
    // A report a watch delivered, which is still the host's: the agent answers 304 and the delivered pods are used.
    const watched = { etag: first.etag, generation: first.generation, pods: [...first.pods] };
    const [third] = await observeHosts(fleet, ['h1'], { timeoutMs: 5_000, previous: new Map([['h1', first]]), watched: new Map([['h1', watched]]) });
    expect(third.ok && third.pods).toBe(watched.pods);
    // One a newer state overtook on the way (its ETag is not the agent's any more): the host's current report wins.
    const overtaken = { etag: '"overtaken"', generation: first.generation, pods: [] };
    const [fourth] = await observeHosts(fleet, ['h1'], { timeoutMs: 5_000, previous: new Map([['h1', first]]), watched: new Map([['h1', overtaken]]) });
    expect(fourth.ok && fourth.etag).toBe(first.etag);
    expect(fourth.ok && fourth.pods.map((p) => p.metadata?.name)).toEqual(first.pods.map((p) => p.metadata?.name));
  });

  it('tells which host changed when its pod’s readiness flips', async () => {
    const etag = await settledEtag();
    // The container killed above came back (and made /tmp/ready again); either way round is a flip.
    const ready = condition(await h.pod('watched'), 'Ready')?.status === 'True';
    const changed: string[] = [];
    const watch = ReportWatch.overFleet({ session }, { hosts: ['h1'], onChange: (host) => changed.push(host), lastSeen: () => etag });
    try {
      await eventually(() => expect(h.agent.podWatchers).toBe(1), 2_000);
      await exec(ready ? ['rm', '-f', '/tmp/ready'] : ['touch', '/tmp/ready']);
      await eventually(() => expect(changed).toEqual(['h1']), 3_000);
    } finally {
      await watch.close();
    }
    await eventually(() => expect(h.agent.podWatchers).toBe(0), 2_000);
  });
});

describe('the controller’s side, over a real SSH connection', () => {
  it('watches through the fleet’s session, and neither holds up the fleet’s close nor leaves a waiter behind', async () => {
    const sshd = await startSshd({ env: () => ({ BERTH_AGENT_SOCKET: h.agent.socketPath }) });
    fs.writeFileSync(path.join(sshd.dir, 'known_hosts'), `${sshd.knownHostsLine}\n`);
    const fleet = new Fleet(sshd.inventory('h1'), { repoRoot: sshd.dir, readyTimeoutMs: 5_000 });
    const changed: string[] = [];
    // Long-polls of 60 s, longer than the test may run: a close that waited for one would fail the test.
    const watch = ReportWatch.overFleet(fleet, { hosts: ['h1'], onChange: (host) => changed.push(host), lastSeen: () => '"not-this-one"', timeoutSeconds: 60 });
    try {
      // The controller's ETag is not the agent's: the first answer is a change, then it waits.
      await eventually(() => expect(changed).toEqual(['h1']), 5_000);
      await eventually(() => expect(h.agent.podWatchers).toBe(1), 2_000);
      const ready = condition(await h.pod('watched'), 'Ready')?.status === 'True';
      await exec(ready ? ['rm', '-f', '/tmp/ready'] : ['touch', '/tmp/ready']);
      await eventually(() => expect(changed).toEqual(['h1', 'h1']), 3_000);
      await eventually(() => expect(h.agent.podWatchers).toBe(1), 2_000);
      // A long-poll is open: the fleet still closes, and the agent lets the waiter go.
      await fleet.close();
      await eventually(() => expect(h.agent.podWatchers).toBe(0), 2_000);
    } finally {
      await watch.close();
      await fleet.close();
      await sshd.stop();
      fs.rmSync(sshd.dir, { recursive: true, force: true });
    }
  });
});
