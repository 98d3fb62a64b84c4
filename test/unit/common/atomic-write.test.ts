import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEMP_PREFIX, writeFileAtomic, writeFileAtomicSync } from '../../../src/common';

const roots: string[] = [];
function folder(): string {
  const root = mkdtempSync(join(tmpdir(), 'berth-atomic-'));
  roots.push(root);
  return root;
}
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

const variants = [
  ['writeFileAtomicSync', async (path: string, data: string, mode?: number) => writeFileAtomicSync(path, data, { mode })],
  ['writeFileAtomic', (path: string, data: string, mode?: number) => writeFileAtomic(path, data, { mode })],
] as const;

describe.each(variants)('%s', (_, write) => {
  it.each<[string, number | undefined, number]>([
    ['a new file, private by default', undefined, 0o600],
    ['a new file with the mode asked for', 0o644, 0o644],
  ])('writes %s and leaves no temp file', async (__, mode, want) => {
    const dir = folder();
    const file = join(dir, 'state.json');
    await write(file, '{"a":1}', mode);
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}');
    expect(statSync(file).mode & 0o777).toBe(want);
    expect(readdirSync(dir).filter((name) => name.startsWith(TEMP_PREFIX))).toEqual([]);
  });

  it('replaces the content of an existing file', async () => {
    const file = join(folder(), 'state.json');
    writeFileSync(file, 'old');
    await write(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
  });
});

describe('writeFileAtomicSync', () => {
  it('creates the missing folder', () => {
    const file = join(folder(), 'state', 'desired.json');
    writeFileAtomicSync(file, 'x');
    expect(readFileSync(file, 'utf8')).toBe('x');
  });
});

describe('writeFileAtomic', () => {
  it('fails into a folder that is gone', async () => {
    await expect(writeFileAtomic(join(folder(), 'gone', 'store.json'), 'x')).rejects.toThrow(/ENOENT/);
  });

  it('keeps the order of calls: the last content stays', async () => {
    const file = join(folder(), 'store.json');
    const big = 'x'.repeat(256 * 1024);
    await Promise.all(Array.from({ length: 10 }, (_, i) => writeFileAtomic(file, `${big}${i}`)));
    expect(readFileSync(file, 'utf8')).toBe(`${big}9`);
  });
});
