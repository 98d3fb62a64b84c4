// GET /v1/pods as a cheap poll: the report's resourceVersion is a digest of what it says, sent as a strong ETag, so a
// controller that already has it gets 304 Not Modified (no body over SSH), or waits for the next change (?watch=true).
import { createHash } from 'node:crypto';
import { BerthError } from '../../errors';
import { readQuery } from '../../unixhttp';
import type { HostFacts, PodList } from './types';

/** The longest a watch may wait, as the controller's long-polls need it; Kubernetes' watches default near this too. */
export const MAX_WATCH_SECONDS = 60;
export const DEFAULT_WATCH_SECONDS = 30;

/**
 * The digest of a report: its generation, its pods and its events as returned (a repeated event's bumped count is a
 * new version). Nothing in them moves between two calls that see
 * the same state (condition transition times and startTime are kept from the previous report, container times are
 * Docker's), so the same state gives the same version; like Kubernetes' resourceVersion it is opaque to clients.
 */
export function podListVersion(list: Omit<PodList, 'resourceVersion'>): string {
  return createHash('sha256').update(JSON.stringify(list.events?.length ? [list.generation, list.items, list.events] : [list.generation, list.items])).digest('base64url').slice(0, 22);
}

/**
 * The version of a host's facts. Free memory and free disk move on every call and the controller reads neither, so
 * they do not count: the ETag is weak (RFC 9110: equal in meaning, not byte for byte).
 */
export function hostFactsVersion(facts: HostFacts): string {
  const { memory, disk, ...rest } = facts;
  const steady = { ...rest, memory: { totalBytes: memory.totalBytes }, disk: { path: disk.path, totalBytes: disk.totalBytes } };
  return createHash('sha256').update(JSON.stringify(steady)).digest('base64url').slice(0, 22);
}

export function weakEtagOf(version: string): string {
  return `W/"${version}"`;
}

export function etagOf(resourceVersion: string): string {
  return `"${resourceVersion}"`;
}

/**
 * Which versions an If-None-Match header names: `"a", W/"b"` (compared weakly, as RFC 9110 says for If-None-Match),
 * or `*` (any). No header: none.
 */
export function knownVersions(header: string | string[] | undefined): (resourceVersion: string) => boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  const tags = value
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
  if (tags.includes('*')) return () => true;
  const known = new Set(tags.map((tag) => tag.replace(/^W\//, '').replace(/^"(.*)"$/, '$1')));
  return (resourceVersion) => known.has(resourceVersion);
}

export interface WatchOptions {
  watch: boolean;
  timeoutSeconds: number;
}

/** `?watch=true&timeoutSeconds=N`: N from 1 to 60, default 30; anything else is a BadRequest that names it. */
export function watchFromQuery(query: URLSearchParams): WatchOptions {
  const { watch = false, timeoutSeconds = DEFAULT_WATCH_SECONDS } = readQuery(query, { watch: 'boolean', timeoutSeconds: { min: 1 } });
  if (timeoutSeconds > MAX_WATCH_SECONDS) {
    throw new BerthError('BadRequest', `timeoutSeconds: must be at most ${MAX_WATCH_SECONDS}, not "${timeoutSeconds}"`);
  }
  return { watch, timeoutSeconds };
}
