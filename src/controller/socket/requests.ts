// Parameters of the routes, checked before the view sees them; every problem names its field.
import { POD_LOG_PARAMETERS, readQuery } from '../../unixhttp';
import type { PodLogOptions } from '../view';
import { ControllerRequestError } from './errors';

const bad = (message: string) => new ControllerRequestError('BadRequest', message);

function object(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('body: must be an object');
  return body as Record<string, unknown>;
}

export function execFromBody(body: unknown): { container?: string; command: string[] } {
  const { container, command } = object(body);
  if (container !== undefined && (typeof container !== 'string' || container === '')) throw bad('container: must be a non-empty string');
  if (!Array.isArray(command) || command.length === 0 || !command.every((part) => typeof part === 'string')) {
    throw bad('command: must be a non-empty array of strings');
  }
  return { container: container as string | undefined, command };
}

export function undoFromBody(body: unknown): { toRevision?: number } {
  const { toRevision } = object(body);
  if (toRevision === undefined || toRevision === 0) return {}; // kubectl: --to-revision 0 means the previous one
  if (typeof toRevision !== 'number' || !Number.isSafeInteger(toRevision) || toRevision < 0) {
    throw bad(`toRevision: must be a positive integer, not ${JSON.stringify(toRevision)}`);
  }
  return { toRevision };
}

// The controller's view takes no timestamps (`berth logs` has no --timestamps): such a parameter stays unread.
const { timestamps: _timestamps, ...LOG_PARAMETERS } = POD_LOG_PARAMETERS;

export function logOptionsFromQuery(query: URLSearchParams): PodLogOptions {
  return readQuery(query, LOG_PARAMETERS);
}
