import { chmodSync, lstatSync, mkdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import { BerthError } from '../../errors';
import { BadRequestError, toErrorResponse } from './errors';
import { parseJson } from './requests';
import { matchRoute, ROUTES, type Reply } from './routes';
import type { AgentBackend } from './types';

export interface ApiServerOptions {
  socketPath: string;
  backend: AgentBackend;
  /** Largest request body accepted. Default 64 MiB (a desired set of a few hundred pods is a few MiB). */
  maxBodyBytes?: number;
}

export interface ApiServer {
  socketPath: string;
  /** Stops listening, ends open connections (followed logs too) and removes the socket file. */
  close(): Promise<void>;
}

/**
 * Serves the agent's API on a unix socket, mode 0600: only root (the controller over SSH) may talk to the agent.
 * A socket file left by a dead agent is removed; a live agent on the same socket is an error (AgentAlreadyRunning).
 */
export async function startApiServer({ socketPath, backend, maxBodyBytes = 64 << 20 }: ApiServerOptions): Promise<ApiServer> {
  mkdirSync(dirname(socketPath), { recursive: true, mode: 0o755 });
  await removeStaleSocket(socketPath);
  const server = createServer((req, res) => {
    void handle(req, res, backend, maxBodyBytes);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  chmodSync(socketPath, 0o600);
  return {
    socketPath,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, backend: AgentBackend, maxBodyBytes: number): Promise<void> {
  const abort = new AbortController();
  res.once('close', () => abort.abort());
  try {
    const url = new URL(req.url ?? '/', 'http://agent');
    const segments = url.pathname.split('/').filter(Boolean).map(decodeSegment);
    const match = matchRoute(ROUTES, req.method ?? 'GET', segments);
    if (!match) throw new BerthError('NotFound', `no route for ${req.method} ${url.pathname}`);
    if ('methodNotAllowed' in match) {
      res.setHeader('Allow', match.methodNotAllowed.join(', '));
      throw new BerthError('MethodNotAllowed', `${req.method} is not allowed on ${url.pathname}`);
    }
    const body = async () => parseJson(await readBody(req, maxBodyBytes));
    const reply = await match.route.handle({
      backend,
      params: match.params,
      query: url.searchParams,
      body,
      stream: req,
      contentType: req.headers['content-type'],
      signal: abort.signal,
    });
    send(res, reply);
  } catch (error) {
    const { status, body } = toErrorResponse(error);
    if (res.headersSent) {
      res.destroy(); // mid-stream: the client sees a truncated body, there is no way to send a status any more
      return;
    }
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  }
}

function send(res: ServerResponse, reply: Reply): void {
  if ('json' in reply) {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(reply.json));
    return;
  }
  res.writeHead(200, { 'Content-Type': reply.contentType, 'X-Content-Type-Options': 'nosniff' });
  res.flushHeaders(); // a followed log may stay silent for long: the client must know at once that it is connected
  reply.stream.on('error', () => res.destroy());
  res.once('close', () => reply.stream.destroy());
  reply.stream.pipe(res);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new BadRequestError(`path segment "${segment}" is not valid percent-encoding`);
  }
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is drained, not kept, so the client still reads the 413.
      if (size > maxBytes) reject(new BerthError('PayloadTooLarge', `request body is larger than ${maxBytes} bytes`));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function removeStaleSocket(socketPath: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = lstatSync(socketPath).isSocket();
  } catch {
    return; // nothing there
  }
  if (!isSocket) throw new BerthError('SocketPathTaken', `${socketPath} exists and is not a socket; not removing it`);
  const live = await new Promise<boolean>((resolve) => {
    const probe = connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (live) throw new BerthError('AgentAlreadyRunning', `another agent is listening on ${socketPath}`, { socketPath });
  rmSync(socketPath, { force: true });
}
