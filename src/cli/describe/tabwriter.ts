// Go's text/tabwriter as `kubectl describe` configures it (minwidth 0, padding 2, spaces): tab-terminated cells of
// consecutive lines form a column block, padded to the block's widest cell; a line's last cell is never padded.

const width = (cell: string) => [...cell].length;

export function tabwrite(text: string, { minWidth = 0, padding = 2 }: { minWidth?: number; padding?: number } = {}): string {
  const lines = text.split('\n').map((line) => line.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i];
      out.push(cells.map((cell, j) => (j < widths.length ? cell + ' '.repeat(Math.max(0, widths[j] - width(cell))) : cell)).join(''));
    }
  };

  // Mirrors tabwriter.format: find each block of lines that have a cell in this column, size it, recurse rightwards.
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i].length - 1) continue;
      writeLines(line0, i);
      line0 = i;
      let w = minWidth;
      for (; i < line1 && column < lines[i].length - 1; i++) w = Math.max(w, width(lines[i][column]) + padding);
      widths.push(w);
      format(line0, i);
      widths.pop();
      line0 = i;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join('\n');
}
