// Parameters of the routes, checked before the backend sees them; every problem names its field.
import type { DesiredSet } from '../state';
import { formatIssues, parseDesiredSet } from '../state';
import { BerthError } from '../../errors';
import { BadRequestError } from './errors';
import type { LogOptions } from './types';

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadRequestError(`request body is not valid JSON: ${(error as Error).message}`);
  }
}

export function desiredSetFromBody(body: unknown): DesiredSet {
  const parsed = parseDesiredSet(body);
  if (!parsed.ok) throw new BadRequestError(`invalid desired set: ${formatIssues(parsed.issues)}`, { issues: parsed.issues });
  return parsed.set;
}

export function execFromBody(body: unknown): { container?: string; command: string[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequestError('body: must be an object');
  const { container, command } = body as Record<string, unknown>;
  if (container !== undefined && (typeof container !== 'string' || container === '')) {
    throw new BadRequestError('container: must be a non-empty string');
  }
  if (!Array.isArray(command) || command.length === 0 || !command.every((part) => typeof part === 'string')) {
    throw new BadRequestError('command: must be a non-empty array of strings');
  }
  return { container, command };
}

/** 415 unless the body's media type (parameters aside) is one of `accepted`. */
export function requireContentType(contentType: string | undefined, accepted: readonly string[]): void {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (!accepted.includes(type)) {
    throw new BerthError('UnsupportedMediaType', `Content-Type must be ${accepted.join(' or ')}, not "${contentType ?? ''}"`, { contentType: contentType ?? '' });
  }
}

export function logOptionsFromQuery(query: URLSearchParams): LogOptions {
  const options: LogOptions = {};
  const container = query.get('container');
  if (container) options.container = container;
  const tailLines = integer(query, 'tailLines', 0);
  if (tailLines !== undefined) options.tailLines = tailLines;
  // Kubernetes: sinceSeconds must be greater than 0.
  const sinceSeconds = integer(query, 'sinceSeconds', 1);
  if (sinceSeconds !== undefined) options.sinceSeconds = sinceSeconds;
  for (const flag of ['follow', 'previous', 'timestamps'] as const) {
    const value = boolean(query, flag);
    if (value !== undefined) options[flag] = value;
  }
  return options;
}

function integer(query: URLSearchParams, name: string, min: number): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min) {
    throw new BadRequestError(`${name}: must be an integer of at least ${min}, not "${raw}"`);
  }
  return value;
}

function boolean(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (raw === 'true' || raw === '1' || raw === '') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new BadRequestError(`${name}: must be true or false, not "${raw}"`);
}
