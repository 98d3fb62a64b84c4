import { request as httpRequest, type IncomingMessage } from 'node:http';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Event, Node, Pod } from 'kubernetes-types/core/v1';
import { BerthError } from '../../errors';
import type { KubeObject } from '../../manifest';
import { jsonRequestBody, readErrorResponse, readJsonResponse, type ApiPeer } from '../../unixhttp';
import type { DrainStatus, ExecResult, PodLogOptions, RolloutRevision, SyncStatus } from '../view';
import { ControllerApiError, NoControllerError } from './errors';
import { controllerSocketPath } from './path';

export interface ControllerClientOptions {
  /** Time allowed for a request until its response starts; 0 waits as long as it takes. Default 30 s. */
  timeoutMs?: number;
}

const CONTROLLER: ApiPeer = {
  name: 'controller',
  badResponseCode: 'ControllerBadResponse',
  apiError: (status, body) => new ControllerApiError(status, body),
};

interface List<T> {
  items: T[];
}

/**
 * The CLI's client of a running controller, over the repo's socket. Error responses throw ControllerApiError (branch
 * on `code`); no controller listening throws NoControllerError.
 */
export class ControllerClient {
  readonly repo: string;
  readonly socketPath: string;
  readonly #timeoutMs: number;

  constructor({ repo, socketPath }: { repo: string; socketPath: string }, { timeoutMs = 30_000 }: ControllerClientOptions = {}) {
    this.repo = repo;
    this.socketPath = socketPath;
    this.#timeoutMs = timeoutMs;
  }

  /** The client of the controller of the cluster repo in this folder. */
  static forRepo(repoDir: string, options?: ControllerClientOptions): ControllerClient {
    return new ControllerClient({ repo: path.resolve(repoDir), socketPath: controllerSocketPath(repoDir) }, options);
  }

  sync(): Promise<SyncStatus> {
    return this.#json('GET', '/v1/sync');
  }

  async pods(): Promise<Pod[]> {
    return (await this.#json<List<Pod>>('GET', '/v1/pods')).items;
  }

  async objects(filter: { kind?: string; namespace?: string } = {}): Promise<KubeObject[]> {
    return (await this.#json<List<KubeObject>>('GET', `/v1/objects${query(filter)}`)).items;
  }

  async nodes(): Promise<Node[]> {
    return (await this.#json<List<Node>>('GET', '/v1/nodes')).items;
  }

  async events(): Promise<Event[]> {
    return (await this.#json<List<Event>>('GET', '/v1/events')).items;
  }

  /** The log as a byte stream; destroy it to stop following. */
  async podLogs(namespace: string, name: string, options: PodLogOptions = {}): Promise<Readable> {
    const res = await this.#request('GET', `${podPath(namespace, name)}/log${query({ ...options })}`);
    if (res.statusCode !== 200) throw await readErrorResponse(res, CONTROLLER);
    return res;
  }

  /** Waits for the command to end, however long it runs. */
  podExec(namespace: string, name: string, container: string | undefined, command: string[]): Promise<ExecResult> {
    return this.#json('POST', `${podPath(namespace, name)}/exec`, { container, command }, 0);
  }

  async rolloutHistory(namespace: string, name: string): Promise<RolloutRevision[]> {
    return (await this.#json<{ revisions: RolloutRevision[] }>('GET', rolloutPath(namespace, name))).revisions;
  }

  rolloutUndo(namespace: string, name: string, toRevision?: number): Promise<RolloutRevision> {
    return this.#json('POST', rolloutPath(namespace, name), { toRevision });
  }

  drain(host: string): Promise<DrainStatus> {
    return this.#json('POST', `/v1/nodes/${encodeURIComponent(host)}/drain`, {});
  }

  async #json<T>(method: string, urlPath: string, body?: unknown, timeoutMs = this.#timeoutMs): Promise<T> {
    return readJsonResponse(await this.#request(method, urlPath, body, timeoutMs), CONTROLLER, `${method} ${urlPath}`);
  }

  #request(method: string, urlPath: string, body?: unknown, timeoutMs = this.#timeoutMs): Promise<IncomingMessage> {
    const { payload, headers } = jsonRequestBody(body);
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const req = httpRequest({ socketPath: this.socketPath, method, path: urlPath, headers }, (res) => {
        clearTimeout(timer);
        resolve(res);
      });
      if (timeoutMs > 0) {
        const error = new BerthError('ControllerTimeout', `the controller did not answer within ${timeoutMs} ms (${method} ${urlPath})`);
        timer = setTimeout(() => req.destroy(error), timeoutMs);
      }
      req.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        // ENOENT: no socket; ECONNREFUSED: a socket file nobody listens on, left by a controller that died.
        if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') reject(new NoControllerError(this.repo, this.socketPath));
        else reject(error instanceof BerthError ? error : new BerthError('ControllerUnreachable', `cannot reach the controller at ${this.socketPath}: ${error.message}`));
      });
      req.end(payload);
    });
  }
}

function query(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  return search.size > 0 ? `?${search}` : '';
}

function podPath(namespace: string, name: string): string {
  return `/v1/pods/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

function rolloutPath(namespace: string, name: string): string {
  return `/v1/rollouts/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}
