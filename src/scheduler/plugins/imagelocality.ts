// ImageLocality: prefer nodes that already have the pod's images (node.status.images), weighted by image size and
// scaled down for images most nodes have, so popular images do not pile pods onto the same nodes.
import type { PodSpec } from 'kubernetes-types/core/v1';
import { MAX_NODE_SCORE, type Plugin, type PluginFactory } from '../framework';
import { derivedOf } from '../podinfo';
import { SKIP } from '../status';
import type { ImageStateSummary } from '../snapshot';

export const NAME = 'ImageLocality';

const MB = 1024 * 1024;
/** Below this sum nothing is gained (a small image pulls fast): score 0. */
export const MIN_THRESHOLD = 23 * MB;
/** Per container: beyond this the score is the maximum. */
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** An image reference without a tag gets ":latest", as node status lists it. */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

/** The image's size scaled by the share of nodes that have it. */
export function scaledImageScore(state: ImageStateSummary, totalNumNodes: number): number {
  return Math.trunc(state.size * (state.numNodes / totalNumNodes));
}

/** kube-scheduler's calculatePriority: the sum clamped to [23 MiB, 1000 MiB × containers], mapped onto [0, 100]. */
export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  const s = Math.min(Math.max(sumScores, MIN_THRESHOLD), maxThreshold);
  return Math.trunc((MAX_NODE_SCORE * (s - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

export function imageLocalityScore(
  images: readonly string[],
  imageStates: ReadonlyMap<string, ImageStateSummary>,
  totalNumNodes: number,
): number {
  if (imageStates.size === 0 || images.length === 0) return 0;
  let sum = 0;
  for (const img of images) {
    const st = imageStates.get(img);
    if (st) sum += scaledImageScore(st, totalNumNodes);
  }
  return calculatePriority(sum, images.length);
}

function podImages(spec: PodSpec): string[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((c) => normalizedImageName(c.image ?? ''));
}

interface ImagesData {
  images: string[];
  /** Some node has one of the images: otherwise every node scores 0 and scoring is skipped. */
  anywhere: boolean;
  /** Per node index: the score, or 255 when not computed yet (images on nodes do not change during a pass). */
  scores: Uint8Array;
}

const UNKNOWN = 255;

export const imageLocality: PluginFactory = (_args, { snapshot }): Plugin => {
  const total = snapshot.nodes.length;
  // Shared by every group with the same images (the replicas of one version share them, and often more).
  const byImages = new Map<string, ImagesData>();
  const data = derivedOf(NAME, (g): ImagesData => {
    const images = podImages(g.spec);
    const key = images.join('\n');
    let d = byImages.get(key);
    if (!d) {
      const anywhere = images.some((i) => snapshot.imageStates.has(i));
      d = { images, anywhere, scores: new Uint8Array(anywhere ? total : 0).fill(UNKNOWN) };
      byImages.set(key, d);
    }
    return d;
  });
  return {
    name: NAME,
    preScore: (_state, pod) => (data(pod.group).anywhere ? null : SKIP),
    score: (_state, pod, nodes, scores) => {
      const d = data(pod.group);
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[i];
        let s = d.scores[node.index];
        if (s === UNKNOWN) d.scores[node.index] = s = imageLocalityScore(d.images, node.imageStates, total);
        scores[i] = s;
      }
    },
  };
};
