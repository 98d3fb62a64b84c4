// readCommit reads git's objects itself (packs and loose files, inflated natively): it must return exactly what git
// committed whatever shape the objects are in — loose, packed with offset or id deltas, half packed, or being repacked
// by git gc while it reads.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRepo, readCommit, resolveCommit } from '../../../src/source';

const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t.invalid' };
const git = (dir: string, ...args: string[]) => execFileSync('git', ['-c', 'gc.auto=0', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, env, stdio: 'pipe' }).toString();

/** Three commits of 60 manifests each changing a little, so packs hold delta chains; files in nested folders. */
function writeRepo(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  for (let commit = 0; commit < 3; commit++) {
    for (let i = 0; i < 60; i++) {
      const folder = path.join(dir, 'apps', `team${i % 4}`, i % 2 ? 'web' : '');
      fs.mkdirSync(folder, { recursive: true });
      const env = Array.from({ length: 40 }, (_, k) => `        - { name: V${k}, value: "${k * i}" }`).join('\n');
      fs.writeFileSync(path.join(folder, `app${i}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app${i}\ndata:\n  rev: "${commit}"\n# ${env}\n`);
    }
    fs.writeFileSync(path.join(dir, 'apps', 'ünïcode名.yaml'), `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n${commit}\n`);
    fs.mkdirSync(path.join(dir, '.github'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.github', 'ci.yaml'), 'skipped: true\n');
    fs.writeFileSync(path.join(dir, 'README.md'), 'not a manifest\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', `commit ${commit}`);
    if (commit === 1) git(dir, 'tag', '-a', 'v1', '-m', 'an annotated tag');
  }
}

/** What git itself says the commit holds: every manifest path outside dot folders, with its content. */
function committed(dir: string, ref: string): Map<string, string> {
  const paths = git(dir, '-c', 'core.quotepath=off', 'ls-tree', '-r', '--name-only', ref).split('\n').filter((p) => /\.ya?ml$/.test(p) && !p.split('/').some((s) => s.startsWith('.')));
  return new Map(paths.map((p) => [p, git(dir, 'show', `${ref}:${p}`)]));
}

async function read(dir: string, ref: string): Promise<Map<string, string>> {
  const { files } = await readCommit(openRepo(dir), ref);
  return new Map(files.map((f) => [f.path, Buffer.from(f.content as Uint8Array).toString()]));
}

describe('readCommit', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-read-commit-'));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const shapes: Array<[string, (dir: string) => void]> = [
    ['loose objects', () => {}],
    ['one pack with offset deltas', (dir) => git(dir, 'repack', '-a', '-d', '-f', '-q', '--depth=50', '--window=50')],
    ['one pack with deltas by object id', (dir) => git(dir, '-c', 'repack.useDeltaBaseOffset=false', 'repack', '-a', '-d', '-f', '-q')],
    ['a pack for the old commits and loose objects for the newest', (dir) => {
      git(dir, 'reset', '-q', '--hard', 'HEAD~1');
      git(dir, 'repack', '-a', '-d', '-q');
      git(dir, 'reset', '-q', '--hard', 'HEAD@{1}');
    }],
  ];
  it.each(shapes)('reads every manifest of every commit as git committed it, from %s', async (name, shape) => {
    const dir = path.join(root, name.replace(/\W+/g, '-'));
    writeRepo(dir);
    shape(dir);
    if (name.includes('delta')) expect(git(dir, 'verify-pack', '-v', ...fs.readdirSync(path.join(dir, '.git/objects/pack')).filter((f) => f.endsWith('.idx')).map((f) => `.git/objects/pack/${f}`))).toMatch(/chain length = [2-9]/);
    for (const ref of ['main', 'main~1', 'main^^', 'v1', 'v1~1']) {
      const got = await read(dir, ref);
      expect(got.size).toBe(61);
      expect(got).toEqual(committed(dir, ref));
      expect(await resolveCommit(openRepo(dir), ref)).toBe(git(dir, 'rev-parse', `${ref}^{commit}`).trim());
    }
  });

  it('reads a commit while git gc packs and deletes its loose objects', async () => {
    const dir = path.join(root, 'gc');
    writeRepo(dir);
    const want = committed(dir, 'main');
    let done = false;
    const gc = new Promise<void>((resolve, reject) =>
      execFile('git', ['gc', '-q', '--prune=now'], { cwd: dir, env }, (err) => ((done = true), err ? reject(err) : resolve())),
    );
    let reads = 0;
    while (!done) {
      expect(await read(dir, 'main')).toEqual(want);
      reads++;
    }
    await gc;
    expect(fs.readdirSync(path.join(dir, '.git', 'objects')).filter((d) => /^[0-9a-f]{2}$/.test(d))).toEqual([]);
    expect(await read(dir, 'main')).toEqual(want);
    expect(reads).toBeGreaterThan(0);
  });
});
