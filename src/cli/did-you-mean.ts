/** Edit distance between two words: insertions, deletions, substitutions and swaps of neighbours each cost 1. */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}

/**
 * The known word a mistyped one most likely meant: the nearest by edit distance when that is at
 * most a third of the word's length (at least 1, at most 3), else the only word it abbreviates;
 * null when nothing is near.
 */
export function closest(word: string, known: readonly string[]): string | null {
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  if (best !== null && bestDistance <= limit) return best;
  const extended = word.length >= 2 ? known.filter((candidate) => candidate.startsWith(word)) : [];
  return extended.length === 1 ? extended[0] : null;
}

/** ` — did you mean X?` (X as `show` writes it) when a known word is near, else nothing. */
export function didYouMean(word: string, known: readonly string[], show: (match: string) => string = (m) => `"${m}"`): string {
  const match = closest(word, known);
  return match === null ? "" : ` — did you mean ${show(match)}?`;
}
