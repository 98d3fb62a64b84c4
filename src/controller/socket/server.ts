import { BerthError } from '../../errors';
import { serveUnixHttp, type UnixHttpServer } from '../../unixhttp';
import type { ControllerView } from '../view';
import { toErrorResponse } from './errors';
import { checkSocketPathLength } from './path';
import { ROUTES } from './routes';

export type ControllerSocket = UnixHttpServer;

/** Request bodies are small (an exec command, a revision); anything larger is a mistake. */
const MAX_BODY_BYTES = 1 << 20;

/**
 * Serves the controller's view to the CLI on a unix socket, mode 0600: only the user running the controller may ask.
 * A socket file left by a dead controller is replaced; a live controller on the same socket is an error.
 */
export async function serveControllerSocket(view: ControllerView, socketPath: string): Promise<ControllerSocket> {
  checkSocketPathLength(socketPath);
  return serveUnixHttp({
    socketPath,
    routes: ROUTES,
    serves: { view },
    maxBodyBytes: MAX_BODY_BYTES,
    // A POST without a body (`curl -X POST …/drain`) means no parameters.
    emptyBody: {},
    toErrorResponse,
    alreadyRunning: () => new BerthError('ControllerAlreadyRunning', `another controller is listening on ${socketPath}`, { socketPath }),
  });
}
