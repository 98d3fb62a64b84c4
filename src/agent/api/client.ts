import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import type { Duplex, Readable } from 'node:stream';
import { BerthError } from '../../errors';
import { jsonRequestBody, readErrorResponse, readJsonResponse, type ApiPeer } from '../../unixhttp';
import { AgentApiError } from './errors';
import { DEFAULT_WATCH_SECONDS } from './etag';
import type { DesiredSet, ExecResult, Healthz, HostFacts, LoadedImages, LogOptions, PodList, PodStats } from './types';

/**
 * How to reach an agent: its unix socket, or any function that opens a byte stream to it (the controller passes an
 * SSH stream-local forward; one stream per request).
 */
export type AgentConnection = { socketPath: string } | { connect: () => Duplex | Promise<Duplex> };

export interface AgentClientOptions {
  /** Time allowed for a whole request (for logs: until the response starts). Default 30 s. */
  timeoutMs?: number;
}

export interface LoadImageOptions {
  /**
   * An image upload has no overall deadline (a large image over a slow link takes what it takes); it fails when
   * nothing was sent for this long without an answer, which includes Docker's work after the last chunk. Default 120 s.
   */
  idleTimeoutMs?: number;
}

export interface PodsOptions {
  /** The ETag of the report the caller has: an unchanged report is answered 304, without a body. */
  etag?: string;
  /** With etag: wait until the report differs from it, or timeoutSeconds pass (then notModified). */
  watch?: boolean;
  /** How long a watch waits, 1 to 60. Default 30 (the agent's). */
  timeoutSeconds?: number;
  /** Abandons the request (a watch the caller no longer needs); the promise rejects with AbortError. */
  signal?: AbortSignal;
}

/**
 * GET /v1/pods as a poll: the report with its ETag, or notModified with the etag the caller sent. An agent from
 * before ETags answers without one: etag is undefined then, and every call returns the whole report.
 */
export type PodsAnswer = { notModified: true; etag: string } | { notModified: false; etag: string | undefined; list: PodList };

/** GET /v1/host as a poll, as PodsAnswer: unchanged facts are answered 304 (no image list over SSH). */
export type HostFactsAnswer = { notModified: true; etag: string } | { notModified: false; etag: string | undefined; facts: HostFacts };

