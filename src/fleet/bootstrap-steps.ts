// Each bootstrap step as the sh command that does it on the host (the bundle and the files go by session.upload).
// Processes are only ever signalled by the pid the probe read from a pid file and checked against its command line.
// Pure.
import type { AgentLayout } from './bootstrap-layout';
import type { BootstrapStep } from './bootstrap-plan';
import { shellQuote as q } from './bootstrap-shell';

/** The command of a step that runs one; undefined for the steps that upload a file. */
export function stepCommand(step: BootstrapStep, layout: AgentLayout): string | undefined {
  switch (step.kind) {
    case 'upload-bundle':
    case 'write-supervisor':
    case 'write-unit':
      return undefined;
    case 'link-current': {
      // A new link beside the old one, renamed over it: the link is never missing, even for a moment.
      const temp = `${layout.binDir}/.current.mjs.tmp`;
      return `ln -sfn ${q(step.target)} ${q(temp)} && mv -Tf ${q(temp)} ${q(layout.currentLink)}`;
    }
    case 'stop-supervisor':
    case 'stop-agent':
      return terminateAndWait(step.pid);
    case 'start-supervisor':
      // Detached in a session of its own, all output away from this command's, so the SSH channel can close.
      return `mkdir -p ${q(layout.home)} && setsid -f /bin/sh ${q(layout.supervisorScript)} < /dev/null > /dev/null 2>&1`;
    case 'restart-agent':
      // The supervisor starts it again, from the current link.
      return terminateAndWait(step.pid);
    case 'enable-unit':
      return `systemctl daemon-reload && systemctl enable --now ${q(layout.unitName)}`;
    case 'restart-unit':
      return `systemctl daemon-reload && systemctl restart ${q(layout.unitName)}`;
  }
}

/** Human words for the report. */
export function describeStep(step: BootstrapStep): string {
  switch (step.kind) {
    case 'upload-bundle':
      return `uploaded ${step.path}`;
    case 'link-current':
      return `pointed bin/current.mjs at ${step.target}`;
    case 'write-supervisor':
      return 'wrote the supervisor script';
    case 'stop-supervisor':
      return `stopped the old supervisor (pid ${step.pid})`;
    case 'stop-agent':
      return `stopped an unsupervised agent (pid ${step.pid})`;
    case 'start-supervisor':
      return 'started the supervisor';
    case 'restart-agent':
      return `restarted the agent (SIGTERM to pid ${step.pid}; containers keep running)`;
    case 'write-unit':
      return 'wrote the systemd unit';
    case 'enable-unit':
      return 'enabled and started the systemd unit';
    case 'restart-unit':
      return 'restarted the systemd unit (containers keep running)';
  }
}

/** SIGTERM, then up to 30 s for the process to finish its shutdown; fails if it is still there. A zombie counts as
 * gone: its parent (maybe a pid 1 that never reaps) is not ours to wait for. */
function terminateAndWait(pid: number): string {
  const p = String(Math.trunc(pid));
  const alive = `[ -e /proc/${p} ] && ! grep -q '^State:[[:space:]]*Z' /proc/${p}/status 2>/dev/null`;
  return `kill -TERM ${p} 2>/dev/null; i=0; while ${alive} && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done; ! { ${alive}; }`;
}
