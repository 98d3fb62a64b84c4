import type { ResourceRequirements } from 'kubernetes-types/core/v1';
import { qualifiedNameErrors } from '../names';
import { compareQuantities, formatQuantity, isQuantityError, parseQuantity, type Quantity } from '../quantity';
import type { FieldPath } from '../types';
import type { Issues } from './issues';

const STANDARD = new Set(['cpu', 'memory', 'ephemeral-storage']);

/** Extended resources (example.com/gpu) cannot be overcommitted: whole units, request equal to limit. */
function isExtended(name: string): boolean {
  return name.includes('/') && !name.startsWith('kubernetes.io/') && !name.startsWith('requests.');
}

/** One quantity: its syntax, and ≥ 0 as every resource amount in Kubernetes. Undefined when invalid. */
export function checkQuantity(out: Issues, path: FieldPath, value: string | number): Quantity | undefined {
  const q = parseQuantity(value);
  if (isQuantityError(q)) {
    out.invalid(path, q.error);
    return undefined;
  }
  if (q.nanos < 0n) {
    out.invalid(path, `must be greater than or equal to 0, got ${value}`);
    return undefined;
  }
  return q;
}

export function validateResourceName(out: Issues, path: FieldPath, name: string): boolean {
  if (STANDARD.has(name)) return true;
  if (name.startsWith('hugepages-')) {
    out.notSupported(path, `resource ${JSON.stringify(name)} is not supported by Berth; use cpu, memory or ephemeral-storage`);
    return false;
  }
  if (isExtended(name) && qualifiedNameErrors(name).length === 0) return true;
  out.notSupported(
    path,
    `unsupported resource ${JSON.stringify(name)}: use cpu, memory, ephemeral-storage, or an extended resource with a domain prefix (e.g. example.com/gpu)`,
  );
  return false;
}

/** ValidateResourceRequirements: names, quantities, and requests ≤ limits. */
export function validateResources(out: Issues, res: ResourceRequirements | undefined, path: FieldPath): void {
  if (!res) return;
  const limits = res.limits;
  const requests = res.requests;
  if (limits) {
    for (const name in limits) {
      const q = resourceAmount(out, path, 'limits', name, limits[name]);
      if (q && isExtended(name) && q.nanos % 1_000_000_000n !== 0n) out.invalid([...path, 'limits', name], `must be a whole number for extended resource ${name}, got ${limits[name]}`);
    }
  }
  if (!requests) return;
  for (const name in requests) {
    const q = resourceAmount(out, path, 'requests', name, requests[name]);
    if (!q) continue;
    const limitValue = limits?.[name];
    const limit = limitValue === undefined ? undefined : parseQuantity(limitValue);
    const at = () => [...path, 'requests', name];
    if (isExtended(name)) {
      if (q.nanos % 1_000_000_000n !== 0n) out.invalid(at(), `must be a whole number for extended resource ${name}, got ${requests[name]}`);
      else if (!limit) out.required([...path, 'limits', name], `a limit must be set for ${name}: extended resources cannot be overcommitted`);
      else if (!isQuantityError(limit) && compareQuantities(q, limit) !== 0) out.invalid(at(), `must be equal to ${name} limit of ${formatQuantity(limit)}`);
    } else if (limit && !isQuantityError(limit) && compareQuantities(q, limit) > 0) {
      out.invalid(at(), `must be less than or equal to ${name} limit of ${formatQuantity(limit)}, got ${formatQuantity(q)}`);
    }
  }
}

/** A resource's name and amount; the path is built only when something is wrong. */
function resourceAmount(out: Issues, base: FieldPath, list: string, name: string, value: string | number): Quantity | undefined {
  if (STANDARD.has(name)) {
    const q = parseQuantity(value);
    if (!isQuantityError(q) && q.nanos >= 0n) return q;
  }
  const at = [...base, list, name];
  if (!validateResourceName(out, at, name)) return undefined;
  return checkQuantity(out, at, value);
}
