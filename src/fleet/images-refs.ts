// Image references compared as Docker compares them: `busybox`, `busybox:latest`, `library/busybox` and
// `docker.io/library/busybox:latest` are one image (distribution/reference's normalized names). Pure.
import type { ContainerImage } from 'kubernetes-types/core/v1';

/** The fully qualified form: registry domain, repository path, and the tag (`:latest` when neither tag nor digest). */
export function normalizeImageRef(ref: string): string {
  if (/^sha256:[0-9a-f]{64}$/.test(ref)) return ref;
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at) : '';
  let name = at >= 0 ? ref.slice(0, at) : ref;
  let tag = '';
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) {
    tag = name.slice(colon);
    name = name.slice(0, colon);
  }
  if (!tag && !digest) tag = ':latest';
  const slash = name.indexOf('/');
  const first = slash >= 0 ? name.slice(0, slash) : '';
  const hasDomain = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let domain = hasDomain ? first : 'docker.io';
  let path = hasDomain ? name.slice(slash + 1) : name;
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  return `${domain}/${path}${tag}${digest}`;
}

/** Whether the reference is pinned by digest: `docker load` cannot give a host that, only a registry can. */
export function isDigestRef(ref: string): boolean {
  return ref.includes('@');
}

/** The wanted images the host does not list (each once, in the order first wanted). */
export function missingImages(wanted: readonly string[], hostImages: readonly ContainerImage[]): string[] {
  const present = new Set(hostImages.flatMap((image) => (image.names ?? []).map(normalizeImageRef)));
  const seen = new Set<string>();
  const missing: string[] = [];
  for (const image of wanted) {
    const key = normalizeImageRef(image);
    if (present.has(key) || seen.has(key)) continue;
    seen.add(key);
    missing.push(image);
  }
  return missing;
}
