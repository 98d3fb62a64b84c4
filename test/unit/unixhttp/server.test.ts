import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BerthError } from '../../../src/errors';
import {
  ApiError,
  errorResponse,
  jsonRequestBody,
  readErrorResponse,
  readJsonResponse,
  route,
  serveUnixHttp,
  type ApiPeer,
  type UnixHttpServer,
  type UnixHttpServerOptions,
} from '../../../src/unixhttp';

const root = mkdtempSync(join(tmpdir(), 'berth-unixhttp-'));

interface Serves {
  greeting: string;
}

const follow = new PassThrough();
const options = (socketPath: string, extra: Partial<UnixHttpServerOptions<Serves>> = {}): UnixHttpServerOptions<Serves> => ({
  socketPath,
  serves: { greeting: 'hello' },
  routes: [
    route<Serves>('GET', '/v1/greeting/:name', ({ greeting, params }) => ({ json: `${greeting} ${params.name}` })),
    route<Serves>('POST', '/v1/echo', async ({ body }) => ({ json: await body() })),
    route<Serves>('GET', '/v1/log', () => ({ stream: follow, contentType: 'text/plain' })),
    route<Serves>('GET', '/v1/gone', () => {
      throw new BerthError('Gone', 'it went', { what: 'it' });
    }),
  ],
  maxBodyBytes: 64,
  toErrorResponse: (error) => errorResponse(error, { Gone: 404 }),
  alreadyRunning: (path) => new BerthError('TestAlreadyRunning', `another test server is on ${path}`),
  ...extra,
});

const PEER: ApiPeer = { name: 'test server', badResponseCode: 'TestBadResponse', apiError: (status, body) => new ApiError(status, body) };

/** One request; JSON answers are read as the clients read them. */
function ask(socketPath: string, method: string, path: string, body?: unknown, raw?: string) {
  const { payload, headers } = raw === undefined ? jsonRequestBody(body) : { payload: Buffer.from(raw), headers: {} };
  return new Promise<IncomingMessage>((resolve, reject) => {
    request({ socketPath, method, path, headers }, resolve).on('error', reject).end(payload);
  });
}

async function json(socketPath: string, method: string, path: string, body?: unknown, raw?: string): Promise<unknown> {
  return readJsonResponse(await ask(socketPath, method, path, body, raw), PEER, `${method} ${path}`).catch((error: unknown) => error);
}

let server: UnixHttpServer;
const socketPath = join(root, 'sub', 'api.sock');

beforeAll(async () => {
  server = await serveUnixHttp(options(socketPath, { folderMode: 0o750 }));
});

afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

describe('a unix HTTP server', () => {
  it('listens on a socket only its user may use, in a folder it makes with the mode asked for', () => {
    expect(statSync(socketPath).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, 'sub')).mode & 0o777).toBe(0o750);
  });

  it('hands its routes what they serve and the path parameters, decoded', async () => {
    expect(await json(socketPath, 'GET', '/v1/greeting/a%20b')).toBe('hello a b');
  });

  it('reads JSON bodies', async () => {
    expect(await json(socketPath, 'POST', '/v1/echo', { a: 1 })).toEqual({ a: 1 });
  });

  it.each([
    ['GET', '/v1/nothing', undefined, 404, 'NotFound', 'no route for GET /v1/nothing'],
    ['DELETE', '/v1/echo', undefined, 405, 'MethodNotAllowed', 'DELETE is not allowed on /v1/echo'],
    ['POST', '/v1/echo', 'not json', 400, 'BadRequest', 'request body is not valid JSON'],
    ['POST', '/v1/echo', '', 400, 'BadRequest', 'request body is not valid JSON'],
    ['POST', '/v1/echo', 'x'.repeat(100), 413, 'PayloadTooLarge', 'request body is larger than 64 bytes'],
    ['GET', '/v1/gone', undefined, 404, 'Gone', 'it went'],
  ])('answers %s %s (body %j) with %i %s as a JSON error body', async (method, path, raw, status, code, message) => {
    const error = await json(socketPath, method, path, undefined, raw);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status, code, message: expect.stringContaining(message) });
  });

  it('says which methods a path has on a 405', async () => {
    expect((await ask(socketPath, 'DELETE', '/v1/echo')).headers.allow).toBe('POST');
  });

  it('keeps the data of an error and names Kubernetes reason', async () => {
    expect(await json(socketPath, 'GET', '/v1/gone')).toMatchObject({ reason: 'NotFound', data: { what: 'it', status: 404, reason: 'NotFound' } });
  });

  it('streams a reply as it comes, and ends it at its source when the client goes away', async () => {
    const res = await ask(socketPath, 'GET', '/v1/log');
    expect(res.headers['content-type']).toBe('text/plain');
    const first = new Promise<string>((resolve) => res.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    follow.write('line\n');
    expect(await first).toBe('line\n');
    res.destroy();
    await expect.poll(() => follow.destroyed).toBe(true);
  });

  it('refuses to start a second server on a socket that is being served', async () => {
    await expect(serveUnixHttp(options(socketPath))).rejects.toMatchObject({ code: 'TestAlreadyRunning' });
  });
});

describe('a unix HTTP server starting on a path that is taken', () => {
  it('replaces a socket a dead server left behind', async () => {
    const path = join(root, 'stale.sock');
    // A process killed with SIGKILL leaves its socket file, with nobody listening on it.
    const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(path)}, () => console.log('up'))`]);
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(statSync(path).isSocket()).toBe(true);
    const replacement = await serveUnixHttp(options(path));
    try {
      expect(await json(path, 'GET', '/v1/greeting/again')).toBe('hello again');
    } finally {
      await replacement.close();
    }
  });

  it('refuses a path that is not a socket', async () => {
    const path = join(root, 'not-a-socket');
    writeFileSync(path, 'data');
    await expect(serveUnixHttp(options(path))).rejects.toMatchObject({ code: 'SocketPathTaken', data: { socketPath: path } });
  });

  it('reads an empty body as what it is told to', async () => {
    const path = join(root, 'empty.sock');
    const lenient = await serveUnixHttp(options(path, { emptyBody: {} }));
    try {
      expect(await json(path, 'POST', '/v1/echo', undefined, '')).toEqual({});
    } finally {
      await lenient.close();
    }
  });
});

describe("reading an answer that is not the API's", () => {
  it('gives the peer its bad-response code with the status and the start of the body', async () => {
    const path = join(root, 'proxy.sock');
    const proxy = createHttpServer((_req, res) => res.writeHead(502, { 'Content-Type': 'text/html' }).end('no way!'));
    await new Promise<void>((resolve) => proxy.listen(path, resolve));
    try {
      const error = await readErrorResponse(await ask(path, 'GET', '/'), PEER);
      expect(error).toMatchObject({ code: 'TestBadResponse', status: 502, reason: 'Unknown', message: 'HTTP 502: no way!' });
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });
});
