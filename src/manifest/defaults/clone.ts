/**
 * A deep copy without null or undefined fields: Kubernetes reads `field: null` (YAML `field:` with nothing after it)
 * as unset, and defaulting works on the copy so that the parsed input is never changed.
 */
export function cleanClone<T>(v: T): T {
  if (Array.isArray(v)) return v.map(cleanClone) as T;
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k in v) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== null && x !== undefined) out[k] = cleanClone(x);
    }
    return out as T;
  }
  return v;
}

/** resource.Quantity fields may be written as YAML numbers (`cpu: 0.5`); typed code reads them as strings. */
export function quantityStrings(m: Record<string, string | number> | undefined): void {
  if (!m) return;
  for (const k in m) if (typeof m[k] === 'number') m[k] = String(m[k]);
}
