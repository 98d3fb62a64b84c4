// How OpenSSH matches a host against a known_hosts host field: comma lists of patterns with * and ? wildcards and
// `!` negation (match.c, match_hostname), or one hashed name `|1|salt|hash` (hostfile.c, HMAC-SHA1 of the name).
import { createHmac, timingSafeEqual } from 'node:crypto';

const HASH_MAGIC = '|1|';

/** The name known_hosts stores: `host` on port 22, `[host]:port` elsewhere (OpenSSH's put_host_port). */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export function isHashed(field: string): boolean {
  return field.startsWith(HASH_MAGIC);
}

/** Whether a host field (one line's first column) names this host; `name` is from knownHostName. */
export function hostFieldMatches(field: string, name: string): boolean {
  if (isHashed(field)) return hashedMatches(field, name);
  return patternListMatches(field, name.toLowerCase());
}

/** The plain names of a host field that equal `name` exactly, for removing them; hashed fields count as one name. */
export function exactNames(field: string, name: string): string[] {
  if (isHashed(field)) return hashedMatches(field, name) ? [field] : [];
  return field.split(',').filter((p) => p.toLowerCase() === name.toLowerCase());
}

/** The hashed form of a name, with this salt (ssh-keygen -H). */
export function hashHostName(name: string, salt: Buffer): string {
  const hash = createHmac('sha1', salt).update(name).digest();
  return `${HASH_MAGIC}${salt.toString('base64')}|${hash.toString('base64')}`;
}

function hashedMatches(field: string, name: string): boolean {
  const [saltText, hashText] = field.slice(HASH_MAGIC.length).split('|');
  if (!saltText || !hashText) return false;
  const salt = Buffer.from(saltText, 'base64');
  const want = Buffer.from(hashText, 'base64');
  const got = createHmac('sha1', salt).update(name).digest();
  return want.length === got.length && timingSafeEqual(want, got);
}

/** A negated pattern that matches vetoes the whole list, as in OpenSSH's match_pattern_list. */
function patternListMatches(list: string, name: string): boolean {
  let matched = false;
  for (const raw of list.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw).toLowerCase();
    if (!pattern || !wildcardMatches(pattern, name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function wildcardMatches(pattern: string, text: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 's').test(text);
}
