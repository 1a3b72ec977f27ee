// "Did you mean …?" for a misspelt name: the known name nearest by Damerau-Levenshtein distance
// (optimal string alignment: insertions, deletions, substitutions and swaps of two neighbours),
// when it is near enough to be a likely typo. Pure functions; depends on nothing.

/** Longest name compared: beyond it a typo is unlikely and the quadratic cost is not worth it. */
const MAX_LENGTH = 200;

/** Edit distance with adjacent transpositions (optimal string alignment); case-sensitive. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2] + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1];
}

/**
 * The known name nearest to `name` (ignoring case), if its distance is at most max(2, ⌊length / 3⌋)
 * and below the name's own length (so "x" does not suggest "y"); ties go to the earlier known name.
 */
export function didYouMean(name: string, known: Iterable<string>): string | undefined {
  if (name.length === 0 || name.length > MAX_LENGTH) return undefined;
  const lower = name.toLowerCase();
  const limit = Math.min(Math.max(2, Math.floor(name.length / 3)), name.length - 1);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    if (candidate === name || Math.abs(candidate.length - name.length) > limit || candidate.length > MAX_LENGTH) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= limit && distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/** ` (did you mean "servers"?)`, or '' when no known name is near. */
export function didYouMeanSuffix(name: string, known: Iterable<string>): string {
  const suggestion = didYouMean(name, known);
  return suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
}
