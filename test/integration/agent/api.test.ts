import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BerthError } from '../../../src/errors';
import {
  AgentClient,
  PodNotFoundError,
  podListVersion,
  startApiServer,
  type AgentBackend,
  type ApiServer,
  type LogRequest,
} from '../../../src/agent/api';
import { GenerationConflictError, type DesiredSet } from '../../../src/agent/state';
import { collectHostFacts } from '../../../src/agent/host-facts';
import { ImageLoadFailed } from '../../../src/agent/runtime';

const root = mkdtempSync(join(tmpdir(), 'berth-api-'));
const socketPath = join(root, 'agent.sock');

/** A fake backend: it stands in for the agent the other helpers are building, with one pod, default/web. */
function fakeBackend() {
  let generation = 0;
  const logRequests: LogRequest[] = [];
  const follow = new PassThrough();
  const uploads: { bytes: number; signal: AbortSignal }[] = [];
  const backend: AgentBackend = {
    async setDesired(set: DesiredSet) {
      if (set.generation < generation) throw new GenerationConflictError(generation, set.generation);
      generation = set.generation;
      return { generation };
    },
    async listPods() {
      const items = [{ metadata: { name: 'web', namespace: 'default', uid: 'u1' }, status: { phase: 'Running' } }];
      return { generation, items, resourceVersion: podListVersion({ generation, items }) };
    },
    async watchPods(isKnown) {
      const list = await backend.listPods();
      return isKnown(list.resourceVersion) ? undefined : list;
    },
    async hostFacts() {
      return collectHostFacts({ stateDir: root, docker: { version: '20.10.24', apiVersion: '1.41' }, images: [{ names: ['busybox:test'], sizeBytes: 1 }] });
    },
    async logs(req) {
      known(req.namespace, req.name);
      logRequests.push(req);
      return req.follow ? follow : Readable.from(['line 1\n', 'line 2\n']);
    },
    async exec({ namespace, name, command }) {
      known(namespace, name);
      if (command[0] === 'crash') throw new BerthError('RuntimeError', 'docker said no');
      return { exitCode: 3, stdout: command.join(' '), stderr: '' };
    },
    async stats(namespace, name) {
      known(namespace, name);
      return { namespace, name, containers: [{ name: 'web', cpuMillicores: 12, memoryBytes: 4096 }] };
    },
    async healthz() {
      return { status: 'ok', version: '1.2.3', hostName: 'h1', time: new Date().toISOString() };
    },
    async loadImage(tar, signal) {
      const upload = { bytes: 0, signal };
      uploads.push(upload);
      let head = '';
      for await (const chunk of tar) {
        if (upload.bytes === 0) head = String(chunk).slice(0, 3);
        upload.bytes += (chunk as Buffer).length;
        if (head === 'nak') throw new ImageLoadFailed('archive/tar: invalid tar header'); // refused before its end
      }
      if (head === 'bad') throw new ImageLoadFailed('Error processing tar file(exit status 1): unexpected EOF');
      return { loaded: ['berth-test/shipped:1'] };
    },
  };
  return { backend, logRequests, follow, uploads };
}

function known(namespace: string, name: string) {
  if (namespace !== 'default' || name !== 'web') throw new PodNotFoundError(namespace, name);
}

