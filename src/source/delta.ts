import { GitError } from './repo';

/**
 * Rebuilds an object from its delta against a base (git's packfile delta format): the two sizes as varints, then
 * instructions that either copy a range of the base or insert the bytes that follow them.
 */
export function applyDelta(base: Buffer, delta: Buffer): Buffer {
  let at = 0;
  const varint = (): number => {
    let n = 0;
    let shift = 0;
    let c: number;
    do {
      c = delta[at++];
      n += (c & 0x7f) * 2 ** shift;
      shift += 7;
    } while (c & 0x80);
    return n;
  };
  if (varint() !== base.length) throw new GitError('a packed delta does not fit its base object (corrupt pack)');
  const out = Buffer.allocUnsafe(varint());
  let written = 0;
  while (at < delta.length) {
    const op = delta[at++];
    if (op & 0x80) {
      // Copy: bits 0–3 say which offset bytes follow, bits 4–6 which size bytes; a size of 0 means 64 KiB.
      let offset = 0;
      let size = 0;
      for (let i = 0; i < 4; i++) if (op & (1 << i)) offset += delta[at++] * 2 ** (8 * i);
      for (let i = 0; i < 3; i++) if (op & (0x10 << i)) size += delta[at++] << (8 * i);
      if (size === 0) size = 0x10000;
      if (offset + size > base.length || written + size > out.length) throw new GitError('a packed delta copies past its base object (corrupt pack)');
      written += base.copy(out, written, offset, offset + size);
    } else if (op) {
      if (at + op > delta.length || written + op > out.length) throw new GitError('a packed delta inserts past its end (corrupt pack)');
      written += delta.copy(out, written, at, at + op);
      at += op;
    } else {
      throw new GitError('a packed delta has a reserved instruction (corrupt pack)');
    }
  }
  if (written !== out.length) throw new GitError('a packed delta is shorter than the object it builds (corrupt pack)');
  return out;
}
