// The statistics of a sweep: mean, sample standard deviation, Student's t confidence intervals and
// Welch's two-sample t-test, plus the one rounding every sweep output (runs.csv, summary.json,
// compare) applies to its numbers. Values are finite numbers (callers drop nulls first). Pure
// functions over arrays; depends only on jstat.
import jStat from 'jstat';

/** significant digits every sweep output keeps (runs.csv, summary.json, compare.json) */
export const OUTPUT_DIGITS = 12;

/**
 * A number as the sweep's outputs write it: rounded to OUTPUT_DIGITS significant digits, -0 as 0.
 * Idempotent (rounding a rounded value changes nothing), so a value read back from runs.csv
 * summarises to the same bytes as the value it was written from. Non-finite values pass through.
 */
export function roundOutput(x: number): number {
  if (!Number.isFinite(x)) return x;
  // integers of at most 12 digits are already exact (counts: the common case, and a fast one)
  if (Number.isInteger(x) && Math.abs(x) < 1e12) return x === 0 ? 0 : x;
  const r = Number(x.toPrecision(OUTPUT_DIGITS));
  return r === 0 ? 0 : r;
}

/** the largest |x|, for the rescaled fallbacks when a sum would overflow */
const maxAbs = (values: readonly number[]) => values.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

const allEqual = (values: readonly number[]) => values.every((x) => x === values[0]);

/** The arithmetic mean (NaN for no values). Exact for equal values; a sum beyond the double range is rescaled first. */
export function mean(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return NaN;
  if (allEqual(values)) return values[0];
  let sum = 0;
  for (const x of values) sum += x;
  if (Number.isFinite(sum)) return sum / n;
  const scale = maxAbs(values);
  let scaled = 0;
  for (const x of values) scaled += x / scale;
  return (scaled / n) * scale;
}

/** the range of magnitudes whose squared deviations neither overflow nor lose precision to underflow */
const SQUARE_SAFE_LOW = 1e-150;
const SQUARE_SAFE_HIGH = 1e150;

/** The sample standard deviation (divisor n − 1; NaN for fewer than 2 values). Exactly 0 for equal values. */
export function sampleSd(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return NaN;
  if (allEqual(values)) return 0;
  const m = mean(values);
  const scale = maxAbs(values);
  if (scale >= SQUARE_SAFE_LOW && scale <= SQUARE_SAFE_HIGH) {
    let squares = 0;
    for (const x of values) squares += (x - m) ** 2;
    return Math.sqrt(squares / (n - 1));
  }
  // squares of values beyond 1e150 can overflow, of values below 1e-150 underflow: the same two passes on values scaled into [-1, 1]
  const ms = m / scale;
  let scaled = 0;
  for (const x of values) scaled += (x / scale - ms) ** 2;
  return Math.sqrt(scaled / (n - 1)) * scale;
}

/** above this many degrees of freedom Student's t is the normal distribution to 3e-7 (and jstat's t quantile loses accuracy) */
const NORMAL_DOF = 1e7;

/** The p-quantile of Student's t with `df` > 0 degrees of freedom (the normal's for df ≥ 1e7). */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`tQuantile: p must be in (0, 1), found ${p}`);
  if (!(df > 0)) throw new RangeError(`tQuantile: df must be > 0, found ${df}`);
  if (p === 0.5) return 0;
  return df >= NORMAL_DOF ? jStat.normal.inv(p, 0, 1) : jStat.studentt.inv(p, df);
}

/** The two-sided p-value of a t statistic with `df` degrees of freedom: P(|T| ≥ |t|), in [0, 1]. */
export function twoSidedP(t: number, df: number): number {
  if (t === 0) return 1;
  // jstat's distribution function squares t: beyond 1e154 that overflows, and the tail is 0 anyway
  if (!Number.isFinite(t * t)) return 0;
  // P(|T| ≥ |t|) = I_x(df/2, 1/2) with x = df/(df + t²); near t = 0 (x near 1) the complement
  // 1 − I_{1−x}(1/2, df/2), with 1 − x = t²/(df + t²) computed directly, keeps the full accuracy
  // (jstat's t distribution function is off by up to 1e-7 there, and not monotone)
  const t2 = t * t;
  const x = df / (df + t2);
  const p = x < 0.5 ? jStat.ibeta(x, df / 2, 0.5) : 1 - jStat.ibeta(t2 / (df + t2), 0.5, df / 2);
  return Number.isNaN(p) ? 0 : Math.min(1, Math.max(0, p));
}

const checkLevel = (level: number) => {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), found ${level}`);
};

export interface ConfidenceInterval {
  n: number;
  /** null for no values */
  mean: number | null;
  /** sample standard deviation; null for fewer than 2 values */
  sd: number | null;
  /** t(1 − (1 − level)/2, n − 1) · sd / √n; null for fewer than 2 values */
  halfWidth: number | null;
  low: number | null;
  high: number | null;
}

/** The mean and its Student's t confidence interval (two-sided, at `level`). */
export function confidenceInterval(values: readonly number[], level = 0.95): ConfidenceInterval {
  checkLevel(level);
  const n = values.length;
  if (n === 0) return { n, mean: null, sd: null, halfWidth: null, low: null, high: null };
  const m = mean(values);
  if (n < 2) return { n, mean: m, sd: null, halfWidth: null, low: null, high: null };
  const sd = sampleSd(values);
  const halfWidth = sd === 0 ? 0 : tQuantile(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean: m, sd, halfWidth, low: m - halfWidth, high: m + halfWidth };
}

export interface WelchResult {
  /** mean(b) − mean(a) */
  difference: number;
  /** the standard error of the difference: √(sa²/na + sb²/nb) */
  sdError: number;
  /** Welch–Satterthwaite degrees of freedom; null when both samples have zero variance (it is 0/0) */
  df: number | null;
  /** difference / sdError; null when sdError is 0 and the means differ (it is infinite) */
  t: number | null;
  /** two-sided p-value */
  p: number;
  /** the confidence interval of the difference */
  low: number;
  high: number;
  /** p < 1 − level */
  significant: boolean;
}

/**
 * Welch's two-sample t-test of mean(b) − mean(a) (unequal variances). Null when either sample has
 * fewer than 2 values. Both variances 0: equal means give p = 1 (not significant), different means
 * p = 0 (significant), the interval [d, d] either way.
 */
export function welchTest(a: readonly number[], b: readonly number[], level = 0.95): WelchResult | null {
  checkLevel(level);
  const [na, nb] = [a.length, b.length];
  if (na < 2 || nb < 2) return null;
  const difference = mean(b) - mean(a);
  // each mean's standard error, combined with hypot so that huge values do not overflow when squared
  const [ea, eb] = [sampleSd(a) / Math.sqrt(na), sampleSd(b) / Math.sqrt(nb)];
  const sdError = Math.hypot(ea, eb);
  if (sdError === 0) {
    const p = difference === 0 ? 1 : 0;
    return { difference, sdError, df: null, t: difference === 0 ? 0 : null, p, low: difference, high: difference, significant: p < 1 - level };
  }
  // Welch–Satterthwaite, written with the shares w = ea²/se² so that tiny variances do not underflow
  const w = (ea / sdError) ** 2;
  const df = 1 / (w ** 2 / (na - 1) + (1 - w) ** 2 / (nb - 1));
  const t = difference / sdError;
  const p = twoSidedP(t, df);
  const halfWidth = tQuantile(1 - (1 - level) / 2, df) * sdError;
  return { difference, sdError, df, t, p, low: difference - halfWidth, high: difference + halfWidth, significant: p < 1 - level };
}
