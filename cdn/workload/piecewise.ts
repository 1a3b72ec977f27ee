// The pieces a rate profile is made of: functions of time read forward, one piece at a time, each
// with its value, an upper bound and its exact integral on the piece (closed forms: constants,
// linear and exponential ramps, a sinusoid). A rate profile (./rate-profile) multiplies and adds
// them; arrivals thin against the bound of the current piece. Must not depend on agents, policies or reports.
import type { DailyProfile, FlashCrowdEvent, SpikeEvent, StepEvent } from '../spec.js';

/** A piecewise function of time read forward: its current piece is [start, end). */
export interface Piecewise {
  start: number;
  end: number;
  /** move to the piece holding t (t ≥ start; never back) */
  seek(t: number): void;
  /** value at t in the current piece */
  value(t: number): number;
  /** an upper bound of the value on [a, b] within the current piece */
  max(a: number, b: number): number;
  /** ∫ value over [a, b] within the current piece */
  integral(a: number, b: number): number;
  /** whether the value is constant on the current piece (no thinning needed) */
  readonly flat: boolean;
  /** last time the function is not 0 after (Infinity: never ends) — for additive events */
  readonly until: number;
}

/** Pieces each of one constant level: its value, bound and integral on the current piece are that level's. */
export abstract class FlatPieces {
  start = 0;
  end = 0;
  readonly flat = true;
  /** the level of the current piece */
  protected current = 0;

  value(): number {
    return this.current;
  }
  max(): number {
    return this.current;
  }
  integral(a: number, b: number): number {
    return this.current * (b - a);
  }
}

/** A piece list given as arrays: piece i is [starts[i], starts[i+1]) with a constant level. */
export class StepFunction extends FlatPieces implements Piecewise {
  readonly until = Infinity;
  private i = 0;

  /** `starts[0]` must be ≤ 0 (or the first piece is taken to start at 0); `levels[i]` on [starts[i], starts[i+1]) */
  constructor(
    private readonly starts: Float64Array,
    private readonly levels: Float64Array,
  ) {
    super();
    this.current = levels[0];
    this.end = starts.length > 1 ? starts[1] : Infinity;
  }

  seek(t: number): void {
    const starts = this.starts;
    while (this.i + 1 < starts.length && t >= starts[this.i + 1]) this.i++;
    this.start = this.i === 0 ? 0 : starts[this.i];
    this.end = this.i + 1 < starts.length ? starts[this.i + 1] : Infinity;
    this.current = this.levels[this.i];
  }
}

/** the product of step events' factors over time (1 outside every step) */
export function stepLevels(steps: readonly StepEvent[]): StepFunction {
  const cuts = new Set<number>([0]);
  for (const s of steps) {
    cuts.add(Math.max(0, s.startS));
    if (s.endS !== null) cuts.add(Math.max(0, s.endS));
  }
  const starts = Float64Array.from([...cuts].sort((a, b) => a - b));
  const levels = starts.map((t) => steps.reduce((f, s) => (t >= s.startS && (s.endS === null || t < s.endS) ? f * s.factor : f), 1));
  return new StepFunction(starts, levels);
}

const DAY_S = 86400;
const HOUR_S = 3600;
/** a sinusoid's pieces: short enough that the bound at one end is close to the value inside */
const SINUSOID_PIECE_S = 900;

/**
 * The daily factor (mean 1 over a day) in local time: t + localStartS is the local time of day.
 * Pieces are local hours (hourly) or quarter hours (sinusoid), aligned to local time.
 */
export class DailyFactor implements Piecewise {
  start = 0;
  end: number;
  readonly until = Infinity;
  readonly flat: boolean;
  private readonly pieceS: number;
  private readonly hourly: Float64Array | null;
  private level = 1;

