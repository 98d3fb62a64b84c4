import pc from 'picocolors';
import { stringify } from 'yaml';
import { UsageError } from '../errors';
import type { ManifestError } from '../manifest';

export type OutputFormat = 'human' | 'json' | 'yaml';

/** Where a command writes; tests pass their own to capture output without spawning a process. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  color: boolean;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  color: pc.isColorSupported,
};

export function parseOutputFormat(value: string | undefined, allowed: OutputFormat[] = ['human', 'json', 'yaml']): OutputFormat {
  if (value === undefined) return 'human';
  const v = value === 'wide' ? 'human' : value;
  if (!allowed.includes(v as OutputFormat)) {
    throw new UsageError(`unknown output format "${value}"; use one of: ${allowed.filter((f) => f !== 'human').join(', ')}`);
  }
  return v as OutputFormat;
}

/** Prints data for machines: JSON (two-space indent, trailing newline) or YAML. */
export function printData(io: Io, format: 'json' | 'yaml', data: unknown): void {
  io.out(format === 'json' ? `${JSON.stringify(data, null, 2)}\n` : stringify(data, { lineWidth: 0 }));
}

/** Columns aligned like kubectl's: upper-case headers, three spaces between columns. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('   ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

export function colors(io: Io): ReturnType<typeof pc.createColors> {
  return pc.createColors(io.color);
}

/** Manifest errors, one a line, their file:line:col in bold (validate, plan, diff and hosts print them alike). */
export function printErrors(io: Io, errors: ManifestError[]): void {
  const c = colors(io);
  for (const e of errors) {
    const d = e.data;
    const rest = e.message.slice(`${d.file}:${d.line}:${d.col}`.length);
    io.err(`${c.bold(`${d.file}:${d.line}:${d.col}`)}${rest}`);
  }
}
