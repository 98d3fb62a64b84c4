// An OpenSSH known_hosts file, parsed, and the check ssh does with it (StrictHostKeyChecking=yes): pure, no I/O.
import { decodeKey, fingerprint } from './host-key';
import { exactNames, hostFieldMatches, knownHostName } from './host-pattern';

export interface KnownHostEntry {
  /** 1-based line number in the file. */
  line: number;
  marker?: 'revoked' | 'cert-authority';
  /** The host field as written: a comma list of patterns, or one hashed name. */
  hosts: string;
  keyType: string;
  key: Buffer;
  comment?: string;
}

export interface KnownHosts {
  entries: KnownHostEntry[];
  /** Lines skipped, with why: malformed, or @cert-authority (host certificates are not supported). */
  warnings: { line: number; message: string }[];
}

export type HostKeyCheck =
  | { status: 'match'; entry: KnownHostEntry }
  | { status: 'unknown' }
  /** The host is known with other keys: possibly a man-in-the-middle, or a reinstalled host. */
  | { status: 'changed'; known: KnownHostEntry[] }
  | { status: 'revoked'; entry: KnownHostEntry };

export function parseKnownHosts(text: string): KnownHosts {
  const entries: KnownHostEntry[] = [];
  const warnings: KnownHosts['warnings'] = [];
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    const fields = trimmed.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0].startsWith('@')) {
      const m = fields.shift();
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else return void warnings.push({ line, message: `unknown marker ${m}; line ignored` });
    }
    const [hosts, type, base64, ...comment] = fields;
    const key = type && base64 ? decodeKey(type, base64) : undefined;
    if (!hosts || !key) return void warnings.push({ line, message: 'not a known_hosts line (HOSTS KEYTYPE BASE64KEY); ignored' });
    if (marker === 'cert-authority') {
      return void warnings.push({ line, message: '@cert-authority: host certificates are not supported; line ignored' });
    }
    entries.push({ line, ...(marker ? { marker } : {}), hosts, keyType: type, key, ...(comment.length ? { comment: comment.join(' ') } : {}) });
  });
  return { entries, warnings };
}

/**
 * What ssh would decide for this host's key. A revoked key is refused even where another line accepts it, and
 * whatever hosts its @revoked line names (stricter than OpenSSH: a revoked key is compromised everywhere). Any
 * other known key for the host makes a new one "changed", whatever its type: the connection prefers the known
 * types (see preferredHostKeyTypes), so a host that presents a new type has changed its keys, or is not that host.
 */
export function verifyHostKey(known: KnownHosts, host: string, port: number, key: Buffer): HostKeyCheck {
  const name = knownHostName(host, port);
  const forHost = known.entries.filter((e) => hostFieldMatches(e.hosts, name));
  const revoked = known.entries.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { status: 'revoked', entry: revoked };
  const plain = forHost.filter((e) => !e.marker);
  const match = plain.find((e) => e.key.equals(key));
  if (match) return { status: 'match', entry: match };
  return plain.length ? { status: 'changed', known: plain } : { status: 'unknown' };
}

/** Key types already trusted for the host, most recently added first, so the handshake asks for them first. */
export function preferredHostKeyTypes(known: KnownHosts, host: string, port: number): string[] {
  const name = knownHostName(host, port);
  const types = known.entries.filter((e) => !e.marker && hostFieldMatches(e.hosts, name)).map((e) => e.keyType);
  return [...new Set(types.reverse())];
}

/** `N: TYPE FINGERPRINT` for messages. */
export function describeEntry(e: KnownHostEntry): string {
  return `line ${e.line}: ${e.keyType} ${fingerprint(e.key)}`;
}

/**
 * The file's text without this host's own entries (exact names and hashed names; other names on the same line are
 * kept). Wildcard lines and markers are left alone: they speak for other hosts too, or on purpose.
 */
export function withoutHost(text: string, host: string, port: number): { text: string; removed: number } {
  const name = knownHostName(host, port);
  let removed = 0;
  const lines = text.split('\n').flatMap((raw) => {
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith('@')) return [raw];
    const [hosts, ...rest] = trimmed.split(/\s+/);
    const drop = exactNames(hosts, name);
    if (!drop.length) return [raw];
    removed++;
    const keep = hosts.split(',').filter((h) => !drop.includes(h));
    return keep.length ? [[keep.join(','), ...rest].join(' ')] : [];
  });
  return { text: lines.join('\n'), removed };
}
