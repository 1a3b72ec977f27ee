// The base levels of a rate profile that are not a constant: a Markov-modulated Poisson process's
// state path (drawn as it is read, from the workload's own stream) and a count series replayed as a
// piecewise-constant rate, streamed line by line (never the whole series in memory). Both are read
// forward only, like every piece of ./piecewise. Must not depend on agents, policies or reports.
import type { MmppState } from '../spec.js';
import type { RandomStream } from '../../core/random.js';
import { FlatPieces, type Piecewise } from './piecewise.js';
import type { LineSource } from './formats/line-source.js';
import { isSeriesHeader, parseSeriesLine, type SeriesRecord } from './formats/series.js';

/** the fraction of time an MMPP spends in each state: ∝ its mean holding time (the next state is any other, uniformly) */
export function mmppStationaryShares(states: readonly MmppState[]): number[] {
  const total = states.reduce((sum, s) => sum + s.meanHoldingS, 0);
  return states.map((s) => s.meanHoldingS / total);
}

/** the MMPP's long-run mean rate */
export function mmppMeanRate(states: readonly MmppState[]): number {
  const shares = mmppStationaryShares(states);
  return states.reduce((sum, s, i) => sum + s.ratePerS * shares[i], 0);
}

/**
 * The rate of a Markov-modulated Poisson process: a state holds for an exponential time with its
 * mean, then the process moves to another state chosen uniformly (with two states: the other one).
 * The first state is `initial`, or (initial < 0) drawn from the stationary shares.
 */
export class MmppLevel extends FlatPieces implements Piecewise {
  readonly until = Infinity;
  /** the state of the current piece */
  state: number;

  constructor(
    private readonly states: readonly MmppState[],
    initial: number,
    private readonly rng: RandomStream,
  ) {
    super();
    this.state = initial >= 0 ? initial : this.stationaryDraw();
    this.current = states[this.state].ratePerS;
    this.end = this.holding(this.state);
  }

  private stationaryDraw(): number {
    const shares = mmppStationaryShares(this.states);
    let u = this.rng.next();
    for (let i = 0; i < shares.length - 1; i++) {
      if (u < shares[i]) return i;
      u -= shares[i];
    }
    return shares.length - 1;
  }

  private holding(state: number): number {
    return -Math.log(1 - this.rng.next()) * this.states[state].meanHoldingS;
  }

  seek(t: number): void {
    while (t >= this.end) {
      this.start = this.end;
      if (this.states.length > 1) {
        const other = Math.floor(this.rng.next() * (this.states.length - 1));
        this.state = other >= this.state ? other + 1 : other;
      }
      this.current = this.states[this.state].ratePerS;
      this.end = this.start + this.holding(this.state);
    }
  }
}

/** how a count series is replayed (all in the series' own seconds, since its first period, except speedup and scale) */
export interface SeriesReplay {
  periodS: number;
  fromS: number;
  toS: number | null;
  speedup: number;
  scale: number;
}

/**
 * A count series as a rate: a row (stamp, count) covers [stamp, stamp + period) of the series' time
 * and becomes the rate count · scale · speedup ÷ period over ((stamp − fromS) ÷ speedup, …) of the
 * run; minutes the series lacks are 0; rows before `fromS` or from `toS` on are left out, a row cut
 * by either counts for the part inside. Rows of the same stamp add up. Malformed lines and a header
 * are skipped (the scenario loader counted and reported them).
 */
export class SeriesLevel extends FlatPieces implements Piecewise {
  readonly until = Infinity;
  /** the line just parsed, and the row read ahead of the merged one (valid while `peeked`) */
  private readonly line: SeriesRecord = { timeS: 0, count: 0 };
  private peeked = false;
  private peekTimeS = 0;
  private peekCount = 0;
  /** the next row inside the slice, as a run interval and rate; valid while `pending` */
  private pending = false;
  private rowStart = 0;
  private rowEnd = 0;
  private rowRate = 0;
  private originS = NaN;
  private readonly lastS: number;

  constructor(
    private readonly lines: LineSource,
    private readonly replay: SeriesReplay,
  ) {
    super();
    this.lastS = replay.toS === null ? Infinity : (replay.toS - replay.fromS) / replay.speedup;
    this.readRow();
    this.nextPiece();
  }

  /** the next well-formed data line into `line`; false at the end of the file */
  private readLine(): boolean {
    for (;;) {
      const text = this.lines.next();
      if (text === null) return false;
      if (parseSeriesLine(text, this.line)) return true;
      // a header or a malformed line (counted by the loader): skipped
      if (this.lines.lineNumber === 1 && isSeriesHeader(text)) continue;
    }
  }

  /** the next row with its stamp's counts added up, into peek… fields' successor; false at the end */
  private readMerged(): { timeS: number; count: number } | null {
    if (!this.peeked) {
      if (!this.readLine()) return null;
      [this.peekTimeS, this.peekCount, this.peeked] = [this.line.timeS, this.line.count, true];
    }
    const timeS = this.peekTimeS;
    let count = this.peekCount;
    this.peeked = false;
    while (this.readLine()) {
      if (this.line.timeS !== timeS) {
        [this.peekTimeS, this.peekCount, this.peeked] = [this.line.timeS, this.line.count, true];
        break;
      }
      count += this.line.count;
    }
    this.merged.timeS = timeS;
    this.merged.count = count;
    return this.merged;
  }
  private readonly merged = { timeS: 0, count: 0 };

  /** the next row inside the slice into the pending fields (none at the end of the slice or file) */
  private readRow(): void {
    this.pending = false;
    const { periodS, fromS, speedup, scale } = this.replay;
    for (let row = this.readMerged(); row !== null; row = this.readMerged()) {
      if (Number.isNaN(this.originS)) this.originS = row.timeS;
      const seriesS = row.timeS - this.originS;
      if (seriesS + periodS <= fromS) continue;
      const start = Math.max(0, (seriesS - fromS) / speedup);
      if (start >= this.lastS) break;
      this.pending = true;
      this.rowStart = start;
      this.rowEnd = Math.min(this.lastS, (seriesS + periodS - fromS) / speedup);
      this.rowRate = (row.count * scale * speedup) / periodS;
      return;
    }
    this.lines.close();
  }

  /** make [start, end) the piece after the current one */
  private nextPiece(): void {
    const from = this.end;
    if (!this.pending) {
      [this.start, this.end, this.current] = [from, Infinity, 0];
      return;
    }
    if (this.rowStart > from) {
      [this.start, this.end, this.current] = [from, this.rowStart, 0];
      return;
    }
    [this.start, this.end, this.current] = [from, Math.max(from, this.rowEnd), this.rowRate];
    this.readRow();
    // a row that overlaps the one before it (stamps closer than the period) starts where that one ends
    if (this.pending && this.rowStart < this.end) this.rowStart = this.end;
    if (this.pending && this.rowEnd < this.rowStart) this.rowEnd = this.rowStart;
  }

  seek(t: number): void {
    while (t >= this.end) this.nextPiece();
  }
}
