// `berth hosts bootstrap` for one host: probe it, plan, do the steps, then verify that the agent answering on its
// socket is the wanted version. Running it again changes nothing; with a newer bundle it upgrades the agent in place
// (the agent alone restarts: pods keep running). Works over any HostSession: SSH, or this machine.
import { sleep } from '../common';
import { AGENT_DEFAULTS } from '../agent';
import type { AgentBundle } from './agent-bundle';
import { agentLayout, bundleFileName, type AgentLayout } from './bootstrap-layout';
import { planBootstrap, type BootstrapStep, type MissingPrerequisite } from './bootstrap-plan';
import { parseProbe, probeCommand } from './bootstrap-probe';
import { shellQuote } from './bootstrap-shell';
import { describeStep, stepCommand } from './bootstrap-steps';
import { runningAgentVersion } from './health-client';
import type { HostSession } from './session';

export interface BootstrapOptions {
  bundle: AgentBundle;
  /** Default the bundle's own. */
  version?: string;
  /** The cluster whose containers the agent manages (its --cluster). */
  cluster?: string;
  /** More `berth agent` flags. */
  extraArgs?: readonly string[];
  minFreeBytes?: number;
  /** How long the started agent has to answer with the wanted version. Default 30 s. */
  verifyTimeoutMs?: number;
}

export type BootstrapOutcome = 'unchanged' | 'installed' | 'upgraded' | 'downgraded' | 'missing-prerequisites' | 'failed';

export interface BootstrapReport {
  host: string;
  outcome: BootstrapOutcome;
  /** The version the agent answers with after bootstrap. */
  version?: string;
  /** The version that answered before, when one did. */
  previousVersion?: string;
  supervisor?: 'systemd' | 'supervisor';
  missing: MissingPrerequisite[];
  /** What was done, in words. */
  steps: string[];
  error?: string;
}

/** Never throws: every failure is in the report, so one host's trouble never stops the others'. */
export async function bootstrapHost(session: HostSession, options: BootstrapOptions): Promise<BootstrapReport> {
  const report: BootstrapReport = { host: session.host, outcome: 'failed', missing: [], steps: [] };
  try {
    await bootstrapInto(report, session, options);
  } catch (error) {
    report.outcome = 'failed';
    report.error = error instanceof Error ? error.message : String(error);
  }
  return report;
}

async function bootstrapInto(report: BootstrapReport, session: HostSession, options: BootstrapOptions): Promise<void> {
  const { bundle, version = bundle.version, cluster = AGENT_DEFAULTS.cluster, verifyTimeoutMs = 30_000 } = options;
  const layout = agentLayout(await session.env(), session.host);
  const running = await runningAgentVersion(session, layout.socketPath);
  if (running) report.previousVersion = running;
  const probe = await session.exec(probeCommand(layout, version), { timeoutMs: 30_000 });
  if (probe.code !== 0) throw new Error(`probing the host failed (exit ${probe.code}): ${probe.stderr.trim().slice(0, 500)}`);
  const facts = parseProbe(probe.stdout, layout.dockerHost);
  report.supervisor = facts.systemd ? 'systemd' : 'supervisor';
  const plan = planBootstrap(facts, { layout, version, sha256: bundle.sha256, cluster, extraArgs: options.extraArgs, minFreeBytes: options.minFreeBytes }, running);
  if (plan.missing.length > 0) {
    report.outcome = 'missing-prerequisites';
    report.missing = plan.missing;
    return;
  }
  for (const step of plan.steps) {
    await runStep(session, layout, step, bundle);
    report.steps.push(describeStep(step));
  }
  report.version = plan.steps.length === 0 && running === version ? running : await awaitVersion(session, layout, version, verifyTimeoutMs);
  const replaced = (running !== undefined && running !== version) || (facts.currentTarget !== undefined && facts.currentTarget !== bundleFileName(version));
  report.outcome = plan.steps.length === 0 ? 'unchanged' : !replaced ? 'installed' : running && compareVersions(running, version) > 0 ? 'downgraded' : 'upgraded';
}

/** Dotted versions compared part by part as numbers (0.10.0 after 0.9.1); a non-numeric part compares as text. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/);
  const pb = b.split(/[.+-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = Number(x);
    const ny = Number(y);
    const c = Number.isInteger(nx) && Number.isInteger(ny) ? nx - ny : x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return Math.sign(c);
  }
  return 0;
}

async function runStep(session: HostSession, layout: AgentLayout, step: BootstrapStep, bundle: AgentBundle): Promise<void> {
  switch (step.kind) {
    case 'upload-bundle':
      return session.upload(bundle.content, step.path, { mode: 0o755 });
    case 'write-supervisor':
      return session.upload(Buffer.from(step.content), layout.supervisorScript, { mode: 0o755 });
    case 'write-unit':
      return session.upload(Buffer.from(step.content), layout.unitPath, { mode: 0o644 });
    default: {
      const command = stepCommand(step, layout)!;
      const result = await session.exec(command, { timeoutMs: 60_000 });
      if (result.code !== 0) throw new Error(`${describeStep(step)}: failed (exit ${result.code}): ${result.stderr.trim().slice(0, 500)}`);
    }
  }
}

/** Polls GET /v1/healthz until the wanted version answers; on expiry, the agent's last log lines say why. */
async function awaitVersion(session: HostSession, layout: AgentLayout, version: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let seen: string | undefined;
  while (Date.now() < deadline) {
    seen = await runningAgentVersion(session, layout.socketPath, 2_000);
    if (seen === version) return seen;
    await sleep(250);
  }
  const log = await session.exec(`tail -n 20 ${shellQuote(layout.logFile)} 2>/dev/null`, { timeoutMs: 10_000 }).catch(() => undefined);
  const answered = seen ? `version ${seen} answers` : 'no agent answers';
  throw new Error(`the agent did not answer with version ${version} within ${timeoutMs} ms (${answered} on ${layout.socketPath})${log?.stdout ? `; its log ends:\n${log.stdout}` : ''}`);
}