/** A raw request, to see exactly what the server answers. */
function raw(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const pod = { metadata: { name: 'web', namespace: 'default', uid: 'u1' }, spec: { containers: [{ name: 'web', image: 'busybox' }] } };
const desired = (generation: number): DesiredSet => ({ generation, pods: [pod], configMaps: [], secrets: [] });

let server: ApiServer;
let fake: ReturnType<typeof fakeBackend>;
beforeAll(async () => {
  writeFileSync(join(root, 'placeholder'), '');
  // A socket file left by a dead agent: a listener that is gone, its file still there.
  const dead = createServer();
  await new Promise<void>((resolve) => dead.listen(socketPath, resolve));
  await new Promise<void>((resolve) => dead.close(() => resolve()));
  fake = fakeBackend();
  server = await startApiServer({ socketPath, backend: fake.backend });
});
afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the agent API server', () => {
  it('listens on a socket only root may use, replacing a stale one', () => {
    expect(statSync(socketPath).isSocket()).toBe(true);
    expect(statSync(socketPath).mode & 0o777).toBe(0o600);
  });

  it('refuses to start on the socket of a live agent', async () => {
    await expect(startApiServer({ socketPath, backend: fake.backend })).rejects.toMatchObject({ code: 'AgentAlreadyRunning' });
  });

  it('takes a desired set and answers with its generation', async () => {
    const res = await raw('PUT', '/v1/desired', JSON.stringify(desired(7)));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(JSON.parse(res.body)).toEqual({ generation: 7 });
  });

  it.each([
    ['bad JSON', 'PUT', '/v1/desired', '{"generation": ', 400, 'BadRequest', 'BadRequest', 'not valid JSON'],
    ['a pod without uid', 'PUT', '/v1/desired', JSON.stringify({ ...desired(8), pods: [{ ...pod, metadata: { name: 'web', namespace: 'default' } }] }), 400, 'BadRequest', 'BadRequest', 'pods[0].metadata.uid: is required'],
    ['a negative generation', 'PUT', '/v1/desired', JSON.stringify(desired(-1)), 400, 'BadRequest', 'BadRequest', 'generation: must be a non-negative integer'],
    ['an older generation', 'PUT', '/v1/desired', JSON.stringify(desired(1)), 409, 'GenerationConflict', 'Conflict', 'older than the stored generation 7'],
    ['an unknown route', 'GET', '/v1/nodes', undefined, 404, 'NotFound', 'NotFound', 'no route for GET /v1/nodes'],
    ['an unknown pod', 'GET', '/v1/pods/default/nope/stats', undefined, 404, 'PodNotFound', 'NotFound', 'pod default/nope is not on this host'],
    ['a wrong method', 'DELETE', '/v1/desired', undefined, 405, 'MethodNotAllowed', 'MethodNotAllowed', 'DELETE is not allowed'],
    ['a failing backend', 'POST', '/v1/pods/default/web/exec', JSON.stringify({ command: ['crash'] }), 500, 'RuntimeError', 'InternalError', 'docker said no'],
    ['a bad log parameter', 'GET', '/v1/pods/default/web/log?tailLines=x', undefined, 400, 'BadRequest', 'BadRequest', 'tailLines'],
    ['an image upload that is not a tar', 'POST', '/v1/images', '{}', 415, 'UnsupportedMediaType', 'UnsupportedMediaType', 'Content-Type must be application/x-tar'],
    ['a tar Docker refuses', 'POST', '/v1/images', 'bad tar', 400, 'ImageLoadFailed', 'BadRequest', 'unexpected EOF'],
  ])('answers %s with a JSON error', async (_name, method, path, body, status, code, reason, message) => {
    const type = body === 'bad tar' ? 'application/x-tar' : 'application/json';
    const res = await raw(method, path, body, body === undefined ? {} : { 'Content-Type': type });
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe('application/json');
    const error = JSON.parse(res.body);
    expect(error).toMatchObject({ code, reason });
    expect(error.message).toContain(message);
  });
});

