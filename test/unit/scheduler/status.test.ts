import { describe, expect, it } from 'vitest';
import { Code, fitErrorMessage, reasonHistogram, Status } from '../../../src/scheduler/status';

describe('the aggregate message', () => {
  it('counts reasons and sorts "N reason" strings as Kubernetes does, saying hosts in the leading count', () => {
    const msg = fitErrorMessage(3, { 'Insufficient memory': 2, 'node(s) had untolerated taint {k: v}': 1 });
    expect(msg).toBe('0/3 hosts are available: 1 node(s) had untolerated taint {k: v}, 2 Insufficient memory.');
  });

  it('sorts as plain strings, so a count of 10 comes before a count of 2 (Go sort.Strings)', () => {
    expect(fitErrorMessage(12, { 'Insufficient cpu': 2, 'Too many pods': 10 })).toBe(
      '0/12 hosts are available: 10 Too many pods, 2 Insufficient cpu.',
    );
  });

  it('uses a PreFilter rejection instead of the per-node reasons', () => {
    expect(fitErrorMessage(5, {}, 'pod affinity terms conflict')).toBe('0/5 hosts are available: pod affinity terms conflict.');
  });

  it('counts each reason once per node, and a node with two reasons counts for both', () => {
    const statuses = [
      new Status(Code.Unschedulable, ['Insufficient cpu', 'Insufficient memory']),
      new Status(Code.Unschedulable, ['Insufficient cpu']),
    ];
    expect(reasonHistogram(statuses)).toEqual({ 'Insufficient cpu': 2, 'Insufficient memory': 1 });
  });
});
