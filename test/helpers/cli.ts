import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../../src/cli';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `berth ARGS` in this process (fast); output captured, no colours. */
export async function berth(...args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    out: (t) => (stdout += t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => (stderr += t.endsWith('\n') ? t : `${t}\n`),
    color: false,
  });
  return { code, stdout, stderr };
}

export const ROOT = path.resolve(__dirname, '../..');

/** Runs the built executable as a person would (bin/berth.mjs → dist/berth.mjs). */
export function berthBin(args: string[], cwd = ROOT): CliResult {
  try {
    const stdout = execFileSync(process.execPath, [path.join(ROOT, 'bin/berth.mjs'), ...args], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr: '' };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { code: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

export function tempDir(prefix = 'berth-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@berth.invalid',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@berth.invalid',
};

/** Runs the real git CLI in a repo, as a person changing their cluster repo would. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...GIT_ENV } });
}

/** Edits a file in a repo and commits the change. */
export function commitEdit(dir: string, file: string, edit: (text: string) => string, message = `edit ${file}`): void {
  const p = path.join(dir, file);
  fs.writeFileSync(p, edit(fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : ''));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
}
