// Bounded fan-out over the shared lab: a status round (every agent's facts and pods, over SSH) is cold the first
// time (new connections), then runs on the kept ones. Timings are logged, never asserted (bench/fleet.ts measures them).
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusRound, type Fleet } from '../../../src/fleet';
import { copyLabRepo, holdLab, labFleet, removeRepoCopy, sharedLab } from './lab-fleet';

const HOSTS = ['h1', 'h2', 'h3'];

let release: (() => void) | undefined;
let repo: string;
let fleet: Fleet;

beforeAll(async () => {
  release = await holdLab('e2e-fleet/fan-out');
  repo = copyLabRepo(await sharedLab());
  fleet = labFleet(repo);
}, 360_000);

afterAll(async () => {
  try {
    await fleet?.close();
  } finally {
    removeRepoCopy(repo);
    release?.();
  }
});

async function timedRound(concurrency?: number): Promise<number> {
  const start = performance.now();
  const round = await statusRound(fleet, undefined, { concurrency });
  const ms = performance.now() - start;
  expect(round.map((r) => [r.host, r.ok ? r.value.facts.hostName : r.error.message])).toEqual(HOSTS.map((h) => [h, h]));
  return ms;
}

describe('a status round over the lab', () => {
  it('answers for every host, on new connections, on kept ones, and one host at a time', async () => {
    const cold = await timedRound();
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) warm.push(await timedRound());
    const serial = await timedRound(1);
    const median = [...warm].sort((a, b) => a - b)[2];
    console.log(
      `status round over 3 lab hosts: cold ${cold.toFixed(0)} ms; warm ${warm.map((ms) => ms.toFixed(0)).join(', ')} ms (median ${median.toFixed(0)}); warm one host at a time ${serial.toFixed(0)} ms`,
    );
  }, 60_000);
});
