// One controller per state folder: a second `berth controller` on the same state is refused, naming the one that
// runs; the lock goes with its holder, SIGKILL included. The controllers here follow repos whose only host is on
// loopback where nothing listens, so they send nothing anywhere.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockState } from '../../../src/controller';
import { berthBin, commitEdit, ROOT, tempDir } from '../../helpers/cli';
import { waitFor } from '../../helpers/wait';

const LOOPBACK_ONLY = `apiVersion: berth.dev/v1
kind: Inventory
metadata: { name: lock-test }
hosts:
  - { name: h1, address: 127.0.0.1, port: 1 }
`;

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function scratch(): string {
  const dir = tempDir('berth-lock-');
  dirs.push(dir);
  return dir;
}

/** A cluster repo of the template whose inventory is one loopback host nobody answers on. */
function repo(dir: string): string {
  expect(berthBin(['init', dir]).code).toBe(0);
  commitEdit(dir, 'hosts.yaml', () => LOOPBACK_ONLY, 'a host on loopback');
  return dir;
}

const controllerArgs = (repoDir: string, state: string) => [path.join(ROOT, 'bin/berth.mjs'), 'controller', '--repo', repoDir, '--state', state, '--no-bootstrap', '--no-ship-images'];

function holderPid(state: string): number | false {
  try {
    return JSON.parse(fs.readFileSync(path.join(state, 'controller.lock'), 'utf8')).pid;
  } catch {
    return false;
  }
}

describe('one controller per state folder', () => {
  it('refuses a second lock on the state, naming the holder, and lets it be taken again once released', () => {
    const state = scratch();
    const held = lockState(state, new Date('2026-12-08T10:00:00Z'));
    let refused: unknown;
    try {
      lockState(state, new Date());
    } catch (err) {
      refused = err;
    }
    expect(refused).toMatchObject({ code: 'StateLocked', data: { stateDir: state, pid: process.pid, startedAt: '2026-12-08T10:00:00.000Z' } });
    held.release();
    lockState(state, new Date()).release();
  });

  it('refuses a second berth controller on the same state with the first one’s pid, and takes over once the first is killed with SIGKILL', async () => {
    const root = scratch();
    const state = path.join(root, 'state');
    const first = spawn(process.execPath, controllerArgs(repo(path.join(root, 'a')), state), { stdio: 'ignore' });
    children.push(first);
    await waitFor(() => holderPid(state) === first.pid, { timeoutMs: 20_000, describe: 'the first controller holding the state' });

    const second = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, controllerArgs(repo(path.join(root, 'b')), state), { env: { ...process.env, NO_COLOR: '1' } }, (error, _stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr }),
      );
    });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`another berth controller (pid ${first.pid}, started `);
    expect(second.stderr).toContain(`runs on the state in ${state}`);

    const exited = new Promise((resolve) => first.once('exit', resolve));
    first.kill('SIGKILL');
    await exited;
    // Nothing to clean up: the kernel let go of the lock with the process.
    lockState(state, new Date()).release();
  });
});
