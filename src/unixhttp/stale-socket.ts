import { lstatSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { BerthError } from '../errors';

/**
 * Removes a socket file left by a server that died (listen would fail with EADDRINUSE). A server that still answers
 * on it is `alreadyRunning`; a file that is not a socket is someone else's and stays.
 */
export async function removeStaleSocket(socketPath: string, alreadyRunning: (socketPath: string) => BerthError): Promise<void> {
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
  if (live) throw alreadyRunning(socketPath);
  rmSync(socketPath, { force: true });
}
