// Seed lists as users write them: `1..30` (a range, both ends included), `1,5,9` (a list), or a mix
// (`1..5,10,20..22`). Seeds are integers 0 … 2^32 − 1 (the run seed's range), listed at most once,
// in the order written; a sweep has at most MAX_SEEDS of them.
import { inputError } from '../input/input-error.js';

export const MAX_SEED = 2 ** 32 - 1;
export const MAX_SEEDS = 100_000;

const EXPECTED = 'seeds as a range A..B, a list A,B,C or both (e.g. 1..30 or 1,5,9), integers 0…4294967295';

/** Parses a seed list; `file` and `path` name where it was written (a flag or an experiment file's field). */
export function parseSeeds(text: string, file: string, path: string): number[] {
  const fail = (found: string) => inputError(file, path, EXPECTED, found);
  if (text.trim() === '') throw fail('nothing');
  const seeds: number[] = [];
  const seen = new Set<number>();
  for (const part of text.split(',')) {
    const item = part.trim();
    const range = /^(\d+)\s*\.\.\s*(\d+)$/.exec(item);
    const [from, to] = range ? [Number(range[1]), Number(range[2])] : /^\d+$/.test(item) ? [Number(item), Number(item)] : [NaN, NaN];
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) throw fail(JSON.stringify(item === '' ? part : item));
    if (from > MAX_SEED || to > MAX_SEED) throw fail(`${item} (past ${MAX_SEED})`);
    if (to < from) throw fail(`${item} (a range must run upwards: ${to}..${from}?)`);
    if (seeds.length + (to - from + 1) > MAX_SEEDS) throw fail(`more than ${MAX_SEEDS} seeds`);
    for (let seed = from; seed <= to; seed++) {
      if (seen.has(seed)) throw fail(`seed ${seed} twice`);
      seen.add(seed);
      seeds.push(seed);
    }
  }
  return seeds;
}

/** A seed list back in its shortest written form (runs of consecutive seeds as ranges). */
export function formatSeeds(seeds: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < seeds.length; ) {
    let j = i;
    while (j + 1 < seeds.length && seeds[j + 1] === seeds[j] + 1) j++;
    parts.push(j - i >= 2 ? `${seeds[i]}..${seeds[j]}` : seeds.slice(i, j + 1).join(','));
    i = j + 1;
  }
  return parts.join(',');
}
