import { chmodSync, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import { BerthError } from '../errors';
import { readJsonBody } from './bodies';
import type { ErrorResponse } from './errors';
import { matchRoute, pathSegments, type Reply, type Route } from './routes';
import { removeStaleSocket } from './stale-socket';

export interface UnixHttpServerOptions<T extends object> {
  socketPath: string;
  routes: Route<T>[];
  /** What the routes serve, handed to every handler beside the request: the agent's backend, the controller's view. */
  serves: T;
  /** Largest request body accepted; a larger one is answered 413. */
  maxBodyBytes: number;
  /** What an empty JSON body reads as; without it an empty body is not JSON (400). */
  emptyBody?: unknown;
  /** Mode of the socket's folder when it has to be made. */
  folderMode?: number;
  /** The API's own status for each error a handler throws. */
  toErrorResponse(error: unknown): ErrorResponse;
  /** The error for a server that is still listening on the socket (two of them would steal each other's clients). */
  alreadyRunning(socketPath: string): BerthError;
}

export interface UnixHttpServer {
  socketPath: string;
  /** Stops listening, ends open connections (followed logs too) and removes the socket file. */
  close(): Promise<void>;
}

/**
 * Serves routes as HTTP+JSON on a unix socket, mode 0600: only the user running the server may ask. A socket file
 * left by a dead server is replaced; a live one on the same socket is an error.
 */
export async function serveUnixHttp<T extends object>(options: UnixHttpServerOptions<T>): Promise<UnixHttpServer> {
  const { socketPath } = options;
  mkdirSync(dirname(socketPath), { recursive: true, mode: options.folderMode });
  await removeStaleSocket(socketPath, options.alreadyRunning);
  const server = createServer((req, res) => void handle(req, res, options));
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

async function handle<T extends object>(req: IncomingMessage, res: ServerResponse, options: UnixHttpServerOptions<T>): Promise<void> {
  const abort = new AbortController();
  res.once('close', () => abort.abort());
  try {
    // The socket has no host name; the base only lets URL parse the path and query.
    const url = new URL(req.url ?? '/', 'http://unix');
    const match = matchRoute(options.routes, req.method ?? 'GET', pathSegments(url.pathname));
    if (!match) throw new BerthError('NotFound', `no route for ${req.method} ${url.pathname}`);
    if ('methodNotAllowed' in match) {
      res.setHeader('Allow', match.methodNotAllowed.join(', '));
      throw new BerthError('MethodNotAllowed', `${req.method} is not allowed on ${url.pathname}`);
    }
    const reply = await match.route.handle({
      ...options.serves,
      params: match.params,
      query: url.searchParams,
      body: () => readJsonBody(req, options.maxBodyBytes, options.emptyBody),
      stream: req,
      contentType: req.headers['content-type'],
      headers: req.headers,
      signal: abort.signal,
    });
    if (abort.signal.aborted && 'stream' in reply) reply.stream.destroy(); // the client left while it was prepared
    else if (!abort.signal.aborted) send(res, reply);
  } catch (error) {
    const { status, body } = options.toErrorResponse(error);
    if (res.headersSent) {
      res.destroy(); // mid-stream: the client sees a truncated body, there is no way to send a status any more
      return;
    }
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  }
}

function send(res: ServerResponse, reply: Reply): void {
  const headers = reply.headers ?? {};
  if ('status' in reply) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  if ('json' in reply) {
    res.writeHead(200, { ...headers, 'Content-Type': 'application/json' }).end(JSON.stringify(reply.json));
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': reply.contentType, 'X-Content-Type-Options': 'nosniff' });
  res.flushHeaders(); // a followed log may stay silent for long: the client must know at once that it is connected
  reply.stream.on('error', () => res.destroy());
  // The client going away (Ctrl-C on `berth logs -f`) ends the stream at its source (a container's log, an agent).
  res.once('close', () => reply.stream.destroy());
  reply.stream.pipe(res);
}
