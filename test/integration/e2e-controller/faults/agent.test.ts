// Faults of a host, on the shared 3-host lab under a running `berth controller`: a host's agent killed with SIGKILL;
// its desired set torn on disk (then its last good copy too); its Docker Engine restarted; its state folder full.
// Each time nothing is lost (every pod runs again, the agent's state is whole or recovered with an event) and no
// healthy pod restarts: every container that ran on a healthy host (or, for the agent's own faults, on any host) runs
// still, same ID, same start time, never started again by its engine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1';
import { afterAll, describe, expect, it } from 'vitest';
import { agentClientFor } from '../../../../src/fleet';
import { ensureSharedLab, ssh } from '../../../helpers/lab';
import { commitEdit, controllerSuite, git, isReady, podsOf, startController, waitUntil } from '../controller-lab';
import { agentHome, alive, bootstrapThisBuild, dockerdPid, epochSeconds, killAgent, onHosts, restartedOf, runningContainers, sh } from './fault-lab';

const suite = controllerSuite('e2e-controller/faults/agent', ({ repo }) => {
  git(repo, 'rm', '-q', '-r', 'apps/web', 'apps/jobs');
  git(repo, 'commit', '-q', '-m', 'the log shipper alone');
  bootstrapThisBuild(repo);
});
let stateTmpfs: (() => void) | undefined; // set while h3's state folder is on a small tmpfs: puts it back
// Registered after the suite's, so it runs first: h3's state folder back on its own disk before the hosts are emptied.
afterAll(() => stateTmpfs?.(), 120_000);

const shipperOn = async (host: string): Promise<Pod | undefined> =>
  (await podsOf(suite.controller!.client)).find((p) => p.metadata?.labels?.['app.kubernetes.io/name'] === 'log-shipper' && p.spec?.nodeName === host);
const everyShipperRunning = async () => {
  for (const host of ['h1', 'h2', 'h3']) if ((await shipperOn(host))?.status?.phase !== 'Running') return false;
  return true;
};
const agentOf = (host: string) => agentClientFor(suite.fleet.session(host));
const generationOf = (host: string) => agentOf(host).listPods().then((l) => l.generation, () => undefined);
const eventsOf = async (host: string, reason: string) => (await suite.controller!.client.events()).filter((e) => e.involvedObject?.name === host && e.reason === reason);

