// Workload: per (region, primary CDN) a Poisson arrival process, homogeneous or modulated by
// flash-crowd events (non-homogeneous Poisson by thinning), and the object each request asks for
// (Zipf over the catalog; a surge's extra requests go to its hot objects).
// Must not depend on agents, policies or reports.
import type { FlashCrowdEvent, WorkloadSpec } from '../spec.js';
import type { StreamFactory, RandomStream } from '../../core/random.js';
import type { ZipfSampler } from '../../core/distributions.js';
import type { Catalog } from '../content/catalog.js';
import type { ArrivalSource } from './source.js';

/** 0 before the event, rising linearly over rampUp, 1 while sustained, falling over rampDown, 0 after */
export function surgeLevel(event: FlashCrowdEvent, t: number): number {
  const x = t - event.startS;
  if (x < 0) return 0;
  if (x < event.rampUpS) return x / event.rampUpS;
  const y = x - event.rampUpS;
  if (y < event.sustainS) return 1;
  const z = y - event.sustainS;
  if (z < event.rampDownS) return 1 - z / event.rampDownS;
  return 0;
}

/** Poisson arrivals at a base rate shaped by flash-crowd events (the rate profile of a workload) */
export class PoissonCrowdSource implements ArrivalSource {
  private readonly events: FlashCrowdEvent[];
  private readonly arrivalRng: RandomStream;
  private readonly popularity: ZipfSampler;
  private readonly objectRng: RandomStream;
  private readonly hotSets: Int32Array[];
  /** piecewise-constant majorant of the rate: on [segmentStart[i], segmentStart[i+1]) it is segmentBound[i] */
  private readonly segmentStart: Float64Array;
  private readonly segmentBound: Float64Array;
  private segment = 0;
  /** the rate at the last accepted arrival, and each event's extra share of it (pickObject reuses both) */
  private lastRate: number;
  private readonly eventShares: Float64Array;
  /** time of the last accepted arrival; after `advance`, of the next one (Infinity past the horizon) */
  nextS = 0;
  /** arrivals generated so far (the demand of this region's users, wherever they are served) */
  arrivals = 0;

  /** `streamName` keys its random streams (see workloadStreamNames): arrivals, popularity, hot, hot-set */
  constructor(
    readonly index: number,
    streamName: string,
    readonly spec: WorkloadSpec,
    readonly region: number,
    readonly cdn: number,
    catalog: Catalog,
    streams: StreamFactory,
  ) {
    const catalogObjects = catalog.objects;
    const name = streamName;
    this.events = spec.events;
    this.arrivalRng = streams.stream(`${name}/arrivals`);
    this.popularity = catalog.popularity(streams.stream(`${name}/popularity`));
    this.objectRng = streams.stream(`${name}/hot`);
    const hotPicker = streams.stream(`${name}/hot-set`);
    this.hotSets = this.events.map((e) => pickDistinct(hotPicker, catalogObjects, e.hotObjects));
    [this.segmentStart, this.segmentBound] = majorant(spec.base.ratePerS, this.events);
    this.lastRate = spec.base.ratePerS;
    this.eventShares = new Float64Array(this.events.length);
  }

  /** the objects a crowd event's extra requests go to */
  hotSet(eventIndex: number): number[] {
    return [...this.hotSets[eventIndex]];
  }

  /** the arrival rate (requests/s) at time t */
  rateAt(t: number): number {
    let multiplier = 1;
    for (let i = 0; i < this.events.length; i++) {
      const share = (this.events[i].peak - 1) * surgeLevel(this.events[i], t);
      this.eventShares[i] = share;
      multiplier += share;
    }
    return this.spec.base.ratePerS * multiplier;
  }

  /**
   * Move `nextS` to the next arrival (Infinity past the horizon); false when it is past the horizon.
   * Time and result live in a field, not in arguments or a return value, so nothing is boxed.
   * Thinning (Lewis & Shedler) under a
   * piecewise-constant majorant, so quiet periods cost one draw per arrival. A candidate that
   * crosses a segment boundary restarts there, which the memoryless exponential makes exact.
   */
  advance(horizon: number): boolean {
    this.nextS = this.nextArrival(this.nextS, horizon);
    return this.nextS <= horizon;
  }

  private nextArrival(t: number, horizon: number): number {
    if (this.events.length === 0) {
      // homogeneous Poisson: the same draw as the general path below, without its bookkeeping
      const candidate = t - Math.log(1 - this.arrivalRng.next()) / this.spec.base.ratePerS;
      return candidate > horizon ? Infinity : candidate;
    }
    const starts = this.segmentStart;
    for (;;) {
      while (this.segment + 1 < starts.length && t >= starts[this.segment + 1]) this.segment++;
      const bound = this.segmentBound[this.segment];
      const candidate = t - Math.log(1 - this.arrivalRng.next()) / bound;
      if (candidate > horizon) return Infinity;
      const end = this.segment + 1 < starts.length ? starts[this.segment + 1] : Infinity;
      if (candidate >= end) {
        t = end;
        continue;
      }
      if (this.events.length === 0) return candidate;
      const rate = this.rateAt(candidate);
      if (this.arrivalRng.next() * bound < rate) {
        this.lastRate = rate;
        return candidate;
      }
      t = candidate;
    }
  }

  /** the object the request arriving at `nextS` asks for (call before advancing) */
  pickObject(): number {
    this.arrivals++;
    if (this.lastRate > this.spec.base.ratePerS) {
      let extra = this.objectRng.next() * (this.lastRate / this.spec.base.ratePerS) - 1;
      for (let i = 0; extra >= 0 && i < this.events.length; i++) {
        const share = this.eventShares[i];
        if (extra < share && this.hotSets[i].length > 0) {
          const hot = this.hotSets[i];
          return hot[Math.min(hot.length - 1, Math.floor((extra / share) * hot.length))];
        }
        extra -= share;
      }
    }
    return this.popularity.sample() - 1;
  }
}

/** segment boundaries at every event's start and end; each segment's bound assumes its events at peak */
function majorant(base: number, events: FlashCrowdEvent[]): [Float64Array, Float64Array] {
  const cuts = new Set<number>([0]);
  for (const e of events) {
    cuts.add(Math.max(0, e.startS));
    cuts.add(Math.max(0, e.startS + e.rampUpS + e.sustainS + e.rampDownS));
  }
  const starts = Float64Array.from([...cuts].sort((a, b) => a - b));
  const bounds = starts.map((start, i) => {
    const end = i + 1 < starts.length ? starts[i + 1] : Infinity;
    const active = events.filter((e) => e.startS < end && e.startS + e.rampUpS + e.sustainS + e.rampDownS > start);
    return base * (1 + active.reduce((sum, e) => sum + (e.peak - 1), 0));
  });
  return [starts, bounds];
}

/** k distinct object indices drawn uniformly (the crowd's new content is not the catalog's head) */
function pickDistinct(rng: RandomStream, n: number, k: number): Int32Array {
  const chosen = new Set<number>();
  const count = Math.min(k, n);
  while (chosen.size < count) chosen.add(Math.floor(rng.next() * n));
  return Int32Array.from(chosen);
}
