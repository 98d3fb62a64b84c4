import { chmodSync, lstatSync, mkdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import { BerthError } from '../../errors';
import type { ControllerView } from '../view';
import { ControllerRequestError, toErrorResponse } from './errors';
import { checkSocketPathLength } from './path';
import { ROUTES } from './routes';
import { matchRoute, pathSegments, readJsonBody, type Reply } from './routing';

export interface ControllerSocket {
  socketPath: string;
  /** Stops listening, ends open connections (followed logs too) and removes the socket file. */
  close(): Promise<void>;
}

/** Request bodies are small (an exec command, a revision); anything larger is a mistake. */
const MAX_BODY_BYTES = 1 << 20;

/**
 * Serves the controller's view to the CLI on a unix socket, mode 0600: only the user running the controller may ask.
 * A socket file left by a dead controller is replaced; a live controller on the same socket is an error.
 */
export async function serveControllerSocket(view: ControllerView, socketPath: string): Promise<ControllerSocket> {
  checkSocketPathLength(socketPath);
  mkdirSync(dirname(socketPath), { recursive: true });
  await removeStaleSocket(socketPath);
  const server = createServer((req, res) => void handle(req, res, view));
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
        server.close(() => resolve()); // removes the socket file
        server.closeAllConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, view: ControllerView): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'http://controller');
    const match = matchRoute(ROUTES, req.method ?? 'GET', pathSegments(url.pathname));
    if (!match) throw new ControllerRequestError('NotFound', `no route for ${req.method} ${url.pathname}`);
    if ('methodNotAllowed' in match) {
      res.setHeader('Allow', match.methodNotAllowed.join(', '));
      throw new BerthError('MethodNotAllowed', `${req.method} is not allowed on ${url.pathname}`);
    }
    const reply = await match.route.handle({
      target: view,
      params: match.params,
      query: url.searchParams,
      body: () => readJsonBody(req, MAX_BODY_BYTES),
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
  // The client going away (Ctrl-C on `berth logs -f`) ends the follow at its source, the agent's stream.
  res.once('close', () => reply.stream.destroy());
  reply.stream.pipe(res);
}

async function removeStaleSocket(socketPath: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = lstatSync(socketPath).isSocket();
  } catch {
    return; // nothing there
  }
  if (!isSocket) throw new BerthError('SocketPathTaken', `${socketPath} exists and is not a socket; not removing it`, { socketPath });
  const live = await new Promise<boolean>((resolve) => {
    const probe = connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (live) throw new BerthError('ControllerAlreadyRunning', `another controller is listening on ${socketPath}`, { socketPath });
  rmSync(socketPath, { force: true });
}
