import { describe, expect, it } from 'vitest';
import { supervisorScript, systemdUnit } from '../../../src/fleet/bootstrap-files';
import { planBootstrap, type BootstrapWanted } from '../../../src/fleet/bootstrap-plan';
import type { BootstrapFacts } from '../../../src/fleet/bootstrap-probe';
import { LAYOUT } from './bootstrap-layout-fixture';

const wanted: BootstrapWanted = { layout: LAYOUT, version: '0.2.0', sha256: 'new-sha', cluster: 'berth' };
const node = { path: '/usr/bin/node', version: 'v20.20.2' };
const options = { nodePath: node.path, cluster: 'berth' };
const script = supervisorScript(LAYOUT, options);
const unit = systemdUnit(LAYOUT, options);

const bare: BootstrapFacts = {
  node,
  setsid: true,
  systemd: false,
  docker: { endpoint: LAYOUT.dockerHost!, reachable: true, version: '20.10.24' },
  disk: { path: '/var/lib', freeBytes: 50 * 1024 ** 3 },
};
const installed: BootstrapFacts = { ...bare, bundleSha256: 'new-sha', currentTarget: 'berth-agent-0.2.0.mjs', supervisorScript: script, supervisorPid: 100, agentPid: 101 };
const older: BootstrapFacts = { ...installed, bundleSha256: undefined, currentTarget: 'berth-agent-0.1.0.mjs' };
const kinds = (facts: BootstrapFacts, running?: string) => planBootstrap(facts, wanted, running).steps.map((s) => s.kind);

describe('the bootstrap plan under a supervisor script', () => {
  it.each([
    ['a bare host: upload, link, write the supervisor, start it', bare, undefined, ['upload-bundle', 'link-current', 'write-supervisor', 'start-supervisor']],
    ['everything in place and the version answering: nothing', installed, '0.2.0', []],
    ['everything in place, the agent not answering yet: nothing (the supervisor restarts it)', installed, undefined, []],
    ['an older agent running: upload, relink, SIGTERM the agent alone', older, '0.1.0', ['upload-bundle', 'link-current', 'restart-agent']],
    ['the right link but an older agent still answering: restart the agent', installed, '0.1.0', ['restart-agent']],
    ['the supervisor died and left its agent: stop that agent, start a supervisor', { ...installed, supervisorPid: undefined }, '0.2.0', ['stop-agent', 'start-supervisor']],
    ['the supervisor died with its agent: start it', { ...installed, supervisorPid: undefined, agentPid: undefined }, undefined, ['start-supervisor']],
    ['the supervisor script changed: rewrite it, replace the supervisor', { ...installed, supervisorScript: '#!/bin/sh\nold\n' }, '0.2.0', ['write-supervisor', 'stop-supervisor', 'start-supervisor']],
    ['the bundle file differs from the one to install (same version, new build): upload it and restart the agent', { ...installed, bundleSha256: 'other' }, '0.2.0', ['upload-bundle', 'restart-agent']],
  ] as const)('%s', (_, facts, running, expected) => {
    expect(kinds(facts, running)).toEqual(expected);
  });

  it('signals the pids the probe found', () => {
    expect(planBootstrap(older, wanted, '0.1.0').steps).toContainEqual({ kind: 'restart-agent', pid: 101 });
    expect(planBootstrap({ ...installed, supervisorScript: 'x' }, wanted, '0.2.0').steps).toContainEqual({ kind: 'stop-supervisor', pid: 100 });
  });
});

describe('the bootstrap plan under systemd', () => {
  const systemd: BootstrapFacts = { ...installed, systemd: true, supervisorScript: undefined, supervisorPid: undefined, agentPid: undefined, unit, unitActive: 'active' };
  it.each([
    ['a bare host: upload, link, write the unit, enable it', { ...bare, systemd: true, unitActive: 'inactive' }, undefined, ['upload-bundle', 'link-current', 'write-unit', 'enable-unit']],
    ['everything in place and active: nothing', systemd, '0.2.0', []],
    ['an older agent: upload, relink, restart the unit', { ...systemd, bundleSha256: undefined, currentTarget: 'berth-agent-0.1.0.mjs' }, '0.1.0', ['upload-bundle', 'link-current', 'restart-unit']],
    ['the unit changed: rewrite and restart it', { ...systemd, unit: '[Unit]\n' }, '0.2.0', ['write-unit', 'restart-unit']],
    ['the unit stopped: start it', { ...systemd, unitActive: 'failed' }, undefined, ['enable-unit']],
  ] as const)('%s', (_, facts, running, expected) => {
    expect(kinds(facts as BootstrapFacts, running)).toEqual(expected);
  });
});

describe('prerequisites', () => {
  it.each([
    ['node is missing', { ...bare, node: undefined }, 'node', /install Node.js 20/],
    ['node is too old', { ...bare, node: { path: '/usr/bin/node', version: 'v18.19.0' } }, 'node', /upgrade Node.js/],
    ['Docker does not answer', { ...bare, docker: { endpoint: 'unix:///var/run/docker.sock', reachable: false, error: 'ENOENT' } }, 'docker', /DOCKER_HOST/],
    ['the disk is nearly full', { ...bare, disk: { path: '/var/lib', freeBytes: 100 * 1024 ** 2 } }, 'disk', /free at least 1024 MiB/],
    ['setsid is missing without systemd', { ...bare, setsid: false }, 'setsid', /util-linux/],
  ] as const)('reports what to do when %s, and plans no step', (_, facts, name, fix) => {
    const plan = planBootstrap(facts as BootstrapFacts, wanted);
    expect(plan.steps).toEqual([]);
    expect(plan.missing).toHaveLength(1);
    expect(plan.missing[0].name).toBe(name);
    expect(plan.missing[0].fix).toMatch(fix);
  });

  it('names the Docker endpoint and its error', () => {
    const facts = { ...bare, docker: { endpoint: 'unix:///run/x.sock', reachable: false, error: 'connect ENOENT /run/x.sock' } };
    expect(planBootstrap(facts, wanted).missing[0].message).toBe('no Docker Engine answers at unix:///run/x.sock (connect ENOENT /run/x.sock)');
  });

  it('does not need setsid where systemd runs', () => {
    expect(planBootstrap({ ...bare, setsid: false, systemd: true }, wanted).missing).toEqual([]);
  });
});
