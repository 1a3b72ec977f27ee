// "Did you mean …?" for policy names, expression symbols, parameters and decision names: the
// nearest known name by optimal-string-alignment distance (a swap of two neighbours counts once),
// within max(1, length / 3) edits; a case-only difference always matches. Pure; depends on nothing.

/** Edits between `a` and `b` (insertions, deletions, substitutions, adjacent swaps). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
    }
  }
  return rows[a.length][b.length];
}

const MAX_COMPARED = 100;

/** The known name nearest to `word`, or undefined when none is close (ties: the first known). */
export function nearestName(word: string, known: Iterable<string>): string | undefined {
  if (word.length === 0 || word.length > MAX_COMPARED) return undefined;
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    if (name === word || name.length > MAX_COMPARED) continue;
    const d = name.toLowerCase() === word.toLowerCase() ? 0 : editDistance(word, name);
    if (d <= limit && d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

/** ` (did you mean "seek"?)`, or '' when no known name is close. */
export function didYouMean(word: string, known: Iterable<string>): string {
  const nearest = nearestName(word, known);
  return nearest === undefined ? '' : ` (did you mean "${nearest}"?)`;
}
