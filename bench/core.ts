// The pure core at scale: a synthetic cluster repo of 5,000 Deployments + 5,000 Services (10,000 manifests, one per
// file) in a real git repository, an inventory of 5,000 hosts and a live snapshot of 150,000 pods on them.
// Prints the time of each step and the peak memory. Run: npm run bench
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1';
import { loadManifests, ANNOTATION_SPEC_HASH } from '../src/manifest';
import { openRepo, readCommit } from '../src/source';
import { expand } from '../src/controllers';
import { adoptLiveHosts, plan, type LiveSnapshot } from '../src/plan';
import { planPass, EMPTY_FLEET } from '../src/controller';
import { writeSyntheticRepo } from './synthetic';

const APPS = Number(process.env.BENCH_APPS ?? 5000);
const HOSTS = Number(process.env.BENCH_HOSTS ?? 5000);
const REPLICAS = Number(process.env.BENCH_REPLICAS ?? 30);
const CHANGED = 0.01; // share of live pods whose spec differs, so the plan has real work

const ms = (t0: number) => `${(performance.now() - t0).toFixed(0)} ms`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const now = new Date('2026-11-25T12:00:00Z');

const dir = path.join(os.tmpdir(), `berth-bench-${APPS}x${HOSTS}`);
let t = performance.now();
writeSyntheticRepo(dir, { apps: APPS, hosts: HOSTS, replicas: REPLICAS });
console.log(`synthetic repo: ${APPS * 2} manifests, ${HOSTS} hosts, ${APPS * REPLICAS} pods — built in ${ms(t)} (${dir})`);

t = performance.now();
const { files } = await readCommit(openRepo(dir), 'HEAD');
const readTime = performance.now() - t;

t = performance.now();
const loaded = loadManifests(files);
const loadTime = performance.now() - t;
if (loaded.errors.length || !loaded.state) {
  console.error(loaded.errors.slice(0, 5).map((e) => e.message).join('\n'));
  process.exit(1);
}
t = performance.now();
const expansion = expand(loaded.state, { now });
const expandTime = performance.now() - t;

// The live snapshot: every desired pod running where the scheduler puts it, 1% of them with an older spec.
t = performance.now();
const placed = planPass(loaded.state, EMPTY_FLEET, now).pods;
const scheduleTime = performance.now() - t;
const byHost = new Map<string, Pod[]>();
placed.forEach((p, i) => {
  const live: Pod =
    i % Math.round(1 / CHANGED) === 0
      ? { ...p, metadata: { ...p.metadata, annotations: { ...p.metadata!.annotations, [ANNOTATION_SPEC_HASH]: 'older' } } }
      : p;
  const host = p.spec!.nodeName!;
  (byHost.get(host) ?? byHost.set(host, []).get(host)!).push({ ...live, status: { phase: 'Running' } });
});
const live: LiveSnapshot = { hosts: [...byHost].map(([name, pods]) => ({ name, pods })) };
console.log(`live snapshot: ${placed.length} pods on ${byHost.size} hosts`);

t = performance.now();
const adopted = adoptLiveHosts(expansion.pods, live, loaded.state.nodes);
const thePlan = plan({ desiredPods: adopted, nodes: loaded.state.nodes, live, desiredObjects: expansion.objects });
const planTime = performance.now() - t;

const peak = process.resourceUsage().maxRSS * 1024;
const rows: Array<[string, string, string]> = [
  ['read commit (isomorphic-git)', `${readTime.toFixed(0)} ms`, `${files.length} files`],
  ['load + validate', `${loadTime.toFixed(0)} ms`, `${loaded.state.objects.length} objects`],
  ['expand', `${expandTime.toFixed(0)} ms`, `${expansion.pods.length} pods`],
  ['load + validate + expand', `${(loadTime + expandTime).toFixed(0)} ms`, 'goal < 2000 ms'],
  ['schedule (empty fleet)', `${scheduleTime.toFixed(0)} ms`, `${Math.round(placed.length / (scheduleTime / 1000))} pods/s (incl. expand)`],
  ['plan (vs live)', `${planTime.toFixed(0)} ms`, `${thePlan.summary.replace} replace, ${thePlan.summary.unchanged} unchanged; goal < 2000 ms`],
  ['peak memory (RSS)', mib(peak), 'goal < 1024 MiB'],
];
const w = Math.max(...rows.map((r) => r[0].length));
for (const [a, b, c] of rows) console.log(`${a.padEnd(w)}  ${b.padStart(9)}  ${c}`);
fs.rmSync(dir, { recursive: true, force: true });
