// SSH fan-out over a lab of real hosts (10 by default): agent bootstrap per host (first and idempotent second round),
// then status rounds (facts + pods from every agent over SSH) cold (a new Fleet: new connections) and warm (kept
// connections), and healthz-only warm rounds. Goal (issue 4): a warm status round under 100 ms for 10 hosts.
// Prints figures, asserts nothing; a failing host is printed, not fatal.
// The lab is its own (bb- names, 10.81.0.0/24), never the shared test lab; it is taken down at the end unless --keep.
// Run: node scripts/bench.mjs fleet [--keep] [--hosts N] [--rounds N]   (npm run bench:fleet -- --keep)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { labDown, labUp, type LabConfig, type LabStatus } from '../src/lab';
import { CLUSTER_FILE, INVENTORY_FILE, loadManifests } from '../src/manifest';
import { Fleet, agentClientFor, bootstrapHost, readAgentBundle, statusRound, type FanOutResult } from '../src/fleet';

const { values: flags } = parseArgs({
  options: { keep: { type: 'boolean', default: false }, hosts: { type: 'string', default: '10' }, rounds: { type: 'string', default: '20' } },
});
const HOSTS = Number(flags.hosts);
const ROUNDS = Number(flags.rounds);
const COLD_ROUNDS = 3;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'); // dist/bench-fleet.mjs → project root

/** A lab beside the shared one (10.77/berth-) and the tests' private one (10.79/blt-): its own names and ranges. */
const BENCH_LAB: Partial<LabConfig> = {
  home: '/var/lib/berth-lab-bench',
  runDir: '/run/berth-lab-bench',
  netnsPrefix: 'bb-',
  vethPrefix: 'bb-',
  bridge: 'bb-lab0',
  subnet: '10.81.0.0/24',
  dockerSubnets: '10.82.0.0/16',
};

const W = 50;
const ms = (n: number) => `${n.toFixed(0)} ms`.padStart(9);
const line = (label: string, value: string, note = '') => console.log(`${label.padEnd(W)}  ${value.padStart(9)}  ${note}`.trimEnd());
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const since = (t: number) => performance.now() - t;
/** Nearest rank: p99 of 20 samples is the largest. */
const pct = (xs: readonly number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

/** Failed hosts of a set of rounds, once each: `h3 failed 2/20 rounds: host h3: status timed out after 10s`. */
function printFailures(rounds: FanOutResult<unknown>[][]): void {
  const failed = new Map<string, { count: number; message: string }>();
  for (const r of rounds.flat()) {
    if (r.ok) continue;
    const f = failed.get(r.host) ?? { count: 0, message: r.error.message.split('\n')[0] };
    failed.set(r.host, { ...f, count: f.count + 1 });
  }
  for (const [host, f] of failed) console.log(`  ${host} failed ${f.count}/${rounds.length} rounds: ${f.message}`);
}

const okCount = (round: FanOutResult<unknown>[]) => round.filter((r) => r.ok).length;

async function timedRounds<T>(label: string, goal: string, n: number, hosts: number, round: () => Promise<FanOutResult<T>[]>): Promise<void> {
  const walls: number[] = [];
  const perHost: number[] = [];
  const results: FanOutResult<T>[][] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = await round();
    walls.push(since(t));
    results.push(r);
    perHost.push(...r.filter((x) => x.ok).map((x) => x.ms));
  }
  const ok = results.reduce((sum, r) => sum + okCount(r), 0);
  line(`${label}, ${n} rounds: p50`, ms(pct(walls, 50)), `${ok}/${n * hosts} host calls ok; ${goal}`);
  line('  p99', ms(pct(walls, 99)), `max ${pct(walls, 100).toFixed(0)} ms, min ${pct(walls, 0).toFixed(0)} ms`);
  line('  one host within a round: p50', ms(pct(perHost, 50)), `p99 ${pct(perHost, 99).toFixed(0)} ms`);
  printFailures(results);
}

