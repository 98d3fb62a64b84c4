// Parameters of the routes, checked before the view sees them; every problem names its field.
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

export function logOptionsFromQuery(query: URLSearchParams): PodLogOptions {
  const options: PodLogOptions = {};
  const container = query.get('container');
  if (container) options.container = container;
  const tailLines = integer(query, 'tailLines', 0);
  if (tailLines !== undefined) options.tailLines = tailLines;
  // Kubernetes: sinceSeconds must be greater than 0.
  const sinceSeconds = integer(query, 'sinceSeconds', 1);
  if (sinceSeconds !== undefined) options.sinceSeconds = sinceSeconds;
  for (const flag of ['follow', 'previous'] as const) {
    const value = boolean(query, flag);
    if (value !== undefined) options[flag] = value;
  }
  return options;
}

function integer(query: URLSearchParams, name: string, min: number): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min) throw bad(`${name}: must be an integer of at least ${min}, not "${raw}"`);
  return value;
}

function boolean(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (raw === 'true' || raw === '1' || raw === '') return true;
  if (raw === 'false' || raw === '0') return false;
  throw bad(`${name}: must be true or false, not "${raw}"`);
}
