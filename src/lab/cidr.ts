// IPv4 networks as numbers: enough to plan the lab's addresses and to spot a range this machine already routes.

export interface Cidr {
  /** The network's first address as an unsigned 32-bit number. */
  base: number;
  bits: number;
}

export function parseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function formatIPv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** "10.77.0.0/24" → its base and prefix length; a bare address is a /32; host bits are cleared. */
export function parseCidr(text: string): Cidr | undefined {
  const [address, prefix = '32'] = text.split('/');
  const ip = parseIPv4(address);
  const bits = /^\d{1,2}$/.test(prefix) ? Number(prefix) : NaN;
  if (ip === undefined || !(bits >= 0 && bits <= 32)) return undefined;
  const size = 2 ** (32 - bits);
  return { base: ip - (ip % size), bits };
}

export function formatCidr({ base, bits }: Cidr): string {
  return `${formatIPv4(base)}/${bits}`;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  const aEnd = a.base + 2 ** (32 - a.bits);
  const bEnd = b.base + 2 ** (32 - b.bits);
  return a.base < bEnd && b.base < aEnd;
}