describe("a host's faults under the controller", () => {
  it('kill -9 of an agent: its state intact, its running pods adopted, none restarted', async () => {
    // No automatic bootstrap: a host whose agent is down for a moment (the state folder's move) must not get one
    // from the controller meanwhile; the supervisor alone restarts a killed agent, as on a real host.
    suite.controller = await startController(suite.repo, ['--eviction-timeout', '20', '--no-bootstrap']);
    await waitUntil('a log shipper Running on every host', everyShipperRunning, 90_000, 500);
    const generation = await generationOf('h2');
    const before = await runningContainers(suite.lab, suite.controller!.client);
    const since = epochSeconds();
    await killAgent(suite.lab, 'h2');
    await waitUntil('the new agent of h2 answers', async () => (await generationOf('h2')) !== undefined, 30_000, 200);
    expect(await generationOf('h2')).toBe(generation);
    await waitUntil('its shipper reported Running again', async () => (await shipperOn('h2'))?.status?.phase === 'Running', 30_000, 500);
    expect(await restartedOf(suite.lab, before, since)).toEqual([]);
  }, 180_000);

  it('a torn desired set on disk: kept aside, the last good copy used, an event on the Node, no pod restarted', async () => {
    const generation = await generationOf('h2');
    const before = await runningContainers(suite.lab, suite.controller!.client);
    const since = epochSeconds();
    const file = path.join(agentHome(suite.lab, 'h2'), 'desired.json');
    const asideBefore = keptAside('h2');
    await killAgent(suite.lab, 'h2', () => tear(file));
    const [event] = await waitFor(() => eventsOf('h2', 'StateFileRecovered'), 30_000);
    expect(event.message).toMatch(/desired\.json on h2 was torn \(not valid JSON.*kept aside as .*desired\.json\.corrupt-.*last good copy/);
    await waitUntil('the new agent of h2 answers, at the generation it had', async () => (await generationOf('h2')) === generation, 30_000, 200);
    const aside = keptAside('h2').filter((f) => !asideBefore.includes(f));
    expect(aside).toEqual([expect.stringMatching(/^desired\.json\.corrupt-/)]);
    removeKeptAside('h2', aside);
    expect(await restartedOf(suite.lab, before, since)).toEqual([]);
  }, 120_000);

  it('the desired set and its copy both torn: the agent holds its pods until the controller sends them again, none restarted', async () => {
    const before = await runningContainers(suite.lab, suite.controller!.client);
    const since = epochSeconds();
    const file = path.join(agentHome(suite.lab, 'h2'), 'desired.json');
    const seen = (await eventsOf('h2', 'StateFileRecovered')).length;
    const asideBefore = keptAside('h2');
    await killAgent(suite.lab, 'h2', () => {
      tear(file);
      tear(`${file}.last-good`);
    });
    const events = await waitFor(async () => ((await eventsOf('h2', 'StateFileRecovered')).length > seen ? eventsOf('h2', 'StateFileRecovered') : []), 30_000);
    expect(events.at(-1)!.message).toMatch(/last good copy was unreadable too: the agent held its running pods/);
    await waitUntil('h2 has its set again', async () => ((await generationOf('h2')) ?? 0) > 0 && (await shipperOn('h2'))?.status?.phase === 'Running', 30_000, 500);
    const aside = keptAside('h2').filter((f) => !asideBefore.includes(f)).sort();
    expect(aside).toEqual([expect.stringMatching(/^desired\.json\.corrupt-/), expect.stringMatching(/^desired\.json\.last-good\.corrupt-/)]);
    removeKeptAside('h2', aside);
    expect(await restartedOf(suite.lab, before, since)).toEqual([]);
  }, 120_000);

  it("a host's Docker Engine restarted: its pods run again, the same pods; no pod of another host restarted", async () => {
    const others = onHosts(await runningContainers(suite.lab, suite.controller!.client), ['h1', 'h2']);
    const since = epochSeconds();
    const shipper = (await shipperOn('h3'))!;
    const pid = dockerdPid('h3');
    process.kill(pid, 'SIGTERM'); // as `systemctl restart docker` stops it: every container of h3 stops with it
    await waitUntil('the engine of h3 gone', () => !alive(pid), 60_000, 200);
    await ensureSharedLab(); // the lab's repair: starts h3's engine again, as its init system would
    const ms = await waitUntil("h3's shipper Running again", async () => {
      const now = await shipperOn('h3');
      return now?.status?.phase === 'Running' && now.status.containerStatuses?.[0]?.state?.running !== undefined;
    }, 90_000, 500);
    console.log(`engine of h3 restarted: its shipper Running again after ${(ms / 1000).toFixed(1)} s`);
    const now = (await shipperOn('h3'))!;
    expect(now.metadata?.uid).toBe(shipper.metadata?.uid);
    expect(await restartedOf(suite.lab, others, since)).toEqual([]);
  }, 180_000);

  it('a full state folder: the host says so (DiskPressure), refuses a new pod (Pending), keeps its pods running, writes no torn file', async () => {
    await stateFolderOnTmpfs('h3');
    const home = agentHome(suite.lab, 'h3');
    await waitUntil("h3's agent answers from the small state folder", async () => (await generationOf('h3')) !== undefined && (await shipperOn('h3'))?.status?.phase === 'Running', 60_000, 500);
    const generation = await generationOf('h3');
    const before = await runningContainers(suite.lab, suite.controller!.client);
    const since = epochSeconds();
    fill(path.join(home, 'filler'));

    commitEdit(suite.repo, 'apps/pinned.yaml', () => PINNED, 'a pod for h3');
    const node = async () => (await suite.controller!.client.nodes()).find((n) => n.metadata?.name === 'h3');
    await waitUntil('h3 under DiskPressure', async () => (await node())?.status?.conditions?.some((c) => c.type === 'DiskPressure' && c.status === 'True') ?? false, 30_000, 500);
    const pressure = (await node())!.status!.conditions!.find((c) => c.type === 'DiskPressure')!;
    expect(pressure).toMatchObject({ reason: 'StateFolderFull', message: expect.stringContaining(`state folder ${home} is full`) });
    const [refused] = await waitFor(async () => (await eventsOf('h3', 'ApplyFailed')).filter((e) => /state folder .* is full/.test(e.message ?? '')), 30_000);
    console.log(`h3's state folder full: ${refused.message}`);
    const pinned = async () => (await podsOf(suite.controller!.client)).find((p) => p.metadata?.labels?.app === 'pinned');
    expect((await pinned())?.status?.phase ?? 'Pending').toBe('Pending');
    expect(await generationOf('h3')).toBe(generation);
    expect(fs.readdirSync(home).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
    expect(() => JSON.parse(fs.readFileSync(path.join(home, 'desired.json'), 'utf8'))).not.toThrow();
    expect(await restartedOf(suite.lab, before, since)).toEqual([]);

    fs.rmSync(path.join(home, 'filler'));
    const ms = await waitUntil('the pinned pod Ready on h3', async () => {
      const p = await pinned();
      return p !== undefined && isReady(p) && p.spec?.nodeName === 'h3';
    }, 60_000, 500);
    console.log(`space freed on h3: the pinned pod Ready after ${(ms / 1000).toFixed(1)} s`);
    expect((await node())!.status!.conditions!.some((c) => c.type === 'DiskPressure')).toBe(false);
    expect(await eventsOf('h3', 'StateFolderWritable')).toHaveLength(1);
    expect(await restartedOf(suite.lab, before, since)).toEqual([]);
  }, 240_000);
});

/** The state files kept aside in a host's agent home (the lab's homes outlive a test run: compare before and after). */
function keptAside(host: string): string[] {
  return fs.readdirSync(agentHome(suite.lab, host)).filter((f) => f.includes('.corrupt-'));
}

/** Removes what a test kept aside, once checked: the lab is shared. */
function removeKeptAside(host: string, files: string[]): void {
  for (const f of files) fs.rmSync(path.join(agentHome(suite.lab, host), f), { force: true });
}

/** Cuts a file to a third of its length, as a write lost to a power failure leaves it. */
function tear(file: string): void {
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, text.slice(0, Math.floor(text.length / 3)));
}

/** Fills the file system of `file` to the last byte (dd stops at ENOSPC and exits 1). */
function fill(file: string): void {
  try {
    sh('dd', ['if=/dev/zero', `of=${file}`, 'bs=64k']);
  } catch {
    // ENOSPC: full, as wanted
  }
}

/** Polls until `fn` gives a non-empty list. */
async function waitFor<T>(fn: () => Promise<T[]>, timeoutMs: number): Promise<T[]> {
  let found: T[] = [];
  await waitUntil('it', async () => (found = await fn()).length > 0, timeoutMs, 500);
  return found;
}

/**
 * Puts a host's agent home (its state folder) on a small tmpfs of its own, with what it held: the agent stopped by
 * its supervisor's pid (its containers keep running), the content copied in, the supervisor started again. Sets
 * `stateTmpfs` to the undo as soon as the tmpfs is mounted: the newest content copied back onto the host's own disk,
 * and the agent started again there.
 */
async function stateFolderOnTmpfs(host: string): Promise<void> {
  const home = agentHome(suite.lab, host);
  const supervisor = () => Number(fs.readFileSync(path.join(home, 'supervisor.pid'), 'utf8').trim());
  const stopped = (pid: number) => !alive(pid) && !fs.existsSync(path.join(home, 'agent.pid'));
  const first = supervisor();
  process.kill(first, 'SIGTERM');
  await waitUntil(`the supervisor of ${host} stopped`, () => stopped(first), 30_000, 100);
  const saved = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-faults-home-'));
  sh('cp', ['-a', `${home}/.`, saved]);
  sh('mount', ['-t', 'tmpfs', '-o', 'size=24m,mode=0700', 'berth-faults', home]);
  stateTmpfs = () => {
    stateTmpfs = undefined;
    if (fs.existsSync(path.join(home, 'supervisor.pid'))) {
      const pid = supervisor();
      process.kill(pid, 'SIGTERM');
      const deadline = Date.now() + 30_000;
      while (!stopped(pid) && Date.now() < deadline) sh('sleep', ['0.2']);
    }
    fs.rmSync(path.join(home, 'filler'), { force: true });
    sh('cp', ['-a', `${home}/.`, saved]); // the newest state, to keep
    sh('umount', ['-R', home]); // the agent's secrets tmpfs under it too
    sh('cp', ['-a', '--remove-destination', `${saved}/.`, home]);
    fs.rmSync(saved, { recursive: true, force: true });
    startSupervisor(host);
  };
  sh('cp', ['-a', `${saved}/.`, home]);
  startSupervisor(host);
}

/** Starts a host's agent supervisor over SSH, as bootstrap does (bootstrap itself refuses a home with little room). */
function startSupervisor(host: string): void {
  const address = suite.lab.hosts.find((h) => h.name === host)!;
  ssh(suite.lab, address, `setsid -f /bin/sh ${agentHome(suite.lab, host)}/bin/supervise.sh < /dev/null > /dev/null 2>&1`);
}

const PINNED = `apiVersion: apps/v1
kind: Deployment
metadata: { name: pinned, namespace: demo }
spec:
  replicas: 1
  selector: { matchLabels: { app: pinned } }
  template:
    metadata: { labels: { app: pinned } }
    spec:
      nodeSelector: { kubernetes.io/hostname: h3 }
      terminationGracePeriodSeconds: 1
      containers:
        - name: pinned
          image: berth-demo/web:1.0
          command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
          readinessProbe: { httpGet: { path: /, port: 8080 }, periodSeconds: 1 }
          resources: { requests: { cpu: 10m, memory: 8Mi } }
`;
