import { describe, expect, it } from 'vitest';
import { calculatePriority, normalizedImageName } from '../../../../src/scheduler/plugins/imagelocality';
import { MI, node, pod, scores } from '../fixtures';

describe('ImageLocality', () => {
  it.each([
    ['nginx', 'nginx:latest'],
    ['nginx:1.25', 'nginx:1.25'],
    ['registry.local:5000/app', 'registry.local:5000/app:latest'],
    ['registry.local:5000/app:2', 'registry.local:5000/app:2'],
  ])('normalizes %s to %s', (name, want) => {
    expect(normalizedImageName(name)).toBe(want);
  });

  it.each([
    ['below 23 MiB scores 0', 10 * MI, 1, 0],
    ['1000 MiB per container or more scores 100', 1500 * MI, 1, 100],
    ['in between it is linear', 511.5 * MI, 1, 50],
    ['the ceiling grows with the containers', 1000 * MI, 2, Math.trunc((100 * (1000 - 23)) / (2000 - 23))],
  ])('%s', (_name, sum, containers, want) => {
    expect(calculatePriority(sum, containers)).toBe(want);
  });

  it('prefers nodes that have the image, scaled by how many nodes have it', () => {
    const img = { names: ['registry.local/app:1'], sizeBytes: 500 * MI };
    const nodes = [node('h1', { images: [img] }), node('h2', { images: [img] }), node('h3'), node('h4')];
    // The image is on half the nodes: it counts 250 MiB.
    const want = Math.trunc((100 * (250 * MI - 23 * MI)) / (1000 * MI - 23 * MI));
    expect(scores('ImageLocality', pod('p'), nodes)).toEqual({ h1: want, h2: want, h3: 0, h4: 0 });
  });

  it('is skipped when no node has any of the pod’s images', () => {
    expect(scores('ImageLocality', pod('p'), [node('h1', { images: [{ names: ['other:1'], sizeBytes: MI }] })])).toBeNull();
  });
});
