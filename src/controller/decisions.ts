import type { Plan } from '../plan';
import type { ScheduleResult } from '../scheduler';
import type { Decision } from './events';

const REASONS = { create: 'Scheduled', replace: 'Replacing', delete: 'Killing' } as const;

/** What a plan decides, as events: a pod placed, replaced or stopped on a host, or fitting nowhere (and why). */
export function planDecisions(plan: Plan, unschedulable: ScheduleResult['unschedulable'], preemptions: ScheduleResult['preemptions'] = []): Decision[] {
  const out: Decision[] = [];
  for (const p of preemptions) {
    for (const victim of p.victims) {
      const at = victim.indexOf('/');
      out.push({ object: { kind: 'Pod', namespace: victim.slice(0, at), name: victim.slice(at + 1) }, host: p.node, reason: 'Preempted', message: `preempted on ${p.node} by ${p.pod}, of higher priority` });
    }
  }
  for (const host of plan.hosts) {
    for (const action of host.actions) {
      const at = action.pod.indexOf('/');
      const object = { kind: 'Pod', namespace: action.pod.slice(0, at), name: action.pod.slice(at + 1) };
      const message =
        action.type === 'create'
          ? `assigned ${action.pod} to ${host.host} (${action.reason})`
          : action.type === 'replace'
            ? `replacing ${action.pod} on ${host.host}: ${action.reason}`
            : `stopping ${action.pod} on ${host.host}: ${action.reason}`;
      out.push({ object, host: host.host, reason: REASONS[action.type], message });
    }
  }
  for (const u of unschedulable) {
    const at = u.pod.indexOf('/');
    out.push({ object: { kind: 'Pod', namespace: u.pod.slice(0, at), name: u.pod.slice(at + 1) }, reason: 'FailedScheduling', type: 'Warning', message: u.message });
  }
  return out;
}
