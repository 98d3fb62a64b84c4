// The acceptance corpus of issue 2: manifests written the way public projects write them must load without a
// single error, and each broken input must be refused with the file, line and problem a person needs to fix it.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Deployment } from 'kubernetes-types/apps/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifests, type KubeObject, type LoadResult } from '../../src/manifest';
import { openRepo, readCommit, readWorkTree } from '../../src/source';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CORPUS = path.join(ROOT, 'test/fixtures/corpus');
const VALID = path.join(CORPUS, 'valid');
const INVALID = path.join(CORPUS, 'invalid');
const TEMPLATE = path.join(ROOT, 'cluster-repo-template');

/** Objects in valid/ besides the Cluster and the Inventory; update it with the corpus. */
const VALID_OBJECT_COUNT = 63;
const EVERY_SUPPORTED_KIND = [
  'ConfigMap', 'CronJob', 'DaemonSet', 'Deployment', 'HorizontalPodAutoscaler', 'Ingress', 'Job', 'Namespace',
  'PersistentVolume', 'PersistentVolumeClaim', 'Pod', 'PodDisruptionBudget', 'PriorityClass', 'ReplicaSet', 'Secret',
  'Service',
];

/** invalid/<case>/expect.json: where the first error must point, and a fragment of its message. */
interface Expectation {
  file: string;
  line: number;
  message: string;
  /** A file the test writes instead of committing it: random bytes, or one too large to commit. */
  generate?: { path: string; kind: 'random'; bytes: number; seed: number } | { path: string; kind: 'large-configmap'; bytes: number };
}

const cases = fs
  .readdirSync(INVALID)
  .sort()
  .map((name) => ({ name, expect: JSON.parse(fs.readFileSync(path.join(INVALID, name, 'expect.json'), 'utf8')) as Expectation }));

let tmp: string;
const caseDirs = new Map<string, string>();

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-corpus-'));
  for (const c of cases) caseDirs.set(c.name, materializeCase(c.name, c.expect));
});

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function load(dir: string): Promise<LoadResult> {
  return loadManifests(await readWorkTree(dir));
}

function messages(result: LoadResult): string[] {
  return result.errors.map((e) => e.message);
}

function find(result: LoadResult, kind: string, namespace: string | undefined, name: string): KubeObject {
  const found = result.state?.objects.find(
    (l) => l.object.kind === kind && l.object.metadata.name === name && l.object.metadata.namespace === namespace,
  );
  if (!found) throw new Error(`${kind} ${namespace}/${name} not loaded`);
  return found.object;
}

describe('the valid corpus', () => {
  it('loads from the work tree with no errors, every object and every supported kind', async () => {
    const result = await load(VALID);
    expect(messages(result)).toEqual([]);
    expect(result.state?.objects).toHaveLength(VALID_OBJECT_COUNT);
    expect([...new Set(result.state?.objects.map((l) => l.object.kind))].sort()).toEqual(EVERY_SUPPORTED_KIND);
    expect(result.state?.nodes.map((n) => n.metadata?.name)).toEqual(['batch-1', 'edge-1', 'spare-1', 'worker-1', 'worker-2']);
  });

  it('is read as Kubernetes reads YAML: merge keys merge and 0400 is octal', async () => {
    const result = await load(VALID);
    const frontend = find(result, 'Deployment', 'shop', 'frontend') as Deployment;
    expect(frontend.spec?.template.metadata?.labels).toEqual({
      'app.kubernetes.io/name': 'frontend',
      'app.kubernetes.io/part-of': 'shop',
      version: '1',
    });
    expect(frontend.spec?.template.spec?.containers[0].livenessProbe).toMatchObject({
      httpGet: { path: '/healthz', port: 'http' },
      initialDelaySeconds: 10,
      periodSeconds: 15,
      timeoutSeconds: 2,
    });
    // Kubernetes reads YAML 1.1, where a leading 0 is octal: its Secret docs write `defaultMode: 0400` and note that
    // JSON needs 256 for the same mode.
    const api = find(result, 'Deployment', 'shop', 'api') as Deployment;
    expect(api.spec?.template.spec?.volumes?.[0].secret?.defaultMode).toBe(0o400);
  });

  it('loads the same objects from a git commit as from the work tree', async () => {
    const repo = path.join(tmp, 'valid-git');
    fs.cpSync(VALID, repo, { recursive: true });
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: 'Corpus Test',
      GIT_AUTHOR_EMAIL: 'corpus@berth.test',
      GIT_COMMITTER_NAME: 'Corpus Test',
      GIT_COMMITTER_EMAIL: 'corpus@berth.test',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
    };
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'corpus');

    const fromGit = loadManifests((await readCommit(openRepo(repo), 'main')).files);
    const fromTree = await load(VALID);
    expect(messages(fromGit)).toEqual([]);
    expect(fromGit.state?.objects).toHaveLength(VALID_OBJECT_COUNT);
    expect(fromGit.state?.objects).toEqual(fromTree.state?.objects);
  });
});

