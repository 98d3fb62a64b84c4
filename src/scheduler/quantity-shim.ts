// TEMPORARY: a private, minimal stand-in for src/manifest's parseQuantity/cpuMillis/bytes, which another helper is
// writing. Replace the imports of this file with `from '../manifest'` once they land, then delete it.
// Kubernetes rounds quantities up (Quantity.MilliValue, Quantity.Value), so a request is never under-counted.

const SUFFIX: Record<string, number> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};
const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$/;

/** A quantity's value as a number, or NaN when it is not a quantity. */
export function parseQuantity(q: string | number): number {
  if (typeof q === 'number') return q;
  const m = QUANTITY.exec(q.trim());
  if (!m) return NaN;
  const n = Number(m[1] + (m[2] ?? ''));
  return n * SUFFIX[m[3] ?? ''];
}

// Rounding through toPrecision first keeps 0.1 * 1000 at 100 instead of ceil(100.00000000000001) = 101.
function ceil(v: number): number {
  return Math.ceil(Number(v.toPrecision(15)));
}

/** CPU in millicores ("500m" → 500, "1.5" → 1500), rounded up; 0 for an invalid quantity. */
export function cpuMillis(q: string | number): number {
  const v = parseQuantity(q);
  return Number.isFinite(v) ? ceil(v * 1000) : 0;
}

/** An integer quantity (bytes, pods), rounded up ("1Ki" → 1024); 0 for an invalid quantity. */
export function bytes(q: string | number): number {
  const v = parseQuantity(q);
  return Number.isFinite(v) ? ceil(v) : 0;
}