  constructor(private readonly profile: DailyProfile) {
    this.flat = profile.kind === 'hourly';
    this.pieceS = profile.kind === 'hourly' ? HOUR_S : SINUSOID_PIECE_S;
    if (profile.kind === 'hourly') {
      const mean = profile.factors.reduce((a, b) => a + b, 0) / profile.factors.length;
      this.hourly = Float64Array.from(profile.factors, (f) => (mean > 0 ? f / mean : 0));
    } else this.hourly = null;
    this.end = 0;
    this.seek(0);
  }

  seek(t: number): void {
    if (t < this.end) return;
    const local = t + this.profile.localStartS;
    let k = Math.floor(local / this.pieceS);
    // rounding may put t on the end of the piece its quotient names: the piece is the next one
    while ((k + 1) * this.pieceS - this.profile.localStartS <= t) k++;
    this.start = Math.max(0, k * this.pieceS - this.profile.localStartS);
    this.end = (k + 1) * this.pieceS - this.profile.localStartS;
    if (this.hourly !== null) this.level = this.hourly[((k % 24) + 24) % 24];
  }

  value(t: number): number {
    if (this.hourly !== null) return this.level;
    const p = this.profile as Extract<DailyProfile, { kind: 'sinusoid' }>;
    return 1 + p.amplitude * Math.cos(this.phase(t, p));
  }

  max(a: number, b: number): number {
    if (this.hourly !== null) return this.level;
    const p = this.profile as Extract<DailyProfile, { kind: 'sinusoid' }>;
    // the cosine's largest value on [a, b] (amplitude ≥ 0): 1 if the interval holds a crest, else at one end
    const pa = this.phase(a, p);
    const pb = pa + ((b - a) / DAY_S) * 2 * Math.PI;
    const crest = Math.ceil(pa / (2 * Math.PI)) * 2 * Math.PI;
    return 1 + p.amplitude * (crest <= pb ? 1 : Math.max(Math.cos(pa), Math.cos(pb)));
  }

  integral(a: number, b: number): number {
    if (this.hourly !== null) return this.level * (b - a);
    const p = this.profile as Extract<DailyProfile, { kind: 'sinusoid' }>;
    const w = (2 * Math.PI) / DAY_S;
    return b - a + (p.amplitude / w) * (Math.sin(this.phase(b, p)) - Math.sin(this.phase(a, p)));
  }

  /** 2π (h − peakHour) / 24 at time t, h the local hour */
  private phase(t: number, p: { peakHour: number; localStartS: number }): number {
    return (2 * Math.PI * (t + p.localStartS - p.peakHour * HOUR_S)) / DAY_S;
  }
}

/** a ramp is cut into this many pieces, so the bound at a piece's high end stays close to its values */
const RAMP_PIECES = 16;

/**
 * A flash crowd's extra rate over the base: base · (m(t) − 1), m rising from 1 to S over the ramp-up
 * (linearly, or exponentially m = S^(x/up)), S while sustained, back to 1 over the ramp-down.
 */
export class CrowdExtra implements Piecewise {
  start: number;
  end: number;
  readonly until: number;
  flat = true;
  /** which phase the current piece is in: 0 before, 1 up, 2 sustain, 3 down, 4 after */
  private phase = 0;
  private readonly upEnd: number;
  private readonly sustainEnd: number;
  private readonly lnS: number;

  constructor(
    readonly event: FlashCrowdEvent,
    private readonly baseRate: number,
  ) {
    this.upEnd = event.startS + event.rampUpS;
    this.sustainEnd = this.upEnd + event.sustainS;
    this.until = this.sustainEnd + event.rampDownS;
    this.lnS = Math.log(event.peak);
    this.start = 0;
    this.end = event.startS;
    if (this.end <= 0) this.seek(0);
  }

  private get exponential(): boolean {
    return this.event.ramp === 'exponential' && this.lnS > 1e-9;
  }

