import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { berth, git, tempDir } from '../helpers/cli';

describe('berth cordon and uncordon record maintenance state in hosts.yaml as commits', () => {
  let repo: string;

  beforeAll(async () => {
    repo = path.join(tempDir(), 'cluster');
    expect((await berth('init', repo)).code).toBe(0);
  });
  afterAll(() => fs.rmSync(path.dirname(repo), { recursive: true, force: true }));

  it('cordon makes one commit that sets unschedulable on that host only, and the work tree follows', async () => {
    const before = git(repo, 'rev-parse', 'HEAD').trim();
    const r = await berth('cordon', 'h2', '--repo', repo);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^host\/h2 cordoned \(commit [0-9a-f]{7}\)\n$/);
    expect(git(repo, 'rev-parse', 'HEAD~1').trim()).toBe(before);
    expect(git(repo, 'log', '-1', '--format=%s').trim()).toBe('cordon h2');
    expect(git(repo, 'diff', '--name-only', 'HEAD~1', 'HEAD').trim()).toBe('hosts.yaml');
    expect(git(repo, 'diff', 'HEAD~1', 'HEAD')).toMatch(/\+\s+unschedulable: true/);
    expect(git(repo, 'status', '--porcelain')).toBe('');
    git(repo, 'fsck', '--strict');
    const plan = await berth('validate', '--repo', repo, '-o', 'json');
    expect(plan.code).toBe(0);
  });

  it('a second cordon changes nothing and says so', async () => {
    const before = git(repo, 'rev-parse', 'HEAD').trim();
    const r = await berth('cordon', 'h2', '--repo', repo, '-o', 'json');
    expect(JSON.parse(r.stdout)).toEqual({ host: 'h2', unschedulable: true, changed: false });
    expect(git(repo, 'rev-parse', 'HEAD').trim()).toBe(before);
  });

  it('uncordon commits the field away with the message given', async () => {
    const r = await berth('uncordon', 'h2', '--repo', repo, '-m', 'h2 is back from maintenance');
    expect(r.code).toBe(0);
    expect(git(repo, 'log', '-1', '--format=%s').trim()).toBe('h2 is back from maintenance');
    expect(fs.readFileSync(path.join(repo, 'hosts.yaml'), 'utf8')).not.toMatch(/^\s*unschedulable: true/m);
  });

  it('leaves other staged changes out of the commit', async () => {
    fs.writeFileSync(path.join(repo, 'notes.txt'), 'staged, not part of the cordon\n');
    git(repo, 'add', 'notes.txt');
    expect((await berth('cordon', 'h1', '--repo', repo)).code).toBe(0);
    expect(git(repo, 'show', '--name-only', '--format=', 'HEAD').trim()).toBe('hosts.yaml');
    expect(git(repo, 'status', '--porcelain').trim()).toBe('A  notes.txt');
    git(repo, 'rm', '--cached', '-q', 'notes.txt');
    fs.rmSync(path.join(repo, 'notes.txt'));
  });

  it('refuses when hosts.yaml has uncommitted edits, and an unknown host, without committing', async () => {
    const before = git(repo, 'rev-parse', 'HEAD').trim();
    const unknown = await berth('cordon', 'h9', '--repo', repo);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('host "h9" is not in hosts.yaml (hosts: h1, h2, h3)');
    fs.appendFileSync(path.join(repo, 'hosts.yaml'), '# local edit\n');
    const dirty = await berth('uncordon', 'h1', '--repo', repo);
    expect(dirty.code).toBe(1);
    expect(dirty.stderr).toContain('hosts.yaml in');
    expect(dirty.stderr).toContain('has uncommitted changes; commit or discard them first');
    expect(git(repo, 'rev-parse', 'HEAD').trim()).toBe(before);
  });
});