const AGENT: ApiPeer = { name: 'agent', badResponseCode: 'AgentBadResponse', apiError: (status, body) => new AgentApiError(status, body) };

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

  async pods({ etag, watch, timeoutSeconds, signal }: PodsOptions = {}): Promise<PodsAnswer> {
    const query = new URLSearchParams();
    if (watch) query.set('watch', 'true');
    if (timeoutSeconds !== undefined) query.set('timeoutSeconds', String(timeoutSeconds));
    const path = `/v1/pods${query.size > 0 ? `?${query}` : ''}`;
    // A watch is answered when it ends: its own time, then the client's usual allowance for the answer itself.
    const timeoutMs = watch ? (timeoutSeconds ?? DEFAULT_WATCH_SECONDS) * 1000 + this.#timeoutMs : this.#timeoutMs;
    const res = await this.#request('GET', path, { headers: etag ? { 'If-None-Match': etag } : {}, timeoutMs, signal });
    if (res.statusCode === 304 && etag) {
      res.resume();
      return { notModified: true, etag };
    }
    const list = await this.#parse<PodList>(res, 'GET', path);
    const header = res.headers.etag;
    return { notModified: false, etag: header || undefined, list };
  }

  hostFacts(): Promise<HostFacts> {
    return this.#json('GET', '/v1/host');
  }

  /** The facts, or notModified when they are still those of `etag`. An agent from before answers whole, without an ETag. */
  async hostFactsSince(etag: string | undefined): Promise<HostFactsAnswer> {
    const res = await this.#request('GET', '/v1/host', { headers: etag ? { 'If-None-Match': etag } : {} });
    if (res.statusCode === 304 && etag) {
      res.resume();
      return { notModified: true, etag };
    }
    const facts = await this.#parse<HostFacts>(res, 'GET', '/v1/host');
    return { notModified: false, etag: res.headers.etag || undefined, facts };
  }

  /** Whether the agent answers, its version, host name and clock; the agent does not ask Docker. */
  healthz(): Promise<Healthz> {
    return this.#json('GET', '/v1/healthz');
  }

  /**
   * Streams a `docker save` tar to the agent, which `docker load`s it as it arrives; the images loaded, by name. The
   * tar is read to its end, or destroyed when the agent answers before (a refusal).
   */
  async loadImage(tar: Readable, { idleTimeoutMs = 120_000 }: LoadImageOptions = {}): Promise<LoadedImages> {
    const res = await this.#request('POST', '/v1/images', { stream: tar, contentType: 'application/x-tar', idleTimeoutMs });
    return this.#parse(res, 'POST', '/v1/images');
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
    if (res.statusCode !== 200) throw await readErrorResponse(res, AGENT);
    return res;
  }

  async #json<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.#parse(await this.#request(method, path, body === undefined ? {} : { json: body }), method, path);
  }

  #parse<T>(res: IncomingMessage, method: string, path: string): Promise<T> {
    return readJsonResponse(res, AGENT, `${method} ${path}`);
  }

  /**
   * One request on a new connection. Timers are the client's own, not the socket's: an SSH channel is a Duplex
   * without setTimeout. JSON bodies get a deadline for the whole request (until the response starts); a streamed
   * body gets an idle deadline instead, pushed back by every chunk sent, until the response starts.
   */
  #request(method: string, path: string, body: RequestBody = {}): Promise<IncomingMessage> {
    const { payload, headers } = jsonRequestBody(body.json);
    Object.assign(headers, body.headers);
    if (body.stream) Object.assign(headers, { 'Content-Type': body.contentType ?? 'application/octet-stream', 'Transfer-Encoding': 'chunked' });
    const options: RequestOptions = { method, path, headers, signal: body.signal };
    if ('socketPath' in this.#connection) options.socketPath = this.#connection.socketPath;
    else options.createConnection = streamOpener(this.#connection.connect) as RequestOptions['createConnection'];
    const limitMs = body.stream ? (body.idleTimeoutMs ?? this.#timeoutMs) : (body.timeoutMs ?? this.#timeoutMs);
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const arm = () => {
        clearTimeout(timer);
        const what = body.stream ? `upload to the agent was idle for ${limitMs} ms` : `agent did not answer within ${limitMs} ms`;
        timer = setTimeout(() => req.destroy(new BerthError('AgentTimeout', `${what} (${method} ${path})`)), limitMs);
      };
      const req = httpRequest(options, (res) => {
        clearTimeout(timer);
        resolve(res);
      });
      arm();
      req.on('error', (error) => {
        clearTimeout(timer);
        if (body.signal?.aborted) reject(error); // the caller's own abort, not the agent's failure
        else reject(error instanceof BerthError ? error : new BerthError('AgentUnreachable', `agent unreachable: ${error.message}`));
      });
      if (!body.stream) {
        req.end(payload);
        return;
      }
      const source = body.stream;
      source.on('data', arm);
      source.once('error', (error) => req.destroy(new BerthError('AgentUploadFailed', `reading what was to be sent failed: ${error.message}`)));
      // The agent may answer before the body ends (a refused upload): stop sending then, and once the answer is read
      // drop the unfinished request and its source, which would otherwise hold the connection open.
      req.once('response', (res) => {
        source.off('data', arm);
        source.unpipe(req);
        source.pause();
        res.once('end', () => {
          if (req.writableFinished) return;
          req.destroy();
          source.destroy();
        });
      });
      source.pipe(req);
    });
  }
}

interface RequestBody {
  json?: unknown;
  headers?: Record<string, string>;
  /** For the whole request, until the response starts; default the client's. */
  timeoutMs?: number;
  signal?: AbortSignal;
  stream?: Readable;
  contentType?: string;
  idleTimeoutMs?: number;
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
