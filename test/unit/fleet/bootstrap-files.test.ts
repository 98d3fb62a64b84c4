import { describe, expect, it } from 'vitest';
import { agentArgv, supervisorScript, systemdUnit } from '../../../src/fleet/bootstrap-files';
import { shellCommand, shellQuote } from '../../../src/fleet/bootstrap-shell';
import { describeStep, stepCommand } from '../../../src/fleet/bootstrap-steps';
import { LAYOUT } from './bootstrap-layout-fixture';

const options = { nodePath: '/usr/bin/node', cluster: 'berth' };
const home = LAYOUT.home;

describe('shell words', () => {
  it.each([
    ['/usr/bin/node', '/usr/bin/node'],
    ['a b', "'a b'"],
    ["it's", "'it'\\''s'"],
    ['$HOME', "'$HOME'"],
    ['', "''"],
  ])('quotes %j as %s', (word, quoted) => {
    expect(shellQuote(word)).toBe(quoted);
  });

  it('joins a command line', () => {
    expect(shellCommand(['echo', 'a b', 'c'])).toBe("echo 'a b' c");
  });
});

describe('the files that keep the agent running', () => {
  it('runs the current link with every path explicit', () => {
    expect(agentArgv(LAYOUT, { ...options, extraArgs: ['--x'] })).toEqual([
      '/usr/bin/node', `${home}/bin/current.mjs`, 'agent',
      '--socket', `${home}/agent.sock`, '--state', home, '--runtime-dir', `${home}/run`, '--cluster', 'berth', '--host', 'h1', '--x',
    ]);
  });

  it('gives the same text for the same input, so a second bootstrap sees no change', () => {
    expect(supervisorScript(LAYOUT, options)).toBe(supervisorScript({ ...LAYOUT }, { ...options }));
    expect(systemdUnit(LAYOUT, options)).toBe(systemdUnit({ ...LAYOUT }, { ...options }));
  });

  it('has the supervisor keep pid files, pass DOCKER_HOST on and restart the agent', () => {
    const script = supervisorScript(LAYOUT, options);
    expect(script).toContain(`echo $$ > ${home}/supervisor.pid`);
    expect(script).toContain(`echo "$child" > ${home}/agent.pid`);
    expect(script).toContain('DOCKER_HOST=unix:///run/berth-lab/h1/docker.sock; export DOCKER_HOST');
    expect(script).toContain(`/usr/bin/node ${home}/bin/current.mjs agent --socket ${home}/agent.sock`);
    expect(script).toMatch(/while \[ -z "\$stopping" \]; do/);
  });

  it('leaves DOCKER_HOST alone when the host uses the default socket', () => {
    expect(supervisorScript({ ...LAYOUT, dockerHost: undefined }, options)).not.toContain('DOCKER_HOST');
    expect(systemdUnit({ ...LAYOUT, dockerHost: undefined }, options)).not.toContain('DOCKER_HOST');
  });

  it('has the systemd unit stop only the agent and restart it always', () => {
    const unit = systemdUnit({ ...LAYOUT, home: '/srv/my agent', currentLink: '/srv/my agent/bin/current.mjs' }, options);
    expect(unit).toContain('ExecStart=/usr/bin/node "/srv/my agent/bin/current.mjs" agent --socket');
    expect(unit).toContain('Environment=DOCKER_HOST=unix:///run/berth-lab/h1/docker.sock');
    expect(unit).toContain('KillMode=process');
    expect(unit).toContain('Restart=always');
    expect(unit).toContain(`StandardOutput=append:${home}/agent.log`);
  });
});

describe('steps as commands', () => {
  it.each([
    [{ kind: 'link-current', target: 'berth-agent-0.2.0.mjs' }, `ln -sfn berth-agent-0.2.0.mjs ${home}/bin/.current.mjs.tmp && mv -Tf ${home}/bin/.current.mjs.tmp ${home}/bin/current.mjs`],
    [{ kind: 'start-supervisor' }, `mkdir -p ${home} && setsid -f /bin/sh ${home}/bin/supervise.sh < /dev/null > /dev/null 2>&1`],
    [{ kind: 'enable-unit' }, 'systemctl daemon-reload && systemctl enable --now berth-agent-h1'],
    [{ kind: 'restart-unit' }, 'systemctl daemon-reload && systemctl restart berth-agent-h1'],
  ] as const)('%j', (step, command) => {
    expect(stepCommand(step, LAYOUT)).toBe(command);
  });

  it('signals a process by its pid only, and waits for it to go', () => {
    const command = stepCommand({ kind: 'restart-agent', pid: 4242 }, LAYOUT)!;
    expect(command).toMatch(/^kill -TERM 4242 2>\/dev\/null; /);
    expect(command).toContain('/proc/4242/status');
    expect(command).not.toMatch(/pkill|killall/);
  });

  it('uploads files rather than running commands for them', () => {
    expect(stepCommand({ kind: 'upload-bundle', path: '/x' }, LAYOUT)).toBeUndefined();
    expect(stepCommand({ kind: 'write-unit', content: '' }, LAYOUT)).toBeUndefined();
  });

  it('says what it did in words', () => {
    expect(describeStep({ kind: 'restart-agent', pid: 7 })).toBe('restarted the agent (SIGTERM to pid 7; containers keep running)');
  });
});
