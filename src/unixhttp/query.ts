import { BerthError } from '../errors';

/** How a query parameter is read: a string (empty is absent), a flag, or an integer of at least `min`. */
export type QueryParameter = 'string' | 'boolean' | { min: number };

type ValueOf<P> = P extends 'string' ? string : P extends 'boolean' ? boolean : number;

export type QueryValues<S extends Record<string, QueryParameter>> = { -readonly [N in keyof S]?: ValueOf<S[N]> };

/**
 * A pod's log options in a query, as Kubernetes' PodLogOptions names them (`kubectl logs` flags): both APIs serve
 * `…/log` with them, and the controller's route passes them on to the agent's. sinceSeconds must be greater than 0.
 */
export const POD_LOG_PARAMETERS = {
  container: 'string',
  tailLines: { min: 0 },
  sinceSeconds: { min: 1 },
  follow: 'boolean',
  previous: 'boolean',
  timestamps: 'boolean',
} as const satisfies Record<string, QueryParameter>;

/** Reads the parameters a route takes from a query; a malformed one is a BadRequest that names it. */
export function readQuery<S extends Record<string, QueryParameter>>(query: URLSearchParams, parameters: S): QueryValues<S> {
  const values: Record<string, string | number | boolean> = {};
  for (const [name, parameter] of Object.entries(parameters)) {
    const raw = query.get(name);
    const value = parameter === 'string' ? raw || undefined : parameter === 'boolean' ? flag(name, raw) : integer(name, raw, parameter.min);
    if (value !== undefined) values[name] = value;
  }
  return values as QueryValues<S>;
}

function integer(name: string, raw: string | null, min: number): number | undefined {
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min) {
    throw new BerthError('BadRequest', `${name}: must be an integer of at least ${min}, not "${raw}"`);
  }
  return value;
}

// A flag given without a value (`?follow`) is on, as on a command line.
function flag(name: string, raw: string | null): boolean | undefined {
  if (raw === null) return undefined;
  if (raw === 'true' || raw === '1' || raw === '') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new BerthError('BadRequest', `${name}: must be true or false, not "${raw}"`);
}
