import { describe, expect, it } from 'vitest';
import { BOOTSTRAP_RETRY_MS, bootstrapReason } from '../../../src/controller/bootstrap-new';
import type { HostObservation, HostRecord } from '../../../src/controller/observe';
import {
  HostAuthError,
  HostCallError,
  HostIdentityError,
  HostKeyChangedError,
  HostKeyRevokedError,
  HostKeyUnknownError,
  HostTimeoutError,
  HostUnreachableError,
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
    expect(bootstrapReason(answered(BUNDLE), {}, BUNDLE, t0)).toBeUndefined();
  });

  it('gives an upgrade reason when the agent answers with another version', () => {
    expect(bootstrapReason(answered('0.1.0'), {}, BUNDLE, t0)).toBe("agent 0.1.0 is not the controller's 0.2.0");
  });

  it('gives a reason when SSH works but the agent call fails', () => {
    const error = new HostCallError('h1', 'status', 'connect ENOENT /run/berth/agent.sock');
    expect(bootstrapReason(failed(error), {}, BUNDLE, t0)).toBe(`no agent answers (${error.message})`);
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
    expect(bootstrapReason(failed(error), {}, BUNDLE, t0)).toBeUndefined();
  });

  it.each<[string, HostObservation]>([
    ['an agent of another version', answered('0.1.0')],
    ['no agent', failed(new HostCallError('h1', 'status', 'connect ENOENT'))],
  ])('waits BOOTSTRAP_RETRY_MS after a try before trying again, with %s', (_, observation) => {
    const record: HostRecord = { bootstrappedAt: t0.toISOString() };
    expect(bootstrapReason(observation, record, BUNDLE, at(1))).toBeUndefined();
    expect(bootstrapReason(observation, record, BUNDLE, new Date(t0.getTime() + BOOTSTRAP_RETRY_MS - 1))).toBeUndefined();
    expect(bootstrapReason(observation, record, BUNDLE, new Date(t0.getTime() + BOOTSTRAP_RETRY_MS))).toBeDefined();
  });
});