async function bench(lab: LabStatus): Promise<void> {
  const read = (file: string) => ({ path: file, content: fs.readFileSync(path.join(lab.repo, file)) });
  const { state, errors } = loadManifests([read(CLUSTER_FILE), read(INVENTORY_FILE)]);
  if (!state) throw new Error(`cannot read the lab's inventory in ${lab.repo}: ${errors.map((e) => e.message).join('; ')}`);
  const inventory = state.inventory.object;
  const cluster = state.cluster.object.metadata.name;
  const bundle = await readAgentBundle();
  console.log(`agent bundle ${path.relative(ROOT, bundle.path)}: version ${bundle.version}, ${(bundle.content.length / 1024 / 1024).toFixed(1)} MiB; cluster ${cluster}`);

  // ---- bootstrap: the first round installs (or finds a kept lab's agents unchanged), the second changes nothing
  const fleet = new Fleet(inventory, { repoRoot: lab.repo });
  const hosts = fleet.hosts.slice(0, HOSTS);
  for (const round of ['bootstrap #1', 'bootstrap #2 (idempotent)']) {
    const t = performance.now();
    const results = await fleet.fanOut(hosts, (session) => bootstrapHost(session, { bundle, cluster }), { timeoutMs: 180_000, what: 'bootstrap' });
    const wall = since(t);
    const outcomes = results.map((r) => (r.ok ? r.value.outcome : 'failed'));
    for (const r of results) {
      const note = r.ok ? `${r.value.outcome}${r.value.error ? `: ${r.value.error.split('\n')[0]}` : ''}${r.value.missing.length ? `: missing ${r.value.missing.map((m) => m.name).join(', ')}` : ''}` : `failed: ${r.error.message.split('\n')[0]}`;
      line(`  ${r.host}`, ms(r.ms), note);
    }
    const good = results.filter((r, i) => r.ok && ['installed', 'upgraded', 'unchanged'].includes(outcomes[i])).map((r) => r.ms);
    const tally = [...new Set(outcomes)].map((o) => `${outcomes.filter((x) => x === o).length} ${o}`).join(', ');
    line(`${round}: per host p50`, ms(pct(good, 50)), `max ${pct(good, 100).toFixed(0)} ms (${good.length} hosts ok)`);
    line(`${round}: wall, ${hosts.length} hosts at once`, ms(wall), tally);
  }
  await fleet.close();

  // ---- status rounds: cold (each on a new Fleet, so SSH connect + auth + env per host), then warm on one Fleet
  const colds: FanOutResult<unknown>[][] = [];
  let warm: Fleet | undefined;
  for (let i = 0; i < COLD_ROUNDS; i++) {
    await warm?.close();
    warm = new Fleet(inventory, { repoRoot: lab.repo });
    const t = performance.now();
    const r = await statusRound(warm, hosts);
    const wall = since(t);
    colds.push(r);
    const pods = r.reduce((sum, x) => sum + (x.ok ? x.value.pods.length : 0), 0);
    line(`status round, cold #${i + 1} (new connections)`, ms(wall), `${okCount(r)}/${hosts.length} hosts ok, ${pods} pods; slowest host ${Math.max(...r.map((x) => x.ms))} ms`);
  }
  printFailures(colds);
  // What a cold round spends on connecting: TCP, SSH handshake and auth, and the one `env` exec per connection.
  const connecting = new Fleet(inventory, { repoRoot: lab.repo });
  const t = performance.now();
  const connected = await connecting.fanOut(hosts, (session) => session.env(), { timeoutMs: 30_000, what: 'connect' });
  line('  of which connect + auth + env (new Fleet)', ms(since(t)), `${okCount(connected)}/${hosts.length} hosts ok; slowest host ${Math.max(...connected.map((x) => x.ms))} ms`);
  printFailures([connected]);
  await connecting.close();
  const fleetWarm = warm!;
  try {
    await timedRounds('status round, warm', 'goal < 100 ms for 10 hosts', ROUNDS, hosts.length, () => statusRound(fleetWarm, hosts));
    // Where a warm status round's time goes: the agent asks its Docker Engine for version + images (facts) and for
    // its containers (pods); healthz asks nothing, so it is the SSH + agent HTTP floor.
    const call = <T>(what: string, fn: (agent: ReturnType<typeof agentClientFor>) => Promise<T>) => () =>
      fleetWarm.fanOut(hosts, (session) => fn(agentClientFor(session, undefined, { timeoutMs: 10_000 })), { timeoutMs: 10_000, what });
    await timedRounds('facts-only round, warm', 'GET /v1/host', ROUNDS, hosts.length, call('facts', (a) => a.hostFacts()));
    await timedRounds('pods-only round, warm', 'GET /v1/pods', ROUNDS, hosts.length, call('pods', (a) => a.listPods()));
    await timedRounds('healthz round, warm', 'GET /v1/healthz only', ROUNDS, hosts.length, call('healthz', (a) => a.healthz()));
  } finally {
    await fleetWarm.close();
  }
}

async function main(): Promise<number> {
  console.log(`machine: ${os.cpus().length} cores, load average ${load()} (1, 5, 15 min); ${HOSTS} hosts, ${ROUNDS} warm rounds`);
  const progress = (l: string) => process.stderr.write(`  lab: ${l}\n`);
  let code = 0;
  try {
    const t = performance.now();
    const lab = await labUp({ config: BENCH_LAB, hosts: HOSTS, template: path.join(ROOT, 'cluster-repo-template'), progress });
    const down = lab.hosts.filter((h) => h.ssh !== 'Running' || h.docker !== 'Running');
    line(`lab up (${lab.hosts.length} hosts, ${BENCH_LAB.subnet})`, ms(since(t)), down.length ? `not healthy: ${down.map((h) => `${h.name} ssh ${h.ssh} docker ${h.docker}`).join(', ')}` : 'all sshd and dockerd answer');
    console.log(`load average after lab up: ${load()}`);
    await bench(lab);
  } catch (err) {
    console.log(`bench stopped: ${err instanceof Error ? err.message : String(err)}`);
    code = 1;
  } finally {
    console.log(`load average at the end: ${load()}`);
    if (flags.keep) console.log(`kept the bench lab in ${BENCH_LAB.home} (berth lab down with its config, or run this without --keep, removes it)`);
    else {
      const t = performance.now();
      await labDown({ config: BENCH_LAB, progress }).then(
        () => line('lab down', ms(since(t))),
        (err: Error) => console.log(`lab down failed: ${err.message}`),
      );
    }
  }
  return code;
}

process.exitCode = await main();
