import { describe, expect, it } from 'vitest';
import { BOOTSTRAP_BACK_OFF, bootstrapDecision, bootstrapReason, Bootstrapper } from '../../../src/controller/bootstrap-new';
import type { Decision } from '../../../src/controller/events';
import type { HostObservation } from '../../../src/controller/observe';
import {
  HostAuthError,
  HostCallError,
  HostIdentityError,
  HostKeyChangedError,
  HostKeyRevokedError,
  HostKeyUnknownError,
  HostTimeoutError,
  HostUnreachableError,
  type AgentBundle,
  type BootstrapReport,
  type Fleet,
  type KnownHostEntry,
} from '../../../src/fleet';
import { at, hostFacts, t0 } from './fixtures';

const BUNDLE = '0.2.0';
const target = { host: 'h1', address: '10.77.0.11', port: 22 };
/** An SSH key blob: a length-prefixed type name, then key bytes. */
const blob = (type: string, fill: number) => Buffer.concat([Buffer.from([0, 0, 0, type.length]), Buffer.from(type), Buffer.alloc(32, fill)]);
const known: KnownHostEntry = { line: 3, hosts: '10.77.0.11', keyType: 'ssh-ed25519', key: blob('ssh-ed25519', 1) };
const presented = blob('ssh-ed25519', 2);

const answered = (agentVersion: string): HostObservation => ({ host: 'h1', ok: true, generation: 4, pods: [], facts: hostFacts({ agentVersion }) });
const failed = (error: Error): HostObservation => ({ host: 'h1', ok: false, error });

describe('bootstrapReason', () => {
  it('gives no reason when the agent answers with the controller’s version', () => {
    expect(bootstrapReason(answered(BUNDLE), BUNDLE)).toBeUndefined();
  });

  it('gives an upgrade reason when the agent answers with another version', () => {
    expect(bootstrapReason(answered('0.1.0'), BUNDLE)).toBe("agent 0.1.0 is not the controller's 0.2.0");
  });

  it('gives a reason when SSH works but the agent call fails', () => {
    const error = new HostCallError('h1', 'status', 'connect ENOENT /run/berth/agent.sock');
    expect(bootstrapReason(failed(error), BUNDLE)).toBe(`no agent answers (${error.message})`);
  });

  it.each<[string, Error]>([
    ['the host is unreachable', new HostUnreachableError(target, 'connect ECONNREFUSED 10.77.0.11:22')],
    ['the call timed out', new HostTimeoutError('h1', 'status', 5_000)],
    ['the host key is unknown', new HostKeyUnknownError(target, presented, 'known_hosts')],
    ['the host key changed', new HostKeyChangedError(target, presented, 'known_hosts', [known])],
    ['the host key is revoked', new HostKeyRevokedError(target, presented, 'known_hosts', { ...known, marker: 'revoked', key: presented })],
    ['the identity file is missing', new HostIdentityError('h1', 'identity file ~/.ssh/berth_ed25519 not found')],
    ['the host refused the key', new HostAuthError({ ...target, user: 'root' }, 'publickey')],
  ])('gives no reason when %s: bootstrap goes over the same SSH and cannot help', (_, error) => {
    expect(bootstrapReason(failed(error), BUNDLE)).toBeUndefined();
  });
});

const report = (outcome: BootstrapReport['outcome'], extra: Partial<BootstrapReport> = {}): BootstrapReport => ({ host: 'h1', outcome, missing: [], steps: [], ...extra });