describe('the agent API client', () => {
  const clients = {
    'a unix socket': () => new AgentClient({ socketPath }),
    'a stream it opens (as an SSH forward gives)': () => new AgentClient({ connect: async () => connect(socketPath) }),
  };

  it.each(Object.entries(clients))('speaks every route over %s', async (_name, make) => {
    const client = make();
    expect(await client.setDesired(desired(9))).toEqual({ generation: 9 });
    expect((await client.listPods()).items[0].metadata?.name).toBe('web');
    const host = await client.hostFacts();
    expect(host.cpu.count).toBeGreaterThan(0);
    expect(host.images).toEqual([{ names: ['busybox:test'], sizeBytes: 1 }]);
    expect(await client.exec('default', 'web', { command: ['echo', 'hi'] })).toEqual({ exitCode: 3, stdout: 'echo hi', stderr: '' });
    expect((await client.stats('default', 'web')).containers).toEqual([{ name: 'web', cpuMillicores: 12, memoryBytes: 4096 }]);
    const log = await client.logs('default', 'web', { tailLines: 2, container: 'web' });
    let text = '';
    for await (const chunk of log) text += chunk;
    expect(text).toBe('line 1\nline 2\n');
    expect(fake.logRequests.at(-1)).toMatchObject({ namespace: 'default', name: 'web', tailLines: 2, container: 'web' });
    expect(await client.healthz()).toMatchObject({ status: 'ok', version: '1.2.3', hostName: 'h1', time: expect.stringMatching(/^\d{4}-/) });
  });

  it.each(Object.entries(clients))('streams an image tar to POST /v1/images over %s, and answers what was loaded', async (_name, make) => {
    const chunks = Array.from({ length: 64 }, (_, i) => Buffer.alloc(64 * 1024, i));
    expect(await make().loadImage(Readable.from(chunks))).toEqual({ loaded: ['berth-test/shipped:1'] });
    expect(fake.uploads.at(-1)!.bytes).toBe(64 * 64 * 1024);
  });

  it('stops sending, and drops the tar, when the agent refuses an upload before its end', async () => {
    let sent = 0;
    const endless = new Readable({
      read() {
        this.push(Buffer.alloc(64 * 1024, sent++ === 0 ? 'n' : 0).fill('nak', 0, 3));
      },
    });
    await expect(new AgentClient({ socketPath }).loadImage(endless)).rejects.toMatchObject({ code: 'ImageLoadFailed', status: 400 });
    await new Promise<void>((resolve) => (endless.destroyed ? resolve() : endless.once('close', () => resolve())));
  });

  it('gives up on an upload that stalls, after its idle timeout and not before', async () => {
    const tar = new PassThrough();
    tar.write(Buffer.alloc(1024));
    // Data keeps moving for 8 writes 100 ms apart (0.8 s, longer than the client's 0.2 s request timeout), then stops.
    let writes = 0;
    const feeding = setInterval(() => writes < 8 && (tar.write(Buffer.alloc(16)), (writes += 1)), 100);
    let writesWhenGivenUp = 0;
    try {
      const upload = new AgentClient({ socketPath }, { timeoutMs: 200 }).loadImage(tar, { idleTimeoutMs: 400 });
      await expect(upload.finally(() => (writesWhenGivenUp = writes))).rejects.toMatchObject({ code: 'AgentTimeout' });
    } finally {
      clearInterval(feeding);
    }
    // Only the silence after the last write ended the upload.
    expect(writesWhenGivenUp).toBe(8);
    const upload = fake.uploads.at(-1)!;
    await new Promise<void>((resolve) => (upload.signal.aborted ? resolve() : upload.signal.addEventListener('abort', () => resolve())));
  });

  it('throws typed errors: branch on code', async () => {
    const client = new AgentClient({ socketPath });
    await expect(client.setDesired(desired(2))).rejects.toMatchObject({
      code: 'GenerationConflict',
      status: 409,
      reason: 'Conflict',
      data: expect.objectContaining({ stored: 9, received: 2 }),
    });
    await expect(client.logs('default', 'gone')).rejects.toMatchObject({ code: 'PodNotFound', status: 404 });
  });

  it('reports an agent that is not there as AgentUnreachable', async () => {
    await expect(new AgentClient({ socketPath: join(root, 'none.sock') }).listPods()).rejects.toMatchObject({ code: 'AgentUnreachable' });
  });

  it('streams a followed log as it is written, and stops the backend stream when the client leaves', async () => {
    const client = new AgentClient({ socketPath });
    const log = await client.logs('default', 'web', { follow: true });
    fake.follow.write('first\n');
    const [first] = (await Promise.race([
      new Promise((resolve) => log.once('data', (chunk) => resolve([String(chunk)]))),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no data')), 2000)),
    ])) as string[];
    expect(first).toBe('first\n');
    const request = fake.logRequests.at(-1)!;
    expect(request.follow).toBe(true);
    log.destroy();
    await new Promise<void>((resolve) => (request.signal.aborted ? resolve() : request.signal.addEventListener('abort', () => resolve())));
    expect(request.signal.aborted).toBe(true);
    await new Promise<void>((resolve) => (fake.follow.destroyed ? resolve() : fake.follow.once('close', () => resolve())));
  });
});
