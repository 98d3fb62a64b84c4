import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { berth, berthBin, commitEdit, git, ROOT, tempDir } from '../helpers/cli';
import { loadManifests } from '../../src/manifest';
import { openRepo, readCommit } from '../../src/source';
import { planPass, EMPTY_FLEET } from '../../src/controller';

const NOW = '2026-11-25T12:00:00Z';

/** The template file that holds the web Deployment's image, wherever the template keeps it. */
function findFile(dir: string, needle: RegExp): string {
  const walk = (rel: string): string[] =>
    fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
      if (e.name.startsWith('.')) return [];
      const p = rel ? `${rel}/${e.name}` : e.name;
      return e.isDirectory() ? walk(p) : [p];
    });
  const hit = walk('').find((f) => /\.ya?ml$/.test(f) && needle.test(fs.readFileSync(path.join(dir, f), 'utf8')));
  if (!hit) throw new Error(`no file in ${dir} matches ${needle}`);
  return hit;
}

describe('berth init, validate, diff and plan on a new cluster repo', () => {
  let repo: string;

  beforeAll(async () => {
    repo = path.join(tempDir(), 'cluster');
    const r = await berth('init', repo);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('init makes a git repository with one commit on main holding the template', () => {
    expect(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('main');
    expect(git(repo, 'rev-list', '--count', 'HEAD').trim()).toBe('1');
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect(fs.existsSync(path.join(repo, 'cluster.yaml'))).toBe(true);
    expect(fs.existsSync(path.join(repo, 'hosts.yaml'))).toBe(true);
  });

  it('init refuses a folder that already has files, with a usage error', async () => {
    const r = await berth('init', repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already exists and is not empty/);
  });

  it('validate accepts the new repo, on disk and at a commit', async () => {
    const disk = await berth('validate', repo);
    expect(disk.code).toBe(0);
    expect(disk.stdout).toMatch(/✓ \d+ objects valid/);
    const atRef = await berth('validate', '--repo', repo, '--ref', 'HEAD');
    expect(atRef.code).toBe(0);
    expect(atRef.stdout).toMatch(/HEAD \([0-9a-f]{7}\)/);
  });

  it('validate -o json reports the object count and no errors', async () => {
    const r = await berth('validate', repo, '-o', 'json');
    const out = JSON.parse(r.stdout);
    expect(out.valid).toBe(true);
    expect(out.objects).toBeGreaterThan(5);
    expect(out.errors).toEqual([]);
  });

  it('validate names file, line and field of a mistake on disk, and exits 1', async () => {
    const work = path.join(tempDir(), 'broken');
    fs.cpSync(repo, work, { recursive: true });
    const file = findFile(work, /kind: Deployment/);
    fs.writeFileSync(path.join(work, file), fs.readFileSync(path.join(work, file), 'utf8').replace(/replicas: \d+/, 'replicas: "three"'));
    const r = await berth('validate', work);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`${file.replace(/[.]/g, '\\.')}:\\d+:\\d+ Deployment \\S+ spec\\.replicas: `));
    expect(r.stderr).toMatch(/1 error in 1 file/);
  });

  it('plan against an empty fleet creates the template app on the lab hosts', async () => {
    const r = await berth('plan', '--repo', repo, '--now', NOW);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^h1 /m);
    expect(r.stdout).toMatch(/\+ create /);
    expect(r.stdout).toMatch(/Plan: \d+ to create, 0 to replace, 0 to delete/);
  });

  it('plan -o json is byte-identical across runs', async () => {
    const a = await berth('plan', '--repo', repo, '--now', NOW, '-o', 'json');
    const b = await berth('plan', '--repo', repo, '--now', NOW, '-o', 'json');
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout).summary.create).toBeGreaterThan(0);
  });

  it('plan against a live snapshot of what it planned has nothing to do', async () => {
    const { files } = await readCommit(openRepo(repo), 'HEAD');
    const { state } = loadManifests(files);
    const { pods } = planPass(state!, EMPTY_FLEET, new Date(NOW));
    const hosts = state!.nodes.map((n) => ({
      name: n.metadata!.name!,
      pods: pods
        .filter((p) => p.spec?.nodeName === n.metadata!.name)
        .map((p) => ({ ...p, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } })),
    }));
    const snapshot = path.join(tempDir(), 'live.json');
    fs.writeFileSync(snapshot, JSON.stringify({ hosts }));
    const r = await berth('plan', '--repo', repo, '--now', NOW, '--live', snapshot, '--exit-code');
    expect(r.stdout).toMatch(/Plan: 0 to create, 0 to replace, 0 to delete/);
    expect(r.code).toBe(0);
    const d = await berth('diff', '--repo', repo, '--now', NOW, '--live', snapshot);
    expect(d.stdout).toMatch(/No differences/);
    expect(d.code).toBe(0);
  });

  it('diff between two commits shows the changed field and exits 1', async () => {
    const file = findFile(repo, /image: berth-demo\/web:1\.0/);
    commitEdit(repo, file, (t) => t.replace('image: berth-demo/web:1.0', 'image: berth-demo/web:1.1'), 'web 1.1');
    const r = await berth('diff', '--repo', repo, 'HEAD~1', 'HEAD');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^-\s+image: berth-demo\/web:1\.0$/m);
    expect(r.stdout).toMatch(/^\+\s+image: berth-demo\/web:1\.1$/m);
    expect(r.stdout).toMatch(/1 object differs|1 objects? differ/);
    const same = await berth('diff', '--repo', repo, 'HEAD', 'HEAD');
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/No differences/);
  });

  it('diff -o json lists each changed object with its change', async () => {
    const r = await berth('diff', '--repo', repo, 'HEAD~1', 'HEAD', '-o', 'json');
    const out = JSON.parse(r.stdout);
    expect(out.changes).toHaveLength(1);
    expect(out.changes[0]).toMatchObject({ kind: 'Deployment', change: 'modified' });
  });

  it('usage mistakes exit 2 with a message', async () => {
    expect((await berth('diff', '--repo', repo, 'HEAD')).code).toBe(2);
    expect((await berth('plan', '--repo', repo, '-o', 'xml')).code).toBe(2);
    const unknown = await berth('plna');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/plan/);
  });

  it('a ref that does not exist is an error naming the branches there are', async () => {
    const r = await berth('validate', '--repo', repo, '--ref', 'nope');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ref "nope" not found .*branches: main/);
  });
});

describe('the berth executable', () => {
  it('validates the template shipped with Berth', () => {
    const r = berthBin(['validate', 'cluster-repo-template']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('prints its version', () => {
    const r = berthBin(['--version']);
    expect(r.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('reports a folder that is not a git repository without a stack trace', () => {
    const r = berthBin(['plan', '--repo', tempDir()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is not a git repository/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
