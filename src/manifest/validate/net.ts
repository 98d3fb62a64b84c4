// Addresses, CIDRs, durations and hosts: the small parsers that cluster.yaml and hosts.yaml need.
import { isIP } from 'node:net';
import { dns1123SubdomainErrors } from '../names';

export function isIPAddress(s: string): boolean {
  return isIP(s) !== 0;
}

/** "10.96.0.0/16" → problems, empty when valid; host bits must be zero, as Kubernetes' service CIDR requires. */
export function cidrErrors(s: string): string[] {
  const slash = s.indexOf('/');
  if (slash < 0) return [`${JSON.stringify(s)} is not a CIDR: expected an address and a prefix length, e.g. 10.96.0.0/16`];
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  const family = isIP(ip);
  const max = family === 4 ? 32 : 128;
  if (family === 0) return [`${JSON.stringify(s)} is not a CIDR: ${JSON.stringify(ip)} is not an IP address`];
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return [`${JSON.stringify(s)} is not a CIDR: the prefix length must be 0 to ${max}`];
  if (family === 4) {
    const n = ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
    const size = 2 ** (32 - Number(bits));
    if (n % size !== 0) {
      const base = n - (n % size);
      const dotted = [24, 16, 8, 0].map((sh) => Math.floor(base / 2 ** sh) % 256).join('.');
      return [`${JSON.stringify(s)} has host bits set; use ${dotted}/${bits}`];
    }
  }
  return [];
}

/** A host's address: an IPv4 or IPv6 address, or a DNS name. */
export function hostAddressErrors(s: string): string[] {
  if (isIPAddress(s)) return [];
  if (/^[\d.]+$/.test(s)) return [`${JSON.stringify(s)} is not a valid IPv4 address`];
  const errs = dns1123SubdomainErrors(s.toLowerCase());
  return errs.length ? [`${JSON.stringify(s)} is neither an IP address nor a DNS name`] : [];
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)/;

/** Go's time.ParseDuration, as in "30s", "5m", "1h30m", "1.5h"; → milliseconds, or an error. */
export function parseDuration(s: string): { ms: number } | { error: string } {
  const bad = { error: `${JSON.stringify(s)} is not a duration: use a number with a unit (ms, s, m, h), e.g. 30s, 5m, 1h30m` };
  if (s === '0') return { ms: 0 };
  let rest = s;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest[0] === '-' ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '') return bad;
  let ms = 0;
  while (rest) {
    const m = DURATION.exec(rest);
    if (!m || m[1] === '' || m[1] === '.') return bad;
    ms += Number(m[1]) * DURATION_UNITS[m[2]];
    rest = rest.slice(m[0].length);
  }
  return { ms: sign * ms };
}

/** "30000-32767" → the range, or an error. */
export function parsePortRange(s: string): { min: number; max: number } | { error: string } {
  const m = /^(\d{1,5})-(\d{1,5})$/.exec(s);
  const bad = { error: `${JSON.stringify(s)} is not a port range: use FIRST-LAST within 1-65535, e.g. 30000-32767` };
  if (!m) return bad;
  const min = Number(m[1]);
  const max = Number(m[2]);
  if (min < 1 || max > 65535 || min > max) return bad;
  return { min, max };
}