describe('bootstrapDecision', () => {
  it.each<[string, BootstrapReport, Partial<Decision>, string | undefined]>([
    ['an install', report('installed', { version: BUNDLE }), { reason: 'Bootstrapped', type: 'Normal', message: 'agent 0.2.0 installed on h1' }, undefined],
    ['an upgrade', report('upgraded', { version: BUNDLE }), { reason: 'Bootstrapped', message: 'agent 0.2.0 upgraded on h1' }, undefined],
    ['a failure', report('failed', { error: 'upload: disk full' }), { reason: 'BootstrapFailed', type: 'Warning', message: 'bootstrap of h1 failed: upload: disk full; retrying in 10 s' }, 'bootstrap of h1 failed: upload: disk full'],
    [
      'missing prerequisites',
      report('missing-prerequisites', { missing: [{ name: 'docker', message: 'no Docker Engine', fix: 'apt-get install docker.io' }] }),
      { reason: 'BootstrapFailed', message: 'bootstrap of h1 failed: no Docker Engine (apt-get install docker.io); retrying in 10 s' },
      'bootstrap of h1 failed: no Docker Engine (apt-get install docker.io)',
    ],
  ])('records %s', (_, r, decision, error) => {
    const out = bootstrapDecision(r, 'retrying in 10 s');
    expect(out.decision).toMatchObject({ object: { kind: 'Node', name: 'h1' }, host: 'h1', ...decision });
    expect(out.error).toBe(error);
  });
});

describe('Bootstrapper: a host is tried again with a growing delay until its agent answers with the bundle’s version', () => {
  const noAgent = failed(new HostCallError('h1', 'status', 'connect ENOENT'));
  const fleet = { session: (host: string) => ({ host }) } as unknown as Fleet;

  /** A bootstrapper whose tries end at `clock()` with the next scripted report. */
  function bootstrapper(reports: BootstrapReport[]) {
    let now = t0;
    const done: Array<{ decision: Decision; error?: string }> = [];
    const b = new Bootstrapper({ version: BUNDLE } as AgentBundle, () => 'default', { clock: () => now, install: async () => reports.shift()! });
    const tryAt = async (seconds: number) => {
      now = at(seconds);
      b.start(fleet, 'h1', (decision, error) => done.push({ decision, error }));
      await b.idle();
    };
    return { b, done, tryAt };
  }

  it('backs off after each failed try, doubling from BOOTSTRAP_BACK_OFF.baseDelayMs, and says when it retries', async () => {
    const { b, done, tryAt } = bootstrapper([report('failed', { error: 'boom' }), report('failed', { error: 'boom' })]);
    const base = BOOTSTRAP_BACK_OFF.baseDelayMs / 1000;
    expect(b.reason(noAgent, t0)).toBeDefined();
    await tryAt(0);
    expect(done[0].decision.message).toBe(`bootstrap of h1 failed: boom; retrying in ${base} s`);
    expect(b.reason(noAgent, at(base - 1))).toBeUndefined();
    expect(b.reason(noAgent, at(base))).toBeDefined();
    await tryAt(base);
    expect(done[1].decision.message).toBe(`bootstrap of h1 failed: boom; retrying in ${2 * base} s`);
    expect(b.reason(noAgent, at(3 * base - 1))).toBeUndefined();
    expect(b.reason(noAgent, at(3 * base))).toBeDefined();
  });

  it('does not start again on an observation made before a successful try ended, and forgets the host once its agent answers', async () => {
    const { b, tryAt } = bootstrapper([report('installed', { version: BUNDLE }), report('failed', { error: 'boom' })]);
    await tryAt(0);
    expect(b.reason(noAgent, at(1))).toBeUndefined();
    expect(b.reason(answered(BUNDLE), at(2))).toBeUndefined();
    // Forgotten: the host's next failure is tried at once, then backed off from the base delay again.
    expect(b.reason(noAgent, at(3))).toBeDefined();
    await tryAt(3);
    expect(b.reason(noAgent, at(3 + BOOTSTRAP_BACK_OFF.baseDelayMs / 1000 - 1))).toBeUndefined();
    expect(b.reason(noAgent, at(3 + BOOTSTRAP_BACK_OFF.baseDelayMs / 1000))).toBeDefined();
  });

  it('gives no reason while a bootstrap of the host runs', () => {
    let finish: (r: BootstrapReport) => void = () => {};
    const b = new Bootstrapper({ version: BUNDLE } as AgentBundle, () => 'default', { clock: () => t0, install: () => new Promise((resolve) => (finish = resolve)) });
    b.start(fleet, 'h1', () => {});
    expect(b.isRunning('h1')).toBe(true);
    expect(b.reason(noAgent, t0)).toBeUndefined();
    finish(report('installed', { version: BUNDLE }));
  });
});
