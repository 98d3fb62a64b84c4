import { describe, expect, it } from 'vitest';
import { loadedNames } from '../../../../src/agent/runtime/load';

describe("docker load's answer", () => {
  it.each([
    ['one tag', [{ stream: 'Loaded image: berth-test/web:1\n' }], ['berth-test/web:1']],
    ['several tags, one message each', [{ stream: 'Loaded image: a:1\n' }, { stream: 'Loaded image: registry.local:5000/b:2\n' }], ['a:1', 'registry.local:5000/b:2']],
    ['an untagged image, by ID', [{ stream: 'Loaded image ID: sha256:0123abcd\n' }], ['sha256:0123abcd']],
    ['nothing loaded', [{ stream: '' }], []],
  ])('names what was loaded: %s', (_name, events, names) => {
    expect(loadedNames(events)).toEqual(names);
  });
});
