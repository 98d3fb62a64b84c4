import type { Command } from 'commander';
import type { Pod } from 'kubernetes-types/core/v1';
import { ANNOTATION_SPEC_HASH, type KubeObject } from '../../manifest';
import { pairObjects, renderObjectDiff, comparableObject } from '../../plan';
import { planPass } from '../../controller';
import { UsageError } from '../../errors';
import { colors, parseOutputFormat, printData, printErrors } from '../output';
import { parseNow } from '../now-arg';
import { loadRepo } from '../repo-input';
import { readLiveSnapshot } from '../live-input';
import type { CommandContext } from '../context';
import { EXIT_FAILED } from '../exit-codes';

interface Change {
  kind: string;
  namespace?: string;
  name: string;
  change: 'added' | 'removed' | 'modified';
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

export function registerDiff(program: Command, { io, setExit }: CommandContext): void {
  program
    .command('diff')
    .description('show what changes between two commits (REF1 REF2), or between git and a live snapshot (--live)')
    .argument('[refs...]', 'two refs: the old and the new commit')
    .option('--repo <dir>', 'the cluster repo', '.')
    .option('--live <snapshot.json>', 'compare the desired state at --ref with this live snapshot')
    .option('--ref <ref>', 'with --live: the desired commit', 'HEAD')
    .option('--now <time>', 'the time CronJobs are evaluated at (ISO 8601; default: now)')
    .option('-o, --output <format>', 'json or yaml for machines')
    .action(async (refs: string[], opts: { repo: string; live?: string; ref: string; now?: string; output?: string }) => {
      const format = parseOutputFormat(opts.output);
      let changes: Change[];
      let title: { from: string; to: string };
      if (opts.live !== undefined) {
        if (refs.length) throw new UsageError('give either two refs or --live SNAPSHOT, not both');
        const live = readLiveSnapshot(opts.live);
        const desired = await loadRepo(opts.repo, opts.ref);
        if (desired.errors.length || !desired.state) {
          printErrors(io, desired.errors);
          io.err(`${desired.describe} is invalid; fix it before comparing with live state`);
          return setExit(EXIT_FAILED);
        }
        const pass = planPass(desired.state, live, parseNow(opts.now));
        const livePods = live.hosts.flatMap((h) => h.pods) as unknown as KubeObject[];
        const desiredPods = pass.pods as unknown as KubeObject[];
        const withObjects = live.objects !== undefined;
        changes = diffObjects(
          withObjects ? [...pass.expansion.objects.filter((o) => o.kind !== 'Pod'), ...desiredPods] : desiredPods,
          withObjects ? [...live.objects!, ...livePods] : livePods,
        );
        title = { from: `live (${opts.live})`, to: desired.describe };
      } else {
        if (refs.length !== 2) throw new UsageError('berth diff needs two refs (e.g. `berth diff HEAD~1 HEAD`) or --live SNAPSHOT.json');
        const [a, b] = await Promise.all(refs.map((r) => loadRepo(opts.repo, r)));
        for (const side of [a, b]) {
          if (side.errors.length || !side.state) {
            printErrors(io, side.errors);
            io.err(`${side.describe} is invalid; berth diff compares valid commits only`);
            return setExit(EXIT_FAILED);
          }
        }
        const all = (s: NonNullable<typeof a.state>) => [s.cluster.object as unknown as KubeObject, s.inventory.object as unknown as KubeObject, ...s.objects.map((l) => l.object)];
        changes = diffObjects(all(b.state!), all(a.state!));
        title = { from: a.describe, to: b.describe };
      }

      if (format !== 'human') {
        printData(io, format, {
          from: title.from,
          to: title.to,
          changes: changes.map(({ before, after, ...c }) => ({ ...c, ...(before ? { before } : {}), ...(after ? { after } : {}) })),
        });
      } else if (changes.length === 0) {
        io.out(`No differences between ${title.from} and ${title.to}.`);
      } else {
        const c = colors(io);
        for (const ch of changes) io.out(renderObjectDiff(ch.before as KubeObject | undefined, ch.after as KubeObject | undefined, { color: io.color, labels: [title.from, title.to] }));
        const count = (k: Change['change']) => changes.filter((x) => x.change === k).length;
        io.out(
          `${c.bold(changes.length === 1 ? '1 object differs' : `${changes.length} objects differ`)} between ${title.from} and ${title.to}: ` +
            `${count('added')} added, ${count('modified')} modified, ${count('removed')} removed.`,
        );
      }
      if (changes.length) setExit(EXIT_FAILED);
    });
}

/** Pairs desired with live by kind/namespace/name and keeps those that differ; pods compare by spec hash. */
function diffObjects(desired: KubeObject[], live: KubeObject[]): Change[] {
  const out: Change[] = [];
  for (const pair of pairObjects(desired, live)) {
    const { desired: d, live: l } = pair;
    const ref = (d ?? l)!;
    const id = { kind: ref.kind, ...(ref.metadata.namespace ? { namespace: ref.metadata.namespace } : {}), name: ref.metadata.name };
    if (d && !l) out.push({ ...id, change: 'added', after: comparableObject(d) });
    else if (l && !d) out.push({ ...id, change: 'removed', before: comparableObject(l) });
    else if (d && l) {
      if (d.kind === 'Pod' && specHash(d) && specHash(d) === specHash(l)) continue;
      const before = comparableObject(l);
      const after = comparableObject(d);
      if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ ...id, change: 'modified', before, after });
    }
  }
  return out;
}

function specHash(o: KubeObject): string | undefined {
  return (o as unknown as Pod).metadata?.annotations?.[ANNOTATION_SPEC_HASH];
}
