import { describe, expect, it } from 'vitest';
import { adoptLiveHosts } from '../../../src/plan';
import { desiredPod, livePod, nodes, snapshot } from './fixtures';

describe('adoptLiveHosts', () => {
  const live = snapshot({
    h2: [livePod('web', 'h2'), livePod('both', 'h2')],
    h1: [livePod('both', 'h1'), livePod('other', 'h1', { namespace: 'tools' })],
    h9: [livePod('stranded', 'h9')],
  });

  it('keeps a running pod on its host, as a copy with spec.nodeName set', () => {
    const web = desiredPod('web');
    const [adopted] = adoptLiveHosts([web], live);
    expect(adopted.spec?.nodeName).toBe('h2');
    expect(web.spec?.nodeName).toBeUndefined();
  });

  it.each([
    ['a pod that runs nowhere stays unplaced, for the scheduler', desiredPod('new'), undefined],
    ['a pod already placed keeps its placement', desiredPod('web', { host: 'h5' }), 'h5'],
    ['a pod running on two hosts gets the first by name', desiredPod('both'), 'h1'],
    ['the namespace must match too', desiredPod('other'), undefined],
    ['a pod in another namespace is found there', desiredPod('other', { namespace: 'tools' }), 'h1'],
  ])('%s', (_name, pod, host) => {
    expect(adoptLiveHosts([pod], live)[0].spec?.nodeName).toBe(host);
  });

  it('returns the pods in input order, untouched ones as the same objects', () => {
    const pods = [desiredPod('new'), desiredPod('web')];
    const out = adoptLiveHosts(pods, live);
    expect(out[0]).toBe(pods[0]);
    expect(out.map((p) => p.metadata?.name)).toEqual(['new', 'web']);
  });

  it('with the inventory, does not keep pods on hosts removed from it', () => {
    const out = adoptLiveHosts([desiredPod('stranded'), desiredPod('web')], live, nodes('h1', 'h2'));
    expect(out.map((p) => p.spec?.nodeName)).toEqual([undefined, 'h2']);
  });
});
