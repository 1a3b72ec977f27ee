// Workload: per (region, primary CDN) a Poisson arrival process, homogeneous or modulated by
// flash-crowd events (non-homogeneous Poisson by thinning), and the object each request asks for
// (Zipf over the catalog; a surge's extra requests go to its hot objects).
// Must not depend on agents, policies or reports.
import type { FlashCrowdEvent, WorkloadSpec } from '../scenarios/types.js';
import type { StreamFactory, RandomStream } from '../core/random.js';
import { PoissonProcess, ThinnedPoissonProcess, ZipfSampler } from '../core/distributions.js';

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

export class ArrivalSource {
  private readonly events: FlashCrowdEvent[];
  private readonly plain: PoissonProcess | null;
  private readonly thinned: ThinnedPoissonProcess | null;
  private readonly popularity: ZipfSampler;
  private readonly objectRng: RandomStream;
  private readonly hotSets: Int32Array[];

  constructor(
    readonly index: number,
    readonly spec: WorkloadSpec,
    readonly region: number,
    readonly cdn: number,
    catalogObjects: number,
    zipf: number,
    streams: StreamFactory,
  ) {
    const name = `workload/${index}/${spec.region}/${spec.cdn}`;
    this.events = spec.events;
    const base = spec.base.ratePerS;
    if (this.events.length === 0) {
      this.plain = new PoissonProcess(streams.stream(`${name}/arrivals`), base);
      this.thinned = null;
    } else {
      const maxRate = base * (1 + this.events.reduce((sum, e) => sum + (e.peak - 1), 0));
      this.plain = null;
      this.thinned = new ThinnedPoissonProcess(streams.stream(`${name}/arrivals`), (t) => this.rateAt(t), maxRate);
    }
    this.popularity = new ZipfSampler(streams.stream(`${name}/popularity`), catalogObjects, zipf);
    this.objectRng = streams.stream(`${name}/hot`);
    const hotPicker = streams.stream(`${name}/hot-set`);
    this.hotSets = this.events.map((e) => pickDistinct(hotPicker, catalogObjects, e.hotObjects));
  }

  /** the arrival rate (requests/s) at time t */
  rateAt(t: number): number {
    let multiplier = 1;
    for (let i = 0; i < this.events.length; i++) multiplier += (this.events[i].peak - 1) * surgeLevel(this.events[i], t);
    return this.spec.base.ratePerS * multiplier;
  }

  /** time of the next arrival after t (Infinity past the horizon) */
  nextArrival(t: number, horizon: number): number {
    if (this.plain !== null) return this.plain.next(t);
    return (this.thinned as ThinnedPoissonProcess).next(t, horizon);
  }

  /** the object the request arriving at t asks for */
  pickObject(t: number): number {
    if (this.events.length > 0) {
      let extra = this.objectRng.next() * (this.rateAt(t) / this.spec.base.ratePerS) - 1;
      for (let i = 0; extra >= 0 && i < this.events.length; i++) {
        const share = (this.events[i].peak - 1) * surgeLevel(this.events[i], t);
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

/** k distinct object indices drawn uniformly (the crowd's new content is not the catalog's head) */
function pickDistinct(rng: RandomStream, n: number, k: number): Int32Array {
  const chosen = new Set<number>();
  const count = Math.min(k, n);
  while (chosen.size < count) chosen.add(Math.floor(rng.next() * n));
  return Int32Array.from(chosen);
}
