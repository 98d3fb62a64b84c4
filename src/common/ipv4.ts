// IPv4 addresses and networks as unsigned 32-bit numbers: Service virtual IPs, CIDR checks in cluster.yaml and the
// lab's address plan all count with these.

export interface Cidr {
  /** The network's first address as an unsigned 32-bit number. */
  base: number;
  /** The prefix length, 0 to 32. */
  bits: number;
}

/** Dotted IPv4 → unsigned 32-bit number; undefined for anything else (IPv6, leading zeros as Go's ParseIP refuses). */
export function parseIPv4(s: string): number | undefined {
  let n = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || octet > 255 || ++dots > 4) return undefined;
      n = n * 256 + octet;
      octet = digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return undefined;
      octet = octet * 10 + (c - 48);
      if (++digits > 3) return undefined;
    } else return undefined;
  }
  return dots === 4 ? n : undefined;
}

export function formatIPv4(n: number): string {
  return `${Math.floor(n / 16777216) % 256}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

/** How many addresses a network of prefix length `bits` holds, network and broadcast included. */
export function cidrSize(bits: number): number {
  return 2 ** (32 - bits);
}

/** "10.77.0.0/24" → its base and prefix length; a bare address is a /32; host bits are cleared. */
export function parseCidr(text: string): Cidr | undefined {
  const [address, prefix = '32', ...extra] = text.split('/');
  const ip = extra.length ? undefined : parseIPv4(address);
  const bits = /^\d{1,2}$/.test(prefix) ? Number(prefix) : NaN;
  if (ip === undefined || !(bits >= 0 && bits <= 32)) return undefined;
  return { base: ip - (ip % cidrSize(bits)), bits };
}

export function formatCidr({ base, bits }: Cidr): string {
  return `${formatIPv4(base)}/${bits}`;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + cidrSize(b.bits) && b.base < a.base + cidrSize(a.bits);
}
