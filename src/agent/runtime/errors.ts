// Runtime errors. Their codes are Kubernetes' container waiting reasons where one exists, so pod status can show
// them as they are (ErrImagePull, ErrImageNeverPull, CreateContainerConfigError, …).
import { BerthError } from '../../errors';

/** The engine failed or answered something unexpected. */
export class RuntimeError extends BerthError {
  constructor(message: string, data: Record<string, unknown> = {}, code = 'RuntimeError') {
    super(code, message, data);
  }
}

export class ErrImagePull extends RuntimeError {
  constructor(image: string, cause: string) {
    super(`failed to pull image "${image}": ${cause}`, { image, cause }, 'ErrImagePull');
  }
}

/** imagePullPolicy Never and the image is not on the host. */
export class ErrImageNeverPull extends RuntimeError {
  constructor(image: string) {
    super(`container image "${image}" is not present with pull policy of Never`, { image }, 'ErrImageNeverPull');
  }
}

/** The pod's spec cannot be turned into a container here: a missing ConfigMap key, privileged where not allowed. */
export class CreateContainerConfigError extends RuntimeError {
  constructor(message: string, data: Record<string, unknown> = {}) {
    super(message, data, 'CreateContainerConfigError');
  }
}

export class CreateContainerError extends RuntimeError {
  constructor(name: string, cause: string) {
    super(`failed to create container ${name}: ${cause}`, { name }, 'CreateContainerError');
  }
}

/** Docker created the container but could not start it (no such executable, …). */
export class RunContainerError extends RuntimeError {
  constructor(id: string, cause: string) {
    super(`failed to start container ${id}: ${cause}`, { id }, 'RunContainerError');
  }
}

export class ContainerNotFound extends RuntimeError {
  constructor(id: string) {
    super(`no such container: ${id}`, { id }, 'ContainerNotFound');
  }
}

export class ExecTimeout extends RuntimeError {
  constructor(id: string, command: string[], timeoutMs: number) {
    super(`command ${JSON.stringify(command)} timed out after ${timeoutMs}ms`, { id, command, timeoutMs }, 'ExecTimeout');
  }
}

/** Docker could not load an image tar (not a `docker save` archive, a truncated upload, no space left). */
export class ImageLoadFailed extends RuntimeError {
  constructor(cause: string) {
    super(`docker load failed: ${cause}`, {}, 'ImageLoadFailed');
  }
}

/** The HTTP status of a docker-modem error, if it has one. */
export function statusOf(err: unknown): number | undefined {
  const code = (err as { statusCode?: unknown })?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** The engine's own message (docker-modem puts the JSON body in `json`). */
export function messageOf(err: unknown): string {
  const json = (err as { json?: { message?: string } })?.json;
  // Trimmed: docker-modem ends the messages it builds with a space, which would follow them into events and states.
  if (json && typeof json.message === 'string') return json.message.trim();
  return (err instanceof Error ? err.message : String(err)).trim();
}
