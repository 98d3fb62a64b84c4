import { execFile } from 'node:child_process';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../../helpers/cli';
import { controllerSocketPath, serveControllerSocket, type ControllerSocket } from '../../../src/controller/socket';
import { testView } from './test-view';

/** The built executable, run as a person would, without blocking this process (it serves the socket). */
function berthBundle(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin/berth.mjs'), ...args], { env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('the built berth finds the controller through the repo socket', () => {
  let repo: string;
  let server: ControllerSocket;

  beforeAll(async () => {
    repo = path.join(tempDir(), 'cluster');
    server = await serveControllerSocket(testView(), controllerSocketPath(repo));
  });
  afterAll(async () => {
    await server.close();
    rmSync(path.dirname(repo), { recursive: true, force: true });
  });

  it('berth get deployments -n demo', async () => {
    const r = await berthBundle('get', 'deployments', '-n', 'demo', '--repo', repo);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^NAME {3}READY {3}UP-TO-DATE {3}AVAILABLE {3}AGE\nweb {4}2\/2 {5}2 {12}2 {11}\S+\n$/);
  });

  it('berth exec exits with the command exit code', async () => {
    expect(await berthBundle('exec', 'web-1', '-n', 'demo', '--repo', repo, '--', 'false')).toEqual({ code: 3, stdout: 'ran false\n', stderr: 'failed\n' });
  });

  it('says how to start a controller when none runs', async () => {
    const none = path.join(path.dirname(repo), 'other');
    expect(await berthBundle('get', 'pods', '--repo', none)).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: no controller is running for ${none}; start one with \`berth controller --repo ${none}\`\n`,
    });
  });
});
