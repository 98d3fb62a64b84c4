/** The candidate closest to a misspelt word, if one is close enough to be what was meant ("replica" → "replicas"). */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (c.toLowerCase() === lower) return c;
    const d = distance(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const allowed = word.length <= 3 ? 1 : word.length <= 8 ? 2 : 3;
  if (bestDistance <= allowed) return best;
  // A word with a part left out ("imagePolicy" for "imagePullPolicy").
  if (word.length >= 5) return candidates.find((c) => c.length - word.length <= 8 && isSubsequence(lower, c.toLowerCase()));
  return undefined;
}

function isSubsequence(word: string, of: string): boolean {
  let i = 0;
  for (let j = 0; j < of.length && i < word.length; j++) if (of[j] === word[i]) i++;
  return i === word.length;
}

/** Optimal string alignment distance: edits, with a swap of two neighbours counted as one ("conatiners"). */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Infinity;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
