import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import type { Duplex, Readable } from 'node:stream';
import { BerthError } from '../../errors';
import { AgentApiError, type ErrorBody } from './errors';
import type { DesiredSet, ExecResult, HostFacts, LogOptions, PodList, PodStats } from './types';

/**
 * How to reach an agent: its unix socket, or any function that opens a byte stream to it (the controller passes an
 * SSH stream-local forward; one stream per request).
 */
export type AgentConnection = { socketPath: string } | { connect: () => Duplex | Promise<Duplex> };

export interface AgentClientOptions {
  /** Time allowed for a whole request (for logs: until the response starts). Default 30 s. */
  timeoutMs?: number;
}

/** Client of the agent's API. Error responses throw AgentApiError (branch on `code`); no answer throws AgentUnreachable. */
export class AgentClient {
  readonly #connection: AgentConnection;
  readonly #timeoutMs: number;

  constructor(connection: AgentConnection, { timeoutMs = 30_000 }: AgentClientOptions = {}) {
    this.#connection = connection;
    this.#timeoutMs = timeoutMs;
  }

  setDesired(set: DesiredSet): Promise<{ generation: number }> {
    return this.#json('PUT', '/v1/desired', set);
  }

  listPods(): Promise<PodList> {
    return this.#json('GET', '/v1/pods');
  }

  hostFacts(): Promise<HostFacts> {
    return this.#json('GET', '/v1/host');
  }

  exec(namespace: string, name: string, request: { container?: string; command: string[] }): Promise<ExecResult> {
    return this.#json('POST', `${podPath(namespace, name)}/exec`, request);
  }

  stats(namespace: string, name: string): Promise<PodStats> {
    return this.#json('GET', `${podPath(namespace, name)}/stats`);
  }

  /** The log as a byte stream; destroy it to stop following. */
  async logs(namespace: string, name: string, options: LogOptions = {}): Promise<Readable> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(options)) if (value !== undefined) query.set(key, String(value));
    const suffix = query.size > 0 ? `?${query}` : '';
    const res = await this.#request('GET', `${podPath(namespace, name)}/log${suffix}`);
    if (res.statusCode !== 200) throw await errorFrom(res);
    return res;
  }

  async #json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.#request(method, path, body);
    if (res.statusCode !== 200) throw await errorFrom(res);
    const text = await readAll(res);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new BerthError('AgentBadResponse', `agent answered ${method} ${path} with a body that is not JSON`, { body: text.slice(0, 200) });
    }
  }

  #request(method: string, path: string, body?: unknown): Promise<IncomingMessage> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const options: RequestOptions = {
      method,
      path,
      headers: payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {},
    };
    if ('socketPath' in this.#connection) options.socketPath = this.#connection.socketPath;
    else options.createConnection = streamOpener(this.#connection.connect) as RequestOptions['createConnection'];
    return new Promise((resolve, reject) => {
      const req = httpRequest(options, (res) => {
        req.setTimeout(0);
        resolve(res);
      });
      req.setTimeout(this.#timeoutMs, () =>
        req.destroy(new BerthError('AgentTimeout', `agent did not answer ${method} ${path} within ${this.#timeoutMs} ms`)),
      );
      req.on('error', (error) =>
        reject(error instanceof BerthError ? error : new BerthError('AgentUnreachable', `agent unreachable: ${error.message}`)),
      );
      req.end(payload);
    });
  }
}

// node:http takes a stream from createConnection either returned or through the callback; the callback form lets
// an asynchronous opener (an SSH channel) be used.
function streamOpener(connect: () => Duplex | Promise<Duplex>) {
  return (_options: unknown, oncreate: (error: Error | null, stream?: Duplex) => void): undefined => {
    Promise.resolve()
      .then(connect)
      .then((stream) => oncreate(null, stream), (error: Error) => oncreate(error));
    return undefined;
  };
}

function podPath(namespace: string, name: string): string {
  return `/v1/pods/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

async function errorFrom(res: IncomingMessage): Promise<AgentApiError> {
  const status = res.statusCode ?? 0;
  const text = await readAll(res);
  try {
    const body = JSON.parse(text) as ErrorBody;
    if (typeof body.code === 'string' && typeof body.message === 'string') return new AgentApiError(status, body);
  } catch {
    // not an agent's error body: a proxy or something else answered
  }
  return new AgentApiError(status, { code: 'AgentBadResponse', message: `HTTP ${status}: ${text.slice(0, 200)}`, reason: 'Unknown' });
}

function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}
