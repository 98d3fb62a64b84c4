import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControllerApiError, ControllerClient, controllerSocketPath, NoControllerError, serveControllerSocket, type ControllerSocket } from '../../../src/controller/socket';
import { testView, type TestView } from './test-view';

const root = mkdtempSync(join(tmpdir(), 'berth-csock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function collect(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk.toString();
  return text;
}

/** A socket file nobody listens on: a process that listened there was killed with SIGKILL. */
async function staleSocket(path: string): Promise<void> {
  const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(path)}, () => console.log('up'))`]);
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  expect(statSync(path).isSocket()).toBe(true);
}

describe('the controller socket serves the ControllerView to the CLI over a unix socket', () => {
  const repo = join(root, 'cluster');
  let view: TestView;
  let server: ControllerSocket;
  let client: ControllerClient;

  beforeAll(async () => {
    view = testView();
    server = await serveControllerSocket(view, controllerSocketPath(repo));
    client = ControllerClient.forRepo(repo);
  });
  afterAll(() => server.close());

  it('listens on <repo>/.berth/controller.sock, readable and writable by its owner only', () => {
    expect(server.socketPath).toBe(join(repo, '.berth', 'controller.sock'));
    expect(statSync(server.socketPath).mode & 0o777).toBe(0o600);
  });

  it('lists pods, hosts, events, sync status, and objects filtered by kind and namespace', async () => {
    expect((await client.pods()).map((p) => p.metadata?.name)).toEqual(['web-1', 'api-1']);
    expect((await client.nodes()).map((n) => n.metadata?.name)).toEqual(['h1', 'h2', 'h3']);
    expect((await client.events()).map((e) => e.reason)).toEqual(['Scheduled', 'ScalingReplicaSet']);
    expect(await client.sync()).toMatchObject({ ref: 'main', status: 'Synced' });
    expect((await client.objects({ kind: 'ReplicaSet' })).map((o) => o.metadata.name)).toEqual(['web-5d8f']);
    expect(await client.objects({ kind: 'Deployment', namespace: 'other' })).toEqual([]);
    expect(await client.objects()).toHaveLength(3);
  });

  it('runs a command in a pod and hands back its exit code and output', async () => {
    expect(await client.podExec('demo', 'web-1', undefined, ['false'])).toEqual({ exitCode: 3, stdout: 'ran false\n', stderr: 'failed\n' });
  });

  it('reads rollout history and undoes to a revision', async () => {
    expect((await client.rolloutHistory('demo', 'web')).map((r) => r.revision)).toEqual([1, 2]);
    expect(await client.rolloutUndo('demo', 'web', 1)).toMatchObject({ revision: 1, replicaSet: 'web-7c9b', current: true });
  });

  it('asks for a drain and returns its status', async () => {
    expect(await client.drain('h1')).toEqual({ host: 'h1', remaining: [], blocked: [], done: true });
    expect(view.drained).toEqual(['h1']);
  });

  it('answers errors as JSON with a code, a message and Kubernetes reason', async () => {
    const notFound = await client.podExec('demo', 'nope', undefined, ['ls']).catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(ControllerApiError);
    expect(notFound).toMatchObject({ code: 'NotFound', status: 404, reason: 'NotFound', message: 'pod demo/nope not found' });
    const badRevision = await client.rolloutUndo('demo', 'web', 9).catch((e: unknown) => e);
    expect(badRevision).toMatchObject({ code: 'BadRequest', status: 400, reason: 'BadRequest' });
    const badExec = await client.podExec('demo', 'web-1', undefined, []).catch((e: unknown) => e);
    expect(badExec).toMatchObject({ code: 'BadRequest', message: 'command: must be a non-empty array of strings' });
  });

  it('streams a followed log as it is written, and ends the follow at its source when the reader goes away', async () => {
    const stream = await client.podLogs('demo', 'web-1', { follow: true, tailLines: 10, container: 'web' });
    expect(view.logRequests.at(-1)).toEqual({ follow: true, tailLines: 10, container: 'web' });
    const first = new Promise<string>((resolve) => stream.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    view.follow!.write('first line\n');
    expect(await first).toBe('first line\n');
    const second = new Promise<string>((resolve) => stream.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    view.follow!.write('second line\n');
    expect(await second).toBe('second line\n');
    stream.destroy();
    await expect.poll(() => view.follow!.destroyed).toBe(true);
  });

  it('ends an unfollowed log with the stream', async () => {
    expect(await collect(await client.podLogs('demo', 'web-1'))).toBe('line 1\nline 2\n');
    await expect(client.podLogs('demo', 'web-1', { sinceSeconds: 0 })).rejects.toMatchObject({ code: 'BadRequest', message: 'sinceSeconds: must be an integer of at least 1, not "0"' });
  });

  it('refuses to start a second controller on a socket that is being served', async () => {
    await expect(serveControllerSocket(testView(), server.socketPath)).rejects.toMatchObject({ code: 'ControllerAlreadyRunning' });
  });
});

describe('when no controller runs for the repo, the client says how to start one', () => {
  it('when there is no socket at all', async () => {
    const repo = join(root, 'none');
    const error = await ControllerClient.forRepo(repo).pods().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoControllerError);
    expect((error as Error).message).toBe(`no controller is running for ${repo}; start one with \`berth controller --repo ${repo}\``);
  });

  it('when a dead controller left its socket behind; a new controller replaces that socket', async () => {
    const repo = join(root, 'stale');
    const socketPath = controllerSocketPath(repo);
    mkdirSync(join(repo, '.berth'), { recursive: true });
    await staleSocket(socketPath);
    await expect(ControllerClient.forRepo(repo).sync()).rejects.toMatchObject({ code: 'NoControllerRunning' });
    const server = await serveControllerSocket(testView(), socketPath);
    try {
      expect(await ControllerClient.forRepo(repo).sync()).toMatchObject({ status: 'Synced' });
    } finally {
      await server.close();
    }
  });

  it('refuses a socket path that is not a socket', async () => {
    const path = join(root, 'not-a-socket');
    writeFileSync(path, 'data');
    await expect(serveControllerSocket(testView(), path)).rejects.toMatchObject({ code: 'SocketPathTaken' });
  });
});
