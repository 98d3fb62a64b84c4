import { describe, expect, it } from 'vitest';
import { compareVersions } from '../../../src/fleet/bootstrap';

describe('compareVersions orders agent versions as people read them', () => {
  it.each([
    ['0.1.0', '0.1.0', 0],
    ['0.2.0', '0.1.0', 1],
    ['0.10.0', '0.9.1', 1],
    ['0.1.0', '0.2.0-test', -1],
    ['1.0', '1.0.0', 0],
    ['0.2.0-test', '0.2.0-rc', 1],
  ])('%s against %s → %d', (a, b, want) => {
    expect(compareVersions(a, b)).toBe(want);
  });
});
