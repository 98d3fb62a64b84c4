// Kubernetes' resource.Quantity (apimachinery/pkg/api/resource): "500m", "128Mi", "1.5Gi", "1e3", "2".
// A quantity is kept exactly, as an integer count of nano-units: Kubernetes rounds anything finer up to 1n, so
// nothing is lost, and cpu millicores and bytes come out without floating-point error.

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** The amount in base units (cores, bytes), as a float: for display and rough sums. */
  readonly value: number;
  /** The exact amount in nano-units (1e-9 of the base unit). */
  readonly nanos: bigint;
  /** How it was written, which decides how it is printed back (as in Kubernetes). */
  readonly format: QuantityFormat;
}

export interface QuantityError {
  readonly error: string;
}

const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?([eEinumkKMGTP]*[-+]?\d*)$/;
const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIX).map(([s, e]) => [e, s]));
const BINARY_BY_EXPONENT = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
/** Exponents past this are not quantities anyone means, and would make huge integers. */
const MAX_EXPONENT = 40;
const NANO = 1_000_000_000n;
const HINT = 'e.g. 500m, 2, 128Mi, 1.5Gi, 1e3';

const cache = new Map<string, Quantity | QuantityError>();
const CACHE_MAX = 10_000;

/** Parses a quantity as Kubernetes does; numbers (YAML `cpu: 0.5`) are accepted, as the API server accepts them. */
export function parseQuantity(input: string | number): Quantity | QuantityError {
  const s = typeof input === 'number' ? numberToString(input) : input;
  let hit = cache.get(s);
  if (hit === undefined) {
    hit = parse(s);
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(s, hit);
  }
  return hit;
}

export function isQuantityError(q: Quantity | QuantityError): q is QuantityError {
  return (q as QuantityError).error !== undefined;
}

function numberToString(n: number): string {
  return Number.isFinite(n) ? String(n) : 'NaN';
}

function parse(s: string): Quantity | QuantityError {
  const bad = (why: string): QuantityError => ({ error: `${JSON.stringify(s)} is not a quantity: ${why} (${HINT})` });
  if (s === '') return bad('it is empty');
  const m = QUANTITY.exec(s);
  if (!m) {
    const suffix = /^[+-]?\d*(?:\.\d*)?(.*)$/.exec(s)?.[1];
    if (suffix && /^[A-Za-z]/.test(suffix) && /\d/.test(s[0] === '+' || s[0] === '-' ? s[1] ?? '' : s[0]) && !/\s/.test(s)) {
      return bad(`unknown suffix ${JSON.stringify(suffix)}; use one of n u m k M G T P E, Ki Mi Gi Ti Pi Ei, or e<exponent>`);
    }
    return bad('expected a number followed by an optional suffix');
  }
  const [, sign, whole, frac = '', suffix] = m;
  if (whole === '' && frac === '') return bad('it has no digits');

  let exp10 = 0;
  let exp2 = 0;
  let format: QuantityFormat;
  if (suffix in DECIMAL_SUFFIX) {
    exp10 = DECIMAL_SUFFIX[suffix];
    format = 'DecimalSI';
  } else if (suffix in BINARY_SUFFIX) {
    exp2 = BINARY_SUFFIX[suffix];
    format = 'BinarySI';
  } else if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[-+]?\d+$/.test(suffix.slice(1))) {
    exp10 = Number(suffix.slice(1));
    format = 'DecimalExponent';
    if (Math.abs(exp10) > MAX_EXPONENT) return bad(`exponent ${exp10} is out of range`);
  } else {
    return bad(`unknown suffix ${JSON.stringify(suffix)}; use one of n u m k M G T P E, Ki Mi Gi Ti Pi Ei, or e<exponent>`);
  }

  // value = digits × 10^(exp10 − |frac|) × 2^exp2; in nano-units, rounded up (away from zero) like Kubernetes.
  const digits = BigInt((whole + frac).replace(/^0+(?=\d)/, '') || '0') * (1n << BigInt(exp2));
  const shift = exp10 - frac.length + 9;
  let nanos = shift >= 0 ? digits * 10n ** BigInt(shift) : ceilDiv(digits, 10n ** BigInt(-shift));
  if (sign === '-') nanos = -nanos;
  if (format === 'BinarySI' && nanos > -NANO && nanos < NANO && nanos !== 0n) format = 'DecimalSI';
  return { value: Number(nanos) / 1e9, nanos, format };
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

function toQuantity(q: string | number | Quantity): Quantity {
  if (typeof q === 'object') return q;
  const p = parseQuantity(q);
  if (isQuantityError(p)) throw new Error(p.error);
  return p;
}

/** Millicores, rounded up as Kubernetes' MilliValue does ("0.0001" → 1). Throws on an invalid quantity. */
export function cpuMillis(q: string | number | Quantity): number {
  return Number(roundAway(toQuantity(q).nanos, 1_000_000n));
}

/** Whole base units (bytes, pods), rounded up as Kubernetes' Value does. Throws on an invalid quantity. */
export function bytes(q: string | number | Quantity): number {
  return Number(roundAway(toQuantity(q).nanos, NANO));
}

function roundAway(n: bigint, unit: bigint): bigint {
  return n >= 0n ? ceilDiv(n, unit) : -ceilDiv(-n, unit);
}

export function compareQuantities(a: string | number | Quantity, b: string | number | Quantity): -1 | 0 | 1 {
  const x = toQuantity(a).nanos;
  const y = toQuantity(b).nanos;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Kubernetes' canonical form (Quantity.String): "1.5Gi" → "1536Mi", "0.5" → "500m", "1000" → "1k", "2000m" → "2".
 * The format follows how the value was written; binary values that are not whole bytes print as decimal.
 */
export function formatQuantity(q: string | number | Quantity): string {
  const { nanos, format } = toQuantity(q);
  if (nanos === 0n) return '0';
  if (format === 'BinarySI' && nanos % NANO === 0n && (nanos >= 1024n * NANO || nanos <= -1024n * NANO)) {
    let units = nanos / NANO;
    let exp = 0;
    while (units % 1024n === 0n && exp < 6) {
      units /= 1024n;
      exp++;
    }
    return `${units}${BINARY_BY_EXPONENT[exp]}`;
  }
  let amount = nanos;
  let exp = -9;
  while (amount % 10n === 0n) {
    amount /= 10n;
    exp++;
  }
  while (exp % 3 !== 0) {
    amount *= 10n;
    exp--;
  }
  if (format === 'DecimalExponent') return exp === 0 ? `${amount}` : `${amount}e${exp}`;
  const suffix = DECIMAL_BY_EXPONENT.get(exp);
  return suffix === undefined ? `${amount}e${exp}` : `${amount}${suffix}`;
}

/** A cpu amount as Kubernetes prints it: 500 → "500m", 2000 → "2". */
export function quantityFromMillis(millis: number): string {
  return formatQuantity({ value: millis / 1000, nanos: BigInt(Math.round(millis)) * 1_000_000n, format: 'DecimalSI' });
}

/** A byte count as Kubernetes prints a binary quantity: 134217728 → "128Mi" (under 1Ki it prints as decimal: 1000 → "1k"). */
export function quantityFromBytes(n: number): string {
  return formatQuantity({ value: n, nanos: BigInt(Math.round(n)) * NANO, format: 'BinarySI' });
}