  seek(t: number): void {
    if (t < this.end) return;
    const e = this.event;
    if (t >= this.until) {
      this.phase = 4;
      [this.start, this.end, this.flat] = [this.until, Infinity, true];
    } else if (t >= this.sustainEnd) {
      this.phase = 3;
      this.cut(t, this.sustainEnd, e.rampDownS);
    } else if (t >= this.upEnd) {
      this.phase = 2;
      [this.start, this.end, this.flat] = [this.upEnd, this.sustainEnd, true];
    } else if (t >= e.startS) {
      this.phase = 1;
      this.cut(t, e.startS, e.rampUpS);
    } else {
      this.phase = 0;
      [this.start, this.end, this.flat] = [0, e.startS, true];
    }
  }

  /** the current piece is one of the ramp's RAMP_PIECES pieces of [from, from + length) */
  private cut(t: number, from: number, length: number): void {
    const piece = length / RAMP_PIECES;
    let k = Math.min(RAMP_PIECES - 1, Math.floor((t - from) / piece));
    const endOf = (i: number) => (i === RAMP_PIECES - 1 ? from + length : from + (i + 1) * piece);
    // rounding may put t on the end of the piece its quotient names: the piece is the next one
    while (k < RAMP_PIECES - 1 && endOf(k) <= t) k++;
    this.start = from + k * piece;
    this.end = endOf(k);
    this.flat = false;
  }

  /** m(t) − 1 in [0, S − 1] */
  private excess(t: number): number {
    const e = this.event;
    switch (this.phase) {
      case 1: {
        const x = (t - e.startS) / e.rampUpS;
        return this.exponential ? Math.exp(this.lnS * x) - 1 : (e.peak - 1) * x;
      }
      case 2:
        return e.peak - 1;
      case 3: {
        const y = 1 - (t - this.sustainEnd) / e.rampDownS;
        return this.exponential ? Math.exp(this.lnS * y) - 1 : (e.peak - 1) * y;
      }
      default:
        return 0;
    }
  }

  value(t: number): number {
    return this.baseRate * Math.max(0, this.excess(t));
  }

  /** the crowd's level in [0, 1]: (m(t) − 1) / (S − 1) */
  level(t: number): number {
    return this.event.peak > 1 ? Math.min(1, Math.max(0, this.excess(t) / (this.event.peak - 1))) : this.phase === 2 ? 1 : 0;
  }

  max(a: number, b: number): number {
    // monotone on each piece: the larger end
    return Math.max(this.value(a), this.value(Math.min(b, this.end)));
  }

  integral(a: number, b: number): number {
    const e = this.event;
    if (this.phase === 0 || this.phase === 4) return 0;
    if (this.phase === 2) return this.baseRate * (e.peak - 1) * (b - a);
    const up = this.phase === 1;
    const length = up ? e.rampUpS : e.rampDownS;
    // position in the ramp as a fraction of it, rising (up) or falling (down)
    const at = (t: number) => (up ? (t - e.startS) / length : 1 - (t - this.sustainEnd) / length);
    const [xa, xb] = [at(a), at(b)];
    if (this.exponential) {
      // ∫ (S^x − 1) dt with dx = ±dt/length
      const antiderivative = (x: number) => (Math.exp(this.lnS * x) * length) / this.lnS;
      const area = up ? antiderivative(xb) - antiderivative(xa) : antiderivative(xa) - antiderivative(xb);
      return this.baseRate * (area - (b - a));
    }
    return this.baseRate * (e.peak - 1) * ((xa + xb) / 2) * (b - a);
  }
}

/** a spike's extra rate: requests ÷ forS on [startS, startS + forS) */
export class SpikeExtra extends FlatPieces implements Piecewise {
  readonly until: number;
  private readonly rate: number;

  constructor(readonly event: SpikeEvent) {
    super();
    this.until = event.startS + event.forS;
    this.rate = event.requests / event.forS;
    this.end = event.startS;
    if (this.end <= 0) this.seek(0);
  }

  seek(t: number): void {
    if (t < this.end) return;
    if (t >= this.until) [this.start, this.end, this.current] = [this.until, Infinity, 0];
    else [this.start, this.end, this.current] = [this.event.startS, this.until, this.rate];
  }
  /** the spike's level in [0, 1]: 1 while it lasts */
  level(): number {
    return this.current > 0 ? 1 : 0;
  }
}