describe('the cluster repo template', () => {
  it('loads with no errors: a Namespace, the web app, a DaemonSet and a CronJob on three hosts', async () => {
    const result = await load(TEMPLATE);
    expect(messages(result)).toEqual([]);
    expect(result.state?.objects.map((l) => `${l.object.kind}/${l.object.metadata.name}`).sort()).toEqual([
      'ConfigMap/web', 'CronJob/cleanup', 'DaemonSet/log-shipper', 'Deployment/web', 'Ingress/web', 'Namespace/demo', 'Service/web',
    ]);
    expect(result.state?.nodes.map((n) => n.metadata?.name)).toEqual(['h1', 'h2', 'h3']);
  });
});

describe('each invalid case is refused at the file and line of its problem', () => {
  it('has at least 34 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(34);
  });

  it.each(cases)('$name', async ({ name, expect: want }) => {
    const result = await load(caseDirs.get(name)!);
    const all = messages(result).join('\n') || '(no errors)';
    expect(result.errors.length, `no error for ${name}`).toBeGreaterThanOrEqual(1);
    const first = result.errors[0];
    expect({ file: first.file, line: first.line }, `first error of ${name}; all errors:\n${all}`).toEqual({ file: want.file, line: want.line });
    expect(first.message.toLowerCase(), `first error of ${name}`).toContain(want.message.toLowerCase());
  });
});

describe('berth validate, as a user runs it', () => {
  const validate = (dir: string) => spawnSync(process.execPath, ['bin/berth.mjs', 'validate', dir], { cwd: ROOT, encoding: 'utf8' });

  it('accepts the valid corpus and the template with exit code 0', () => {
    for (const dir of [VALID, TEMPLATE]) {
      const run = validate(dir);
      expect(run.status, `${dir}\n${run.stdout}${run.stderr}`).toBe(0);
    }
  });

  it.each(['yaml-tabs', 'quantity-bad-suffix', 'dangling-configmap', 'unsupported-kind-statefulset', 'binary-junk', 'huge-file'])(
    'refuses %s with exit code 1 and names file:line',
    (name) => {
      const want = cases.find((c) => c.name === name)!.expect;
      const run = validate(caseDirs.get(name)!);
      const output = run.stdout + run.stderr;
      expect(run.status, output).toBe(1);
      expect(output).toContain(`${want.file}:${want.line}`);
      expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m); // never a stack trace
    },
  );
});

/** A complete cluster repo for one case: the valid corpus' cluster.yaml and hosts.yaml unless the case has its own. */
function materializeCase(name: string, want: Expectation): string {
  const dir = path.join(tmp, 'invalid', name);
  fs.cpSync(path.join(INVALID, name), dir, { recursive: true, filter: (src) => path.basename(src) !== 'expect.json' });
  for (const base of ['cluster.yaml', 'hosts.yaml']) {
    if (!fs.existsSync(path.join(dir, base))) fs.copyFileSync(path.join(VALID, base), path.join(dir, base));
  }
  if (want.generate) {
    const file = path.join(dir, want.generate.path);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, want.generate.kind === 'random' ? randomBytes(want.generate.bytes, want.generate.seed) : largeConfigMap(want.generate.bytes));
  }
  return dir;
}

/** Deterministic junk (mulberry32), so a failure reproduces byte for byte. */
function randomBytes(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  let a = seed >>> 0;
  for (let i = 0; i < size; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}

/** A well-formed ConfigMap of `size` bytes: only its size is wrong. */
function largeConfigMap(size: number): string {
  const header = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n  blob: |\n';
  const line = `    ${'x'.repeat(75)}\n`;
  return header + line.repeat(Math.ceil((size - header.length) / line.length));
}
