import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1';
import { afterEach, describe, expect, it } from 'vitest';
import { instanceKey, PodBook, type Rollback } from '../../../src/agent/loop/book';
import { ReplacementFile, replacementsOf, restoreReplacements } from '../../../src/agent/loop/persist';

const oldPod: Pod = { metadata: { name: 'web', uid: 'u1' }, spec: { containers: [{ name: 'web', image: 'v1' }] } };
const rollback: Rollback = { hash: 'new', keptHash: 'old', reason: 'NewVersionNotReady', message: 'm', at: '2026-01-01T00:00:00.000Z' };

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'berth-persist-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('replacement state', () => {
  it('keeps the serving spec while an older version serves, and the rollback', () => {
    const book = new PodBook();
    book.serving.set('u1', 'old');
    book.specs.set(instanceKey('u1', 'old'), oldPod);
    book.rollbacks.set('u1', rollback);
    expect(replacementsOf(book, new Map([['u1', 'new']]))).toEqual({ u1: { servingHash: 'old', spec: oldPod, rollback } });
  });

  it.each([
    ['the desired version serves and nothing was rolled back', new Map([['u1', 'old']])],
    ['the pod is no longer desired', new Map<string, string>()],
  ])('keeps nothing when %s', (_, desired) => {
    const book = new PodBook();
    book.serving.set('u1', 'old');
    expect(replacementsOf(book, desired)).toEqual({});
  });

  it('restores what it saved into a fresh book', () => {
    const dir = tempDir();
    const book = new PodBook();
    book.serving.set('u1', 'old');
    book.specs.set(instanceKey('u1', 'old'), oldPod);
    book.rollbacks.set('u1', rollback);
    new ReplacementFile(dir).save(replacementsOf(book, new Map([['u1', 'new']])));
    const fresh = new PodBook();
    restoreReplacements(fresh, new ReplacementFile(dir).load());
    expect(fresh.serving.get('u1')).toBe('old');
    expect(fresh.specs.get(instanceKey('u1', 'old'))).toEqual(oldPod);
    expect(fresh.rollbacks.get('u1')).toEqual(rollback);
  });

  it('loads nothing from a missing or unreadable file', () => {
    const dir = tempDir();
    const file = new ReplacementFile(dir);
    expect(file.load()).toEqual({});
    writeFileSync(file.path, '{not json');
    expect(file.load()).toEqual({});
  });

  it('rewrites the file only when the state changed', () => {
    const file = new ReplacementFile(tempDir());
    file.save({ u1: { servingHash: 'old' } });
    writeFileSync(file.path, 'marker');
    file.save({ u1: { servingHash: 'old' } });
    expect(readFileSync(file.path, 'utf8')).toBe('marker');
    file.save({});
    expect(readFileSync(file.path, 'utf8')).toBe('{}');
  });
});
