// The files that keep an agent running on a host: a systemd unit where systemd runs, else a small supervisor script
// started detached (setsid) that restarts the agent when it exits. Both run bin/current.mjs, so an upgrade swaps the
// link and restarts the agent alone; neither stops containers (the agent leaves them running and adopts them).
// Built from data; the same input gives byte-identical text, which is how bootstrap knows nothing changed. Pure.
import type { AgentLayout } from './bootstrap-layout';
import { shellCommand, shellQuote } from './bootstrap-shell';

export interface AgentCommandOptions {
  nodePath: string;
  cluster: string;
  /** More `berth agent` flags. */
  extraArgs?: readonly string[];
}

/** `node bin/current.mjs agent …` with every path explicit: neither systemd nor setsid keeps the session's env. */
export function agentArgv(layout: AgentLayout, { nodePath, cluster, extraArgs = [] }: AgentCommandOptions): string[] {
  return [
    nodePath,
    layout.currentLink,
    'agent',
    '--socket', layout.socketPath,
    '--state', layout.stateDir,
    '--runtime-dir', layout.runtimeDir,
    '--cluster', cluster,
    '--host', layout.hostName,
    ...extraArgs,
  ];
}

/** Log files are rotated at each agent start once they pass this size. */
const LOG_ROTATE_BYTES = 10 * 1024 * 1024;

export function supervisorScript(layout: AgentLayout, options: AgentCommandOptions): string {
  const q = shellQuote;
  return `#!/bin/sh
# Berth agent supervisor, written by \`berth hosts bootstrap\`: runs the agent and restarts it when it exits.
# Stop both with: kill -TERM "$(cat ${q(layout.supervisorPidFile)})"
${layout.dockerHost ? `DOCKER_HOST=${q(layout.dockerHost)}; export DOCKER_HOST\n` : ''}log=${q(layout.logFile)}
echo $$ > ${q(layout.supervisorPidFile)}
stopping=
child=
trap 'stopping=1; [ -n "$child" ] && kill -TERM "$child" 2>/dev/null' TERM INT HUP
while [ -z "$stopping" ]; do
  if [ -f "$log" ] && [ "$(wc -c < "$log")" -gt ${LOG_ROTATE_BYTES} ]; then mv -f "$log" "$log.1"; fi
  ${shellCommand(agentArgv(layout, options))} >> "$log" 2>&1 < /dev/null &
  child=$!
  echo "$child" > ${q(layout.agentPidFile)}
  # wait returns early when a trapped signal arrives: wait again until the agent has really stopped
  while kill -0 "$child" 2>/dev/null; do wait "$child"; done
  rm -f ${q(layout.agentPidFile)}
  child=
  [ -n "$stopping" ] || sleep 2
done
rm -f ${q(layout.supervisorPidFile)}
`;
}

export function systemdUnit(layout: AgentLayout, options: AgentCommandOptions): string {
  const execStart = agentArgv(layout, options).map(unitQuote).join(' ');
  return `# Written by \`berth hosts bootstrap\`.
[Unit]
Description=Berth agent (${layout.hostName})
After=network-online.target docker.service

[Service]
ExecStart=${execStart}
${layout.dockerHost ? `Environment=${unitQuote(`DOCKER_HOST=${layout.dockerHost}`)}\n` : ''}Restart=always
RestartSec=2
# Stop the agent alone: its containers belong to dockerd, and it adopts them when it starts again.
KillMode=process
StandardOutput=append:${layout.logFile}
StandardError=inherit

[Install]
WantedBy=multi-user.target
`;
}

/** systemd's quoting: double quotes, with backslash escapes; `%` is a specifier and `$` a variable there. */
function unitQuote(word: string): string {
  const escaped = word.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  return /^[A-Za-z0-9_@+=:,./-]+$/.test(escaped) ? escaped : `"${escaped.replace(/(["\\])/g, '\\$1')}"`;
}
