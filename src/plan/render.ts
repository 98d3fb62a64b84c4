import pc from 'picocolors';
import type { ActionType, ObjectPatch, Plan } from './types';

type Colors = ReturnType<typeof pc.createColors>;

const HASH_SHOWN = 8;
const VERBS: Record<ActionType | ObjectPatch['op'], { mark: string; paint: keyof Colors }> = {
  create: { mark: '+', paint: 'green' },
  replace: { mark: '~', paint: 'yellow' },
  update: { mark: '~', paint: 'yellow' },
  delete: { mark: '-', paint: 'red' },
};
const VERB_WIDTH = '~ replace'.length;

/**
 * `berth plan`'s human output, in columns like kubectl's: per host a header and one line per action, then pending
 * pods, changed objects, and a summary line. Colors (picocolors) only when asked, so pipes and goldens stay plain.
 */
export function renderPlan(plan: Plan, { color }: { color: boolean }): string {
  const c = pc.createColors(color);
  const out: string[] = [];
  let podWidth = 0;
  for (const h of plan.hosts) for (const a of h.actions) podWidth = Math.max(podWidth, a.pod.length);

  for (const { host, actions } of plan.hosts) {
    const n = { create: 0, replace: 0, delete: 0 };
    for (const a of actions) n[a.type]++;
    out.push(`${c.bold(host)}  ${n.create} to create, ${n.replace} to replace, ${n.delete} to delete`);
    for (const a of actions) {
      const spec = `spec ${a.specHash.slice(0, HASH_SHOWN)}…`;
      out.push(`  ${verb(c, a.type)}  ${a.pod.padEnd(podWidth)}  ${spec}  ${a.reason}`);
    }
    out.push('');
  }

  if (plan.pending.length) {
    const width = widest(plan.pending.map((p) => p.pod));
    out.push(c.bold('Pending (not scheduled):'));
    for (const p of plan.pending) out.push(`  ${p.pod.padEnd(width)}  ${p.reason}`);
    out.push('');
  }

  const objects = plan.patches.filter((p) => p.kind !== 'Pod');
  if (objects.length) {
    const names = objects.map((p) => `${p.kind} ${p.namespace ? `${p.namespace}/` : ''}${p.name}`);
    const width = widest(names);
    out.push(c.bold('Objects:'));
    objects.forEach((p, i) => {
      const ops = p.op === 'update' ? `  ${p.patch.length} ${p.patch.length === 1 ? 'change' : 'changes'}` : '';
      out.push(`  ${verb(c, p.op)}  ${ops ? names[i].padEnd(width) : names[i]}${ops}`);
    });
    out.push('');
  }

  const s = plan.summary;
  out.push(`Plan: ${s.create} to create, ${s.replace} to replace, ${s.delete} to delete, ${s.unchanged} unchanged, ${s.pending} pending.`);
  return `${out.join('\n')}\n`;
}

function verb(c: Colors, type: ActionType | ObjectPatch['op']): string {
  const v = VERBS[type];
  return (c[v.paint] as (s: string) => string)(`${v.mark} ${type}`.padEnd(VERB_WIDTH));
}

// Not Math.max(...xs): 150,000 arguments overflow the stack.
function widest(xs: string[]): number {
  return xs.reduce((w, x) => Math.max(w, x.length), 0);
}
