// Parameters of the routes, checked before the backend sees them; every problem names its field.
import type { DesiredSet } from '../state';
import { formatIssues, parseDesiredSet } from '../state';
import { BerthError } from '../../errors';
import { POD_LOG_PARAMETERS, readQuery } from '../../unixhttp';
import { BadRequestError } from './errors';
import type { LogOptions } from './types';

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
  return readQuery(query, POD_LOG_PARAMETERS);
}
