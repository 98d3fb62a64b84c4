// A fast yes/no check over the same zod definitions. Zod's parse builds a full output copy of every object and
// takes a long time to warm up (10,000 manifests: ~400 ms cold), while most manifests are valid. This walks the
// schema's definitions once into plain closures (~30 ms cold for the same input), allocates nothing, and only says
// "valid" or "look closer": zod then parses the invalid ones and words every problem. It must never be more
// lenient than zod, so it only knows the few schema types that fields.ts builds, and refuses any other.
import type { Schema } from './fields';

type Check = (v: unknown) => boolean;

interface Def {
  type: string;
  innerType?: Schema;
  element?: Schema;
  valueType?: Schema;
  shape?: Record<string, Schema>;
  catchall?: Schema;
  fn?: (v: unknown) => unknown;
}

const defOf = (s: Schema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

export function fastCheck(schema: Schema): Check {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional': {
      const inner = fastCheck(def.innerType!);
      return (v) => v === undefined || inner(v);
    }
    case 'nullable': {
      const inner = fastCheck(def.innerType!);
      return (v) => v === null || inner(v);
    }
    case 'custom': {
      const fn = def.fn!;
      return (v) => !!fn(v);
    }
    case 'string':
      return (v) => typeof v === 'string';
    case 'array': {
      const item = fastCheck(def.element!);
      return (v) => {
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!item(v[i])) return false;
        return true;
      };
    }
    case 'record': {
      const value = fastCheck(def.valueType!);
      return (v) => {
        if (!isPlainObject(v)) return false;
        for (const k in v) if (!value(v[k])) return false;
        return true;
      };
    }
    case 'object': {
      if (!def.catchall || defOf(def.catchall).type !== 'never') throw new Error('fastCheck: only strict objects are supported');
      const keys = Object.keys(def.shape!);
      const checks = keys.map((k) => fastCheck(def.shape![k]));
      const known = new Set(keys);
      return (v) => {
        if (!isPlainObject(v)) return false;
        for (let i = 0; i < keys.length; i++) if (!checks[i](v[keys[i]])) return false;
        for (const k in v) if (!known.has(k)) return false;
        return true;
      };
    }
    default:
      throw new Error(`fastCheck: schema type ${def.type} is not supported; extend fastCheck or use fields.ts`);
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
