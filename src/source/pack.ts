import fs from 'node:fs';
import zlib from 'node:zlib';
import { applyDelta } from './delta';
import { GitError } from './repo';

export type ObjectType = 'commit' | 'tree' | 'blob' | 'tag';

export interface GitObject {
  type: ObjectType;
  content: Buffer;
}

/** Packed object types by number; 6 and 7 are deltas against a base found by offset or by id. */
const TYPES: Array<ObjectType | undefined> = [undefined, 'commit', 'tree', 'blob', 'tag'];
const OFS_DELTA = 6;
const REF_DELTA = 7;
const IDX_MAGIC = 0xff744f63;
const FANOUT = 8;

/**
 * One packfile with its index (version 2, what git has written since 1.5.2 and isomorphic-git writes), held in
 * memory for one read of a commit. Objects are inflated with node:zlib, which is native; a delta's base is read at
 * most once per pack.
 */
export class Pack {
  private readonly count: number;
  private readonly resolved = new Map<number, Promise<GitObject>>();

  private constructor(
    readonly file: string,
    private readonly idx: Buffer,
    private readonly data: Buffer,
  ) {
    this.count = idx.readUInt32BE(FANOUT + 255 * 4);
  }

  /** The pack at `file` (…/pack-X.pack), or undefined when it is gone (repacked meanwhile) or its index is not version 2. */
  static async open(file: string): Promise<Pack | undefined> {
    const read = (f: string) => fs.promises.readFile(f).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? undefined : Promise.reject(e)));
    const [idx, data] = await Promise.all([read(file.replace(/\.pack$/, '.idx')), read(file)]);
    if (!idx || !data || idx.length < FANOUT + 256 * 4 || idx.readUInt32BE(0) !== IDX_MAGIC || idx.readUInt32BE(4) !== 2) return undefined;
    if (data.toString('latin1', 0, 4) !== 'PACK') throw new GitError(`${file} is not a git packfile`, { file });
    return new Pack(file, idx, data);
  }

  /** Where the object is in the pack, by binary search of the index's sorted ids within its first byte's range. */
  offsetOf(oid: Buffer): number | undefined {
    const shas = FANOUT + 256 * 4;
    let lo = oid[0] === 0 ? 0 : this.idx.readUInt32BE(FANOUT + (oid[0] - 1) * 4);
    let hi = this.idx.readUInt32BE(FANOUT + oid[0] * 4);
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = oid.compare(this.idx, shas + mid * 20, shas + mid * 20 + 20);
      if (c === 0) return this.offsetAt(mid);
      if (c < 0) hi = mid;
      else lo = mid + 1;
    }
    return undefined;
  }

  /** The object at `offset`; `byId` finds the base of a delta that names it by id (it may be outside this pack). */
  read(offset: number, byId: (oid: string) => Promise<GitObject>): Promise<GitObject> {
    let p = this.resolved.get(offset);
    if (!p) {
      p = this.readAt(offset, byId);
      this.resolved.set(offset, p);
    }
    return p;
  }

  private offsetAt(i: number): number {
    const offsets = FANOUT + 256 * 4 + this.count * 24;
    const offset = this.idx.readUInt32BE(offsets + i * 4);
    if (!(offset & 0x80000000)) return offset;
    // Packs over 2 GiB: the high bit points into the table of 8-byte offsets.
    return Number(this.idx.readBigUInt64BE(offsets + this.count * 4 + (offset & 0x7fffffff) * 8));
  }

  private async readAt(offset: number, byId: (oid: string) => Promise<GitObject>): Promise<GitObject> {
    const d = this.data;
    let at = offset;
    let c = d[at++];
    const type = (c >> 4) & 7;
    let size = c & 15;
    for (let shift = 4; c & 0x80; shift += 7) {
      c = d[at++];
      size += (c & 0x7f) * 2 ** shift;
    }
    let base: Promise<GitObject> | undefined;
    if (type === OFS_DELTA) {
      c = d[at++];
      let back = c & 0x7f;
      while (c & 0x80) {
        c = d[at++];
        back = (back + 1) * 128 + (c & 0x7f);
      }
      base = this.read(offset - back, byId);
    } else if (type === REF_DELTA) {
      base = byId(d.toString('hex', at, at + 20));
      at += 20;
    }
    const inflated = zlib.inflateSync(d.subarray(at));
    if (inflated.length !== size) throw new GitError(`${this.file}: the object at offset ${offset} is corrupt`, { file: this.file, offset });
    if (!base) {
      const t = TYPES[type];
      if (!t) throw new GitError(`${this.file}: the object at offset ${offset} has unknown type ${type}`, { file: this.file, offset });
      return { type: t, content: ownCopy(inflated) };
    }
    const b = await base;
    return { type: b.type, content: applyDelta(b.content, inflated) };
  }
}

/**
 * zlib hands back small outputs as views of a 16 KiB chunk: kept in the blob cache, 10,000 manifests of 1.5 KiB would
 * hold 160 MiB. A copy is sized to its content (small ones share Buffer's pool).
 */
export function ownCopy(view: Buffer): Buffer {
  return Buffer.from(view);
}
