// Streaming latency histogram with bounded relative error: an HDR-style log-linear bucket layout in one
// fixed typed array, O(1) allocation-free recording, percentiles by a cumulative scan.
// Knows nothing of CDNs; depends on nothing.

/** Sub-buckets per power of two (2^11): bucket width ≤ 1/2048 of its lower edge. */
const SUB_BITS = 11;
const SUB_COUNT = 1 << SUB_BITS;
/** Largest storable value in microseconds; larger ones land in the top bucket. */
const MAX_MICROS = 0xffffffff;
/** Values 0..4095 µs get unit buckets; then 20 octaves [2^e, 2^(e+1)), e = 12..31, of 2048 buckets each. */
const BUCKETS = (32 - SUB_BITS + 1) * SUB_COUNT; // 45 056

/**
 * Bucket index of an integer number of microseconds in [0, 2^32 − 1]. Branch-free (the shift is
 * clamped at 0 by a mask, values below 4096 µs then being their own index): latencies fall on both
 * sides of 4.096 ms at random, and a mispredicted branch per record cost more than the rest of it.
 */
function bucketOf(micros: number): number {
  const excess = 20 - Math.clz32(micros); // = floor(log2 v) − 11, negative below 2^11
  const shift = excess & ~(excess >> 31); // max(0, excess)
  return (shift << SUB_BITS) + (micros >>> shift);
}

/** Representative value of a bucket in µs: the midpoint of the integers it holds. */
function midpointOf(index: number): number {
  const shift = (index >> SUB_BITS) - 1;
  if (shift <= 0) return index;
  const lower = (index - (shift << SUB_BITS)) * 2 ** shift;
  return lower + (2 ** shift - 1) / 2;
}

/**
 * Latency percentiles in milliseconds. Values are stored as whole microseconds, so the resolution is
 * 1 µs: a percentile is within 0.5 µs (rounding to µs) plus 1/4096 ≈ 0.025 % of the value (half a
 * bucket; buckets are exact below 4.096 ms) of the true one, so ≤ 0.1 % relative for values ≥ 0.7 ms.
 * count, sum (so the mean), min and max are exact. Memory is fixed: 45 056 Float64 counters.
 */
export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  private total = 0;
  private sum = 0;
  private lowest = Infinity;
  private highest = -Infinity;
  /** lowest and highest bucket in use, to bound scans and resets */
  private firstBucket = BUCKETS;
  private lastBucket = -1;

  /** Number of values recorded. */
  get count(): number {
    return this.total;
  }

  /**
   * Record one latency in ms. Negative values and NaN count as 0; values beyond 2^32 − 1 µs (≈ 71.6
   * minutes) land in the top bucket but still count exactly toward the sum and max.
   */
  record(ms: number): void {
    const value = ms > 0 ? ms : 0;
    const us = value * 1000;
    const micros = us < MAX_MICROS ? (us + 0.5) >>> 0 : MAX_MICROS;
    const index = bucketOf(micros);
    this.counts[index]++;
    if (index < this.firstBucket) this.firstBucket = index;
    if (index > this.lastBucket) this.lastBucket = index;
    this.total++;
    this.sum += value;
    if (value < this.lowest) this.lowest = value;
    if (value > this.highest) this.highest = value;
  }

  /**
   * Record a latency of exactly 0 (what `record(0)` does, without its arithmetic): for callers that
   * branch on zero anyway, such as waits, of which about half are 0 at random.
   */
  recordZero(): void {
    this.counts[0]++;
    this.firstBucket = 0;
    if (this.lastBucket < 0) this.lastBucket = 0;
    this.total++;
    // sum += 0 leaves it as it is (it is never −0: it starts at +0 and adds values ≥ +0)
    if (0 < this.lowest) this.lowest = 0;
    if (0 > this.highest) this.highest = 0;
  }

  /** Exact arithmetic mean of the recorded values (ms); 0 when empty. */
  mean(): number {
    return this.total === 0 ? 0 : this.sum / this.total;
  }

  /** Exact largest recorded value (ms); 0 when empty. */
  max(): number {
    return this.total === 0 ? 0 : this.highest;
  }

  /** Exact smallest recorded value (ms); 0 when empty. */
  min(): number {
    return this.total === 0 ? 0 : this.lowest;
  }

  /**
   * The p-th percentile (p in [0, 100]) in ms: the representative value (midpoint, clamped to the
   * exact [min, max]) of the first bucket at which the cumulative count reaches ceil(p/100 · count),
   * at least 1. The 1st value (p = 0) is min and the last (p = 100) is max, exactly; one in the top
   * (overflow) bucket is reported as max. 0 when empty.
   */
  percentile(p: number): number {
    if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be in [0, 100] (got ${p})`);
    if (this.total === 0) return 0;
    const target = rankAt(p, this.total);
    if (target === 1) return this.lowest; // the 1st and the last value are known exactly
    if (target === this.total) return this.highest;
    const counts = this.counts;
    let cumulative = 0;
    let index = this.firstBucket;
    for (; index < this.lastBucket; index++) {
      cumulative += counts[index];
      if (cumulative >= target) break;
    }
    if (index === BUCKETS - 1) return this.highest; // the overflow bucket has no midpoint
    const ms = midpointOf(index) / 1000;
    return ms < this.lowest ? this.lowest : ms > this.highest ? this.highest : ms;
  }

  /** Forget everything recorded (clears only the buckets in use). */
  reset(): void {
    if (this.lastBucket >= 0) this.counts.fill(0, this.firstBucket, this.lastBucket + 1);
    this.total = 0;
    this.sum = 0;
    this.lowest = Infinity;
    this.highest = -Infinity;
    this.firstBucket = BUCKETS;
    this.lastBucket = -1;
  }

  /** Add everything `other` recorded, as if its values had been recorded here too. */
  addFrom(other: LatencyHistogram): void {
    if (other.total === 0) return;
    const from = other.counts;
    for (let i = other.firstBucket; i <= other.lastBucket; i++) this.counts[i] += from[i];
    if (other.firstBucket < this.firstBucket) this.firstBucket = other.firstBucket;
    if (other.lastBucket > this.lastBucket) this.lastBucket = other.lastBucket;
    this.total += other.total;
    this.sum += other.sum;
    if (other.lowest < this.lowest) this.lowest = other.lowest;
    if (other.highest > this.highest) this.highest = other.highest;
  }
}

/**
 * ceil(p/100 · count), at least 1, guarding against the product landing one ulp above an integer
 * (as HdrHistogram does), so e.g. the 99.9th percentile of 100 000 values is the 99 900th.
 */
export function rankAt(p: number, count: number): number {
  const exact = (p / 100) * count;
  const rank = Math.ceil(exact - exact * Number.EPSILON);
  return rank < 1 ? 1 : rank > count ? count : rank;
}
