import { BerthError } from '../../errors';
import { serveUnixHttp, type UnixHttpServer } from '../../unixhttp';
import { toErrorResponse } from './errors';
import { ROUTES } from './routes';
import type { AgentBackend } from './types';

export interface ApiServerOptions {
  socketPath: string;
  backend: AgentBackend;
  /** Largest request body accepted. Default 64 MiB (a desired set of a few hundred pods is a few MiB). */
  maxBodyBytes?: number;
}

export type ApiServer = UnixHttpServer;

/**
 * Serves the agent's API on a unix socket, mode 0600: only root (the controller over SSH) may talk to the agent.
 * A socket file left by a dead agent is removed; a live agent on the same socket is an error (AgentAlreadyRunning).
 */
export function startApiServer({ socketPath, backend, maxBodyBytes = 64 << 20 }: ApiServerOptions): Promise<ApiServer> {
  return serveUnixHttp({
    socketPath,
    routes: ROUTES,
    serves: { backend },
    maxBodyBytes,
    folderMode: 0o755,
    toErrorResponse,
    alreadyRunning: () => new BerthError('AgentAlreadyRunning', `another agent is listening on ${socketPath}`, { socketPath }),
  });
}
