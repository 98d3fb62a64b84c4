import path from 'node:path';
import { BerthError } from '../../errors';

/** Linux's sun_path holds 108 bytes with the terminating NUL. */
const MAX_SOCKET_PATH_BYTES = 107;

/** Where a repo's controller listens: the repo's state folder, which git ignores. */
export function controllerSocketPath(repoDir: string): string {
  return path.join(path.resolve(repoDir), '.berth', 'controller.sock');
}

/** A unix socket path longer than the kernel allows fails with an obscure EINVAL; say what to do instead. */
export function checkSocketPathLength(socketPath: string): void {
  const size = Buffer.byteLength(socketPath);
  if (size > MAX_SOCKET_PATH_BYTES) {
    throw new BerthError(
      'SocketPathTooLong',
      `${socketPath} is ${size} bytes; a unix socket path may be at most ${MAX_SOCKET_PATH_BYTES}: move the cluster repo to a shorter path`,
      { socketPath },
    );
  }
}
