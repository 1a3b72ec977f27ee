// Arrivals of a workload whose rate follows a profile (./rate-profile): a non-homogeneous Poisson
// process by thinning within each merged piece (Lewis & Shedler), the candidate restarted at a
// piece's end (exact, the exponential being memoryless), no thinning draw where the rate is flat.
// Each arrival asks for an object: from an active event's hot set with the event's share, else by
// the catalog's Zipf law; with a client model, it comes from one of the clients active now (the
// rate ÷ the rate per client, so a crowd is mostly more clients). A second profile, built alike,
// integrates the rate for the expected arrivals per window. Must not depend on agents, policies or reports.
import type { WorkloadSpec } from '../spec.js';
import type { RandomStream, StreamFactory } from '../../core/random.js';
import type { ZipfSampler } from '../../core/distributions.js';
import type { Catalog } from '../content/catalog.js';
import type { ArrivalSource } from './source.js';
import { CrowdExtra, DailyFactor, SpikeExtra, StepFunction, stepLevels, type Piecewise } from './piecewise.js';
import { MmppLevel, SeriesLevel } from './levels.js';
import { RateProfile, type ExtraComponent } from './rate-profile.js';
import { buildHotSet, hotSetOf, type HotSet } from './hot-sets.js';
import type { LineSource } from './formats/line-source.js';

/** opens a trace file's lines (the composition root provides it: the data plane reads no files itself) */
export type OpenTrace = (path: string) => LineSource;

/** at most this many distinct clients per workload (the table of when each was last seen) */
export const MAX_CLIENTS = 1 << 24;

/** the rate profile of a workload with a rate (poisson, mmpp or series base); `streamName` keys its streams */
export function buildRateProfile(spec: WorkloadSpec, streamName: string, streams: StreamFactory, openTrace: OpenTrace | undefined): RateProfile {
  const levels: Piecewise[] = [];
  const base = spec.base;
  if (base.process === 'poisson') levels.push(new StepFunction(Float64Array.of(0), Float64Array.of(base.ratePerS)));
  else if (base.process === 'mmpp') levels.push(new MmppLevel(base.states, base.initial, streams.stream(`${streamName}/mmpp`)));
  else if (base.process === 'series') {
    if (openTrace === undefined) throw new Error(`workload ${streamName}: a count series needs a trace reader`);
    levels.push(new SeriesLevel(openTrace(base.trace.path), base));
  } else throw new Error(`workload ${streamName}: a ${base.process} base has no rate profile`);
  const steps = spec.events.filter((e) => e.type === 'step');
  if (steps.length > 0) levels.push(stepLevels(steps));
  const extras: ExtraComponent[] = [];
  for (const e of spec.events) {
    if (e.type === 'flash-crowd') extras.push(new CrowdExtra(e, base.ratePerS));
    else if (e.type === 'spike') extras.push(new SpikeExtra(e));
  }
  // stable: events of the same start keep their order in the scenario
  const order = extras.map((x, i) => [x, i] as const).sort((a, b) => a[0].event.startS - b[0].event.startS || a[1] - b[1]);
  return new RateProfile(
    levels,
    spec.daily === null ? null : new DailyFactor(spec.daily),
    order.map(([x]) => x),
  );
}

export class ProfileSource implements ArrivalSource {
  nextS = 0;
  arrivals = 0;
  serviceS = NaN;
  client = -1;
  private readonly profile: RateProfile;
  private readonly integrator: RateProfile;
  private integratedUntil = 0;
  private readonly arrivalRng: RandomStream;
  private readonly popularity: ZipfSampler;
  private readonly objectRng: RandomStream;
  private readonly clientRng: RandomStream | null;
  private readonly ratePerClient: number;
  /** by the profile's extra index: that event's hot set, or null */
  private readonly hotSets: (HotSet | null)[];
  private readonly anyHotSet: boolean;

  /**
   * `firstNewObject(eventIndex)`: where the workload's event's new objects start in the catalog.
   * Streams (keyed by `streamName`, see workloadStreamNames): arrivals, popularity, hot, hot-set,
   * clients, mmpp.
   */
  constructor(
    readonly index: number,
    streamName: string,
    readonly spec: WorkloadSpec,
    public region: number,
    readonly cdn: number,
    catalog: Catalog,
    streams: StreamFactory,
    firstNewObject: (eventIndex: number) => number,
    openTrace?: OpenTrace,
  ) {
    this.profile = buildRateProfile(spec, streamName, streams, openTrace);
    this.integrator = buildRateProfile(spec, streamName, streams, openTrace);
    this.arrivalRng = streams.stream(`${streamName}/arrivals`);
    this.popularity = catalog.popularity(streams.stream(`${streamName}/popularity`));
    this.objectRng = streams.stream(`${streamName}/hot`);
    const picker = streams.stream(`${streamName}/hot-set`);
    const additive = spec.events.map((e, i) => [e, i] as const).filter(([e]) => e.type !== 'step');
    const byExtra = new Map(this.profile.extras.map((x, k) => [x.event, k]));
    this.hotSets = new Array<HotSet | null>(this.profile.extras.length).fill(null);
    for (const [event, i] of additive) {
      const hot = hotSetOf(event);
      if (hot === null) continue;
      const k = byExtra.get(event) as number;
      this.hotSets[k] = buildHotSet(hot, firstNewObject(i), catalog.baseObjects, picker, this.objectRng);
    }
    this.anyHotSet = this.hotSets.some((h) => h !== null);
    this.clientRng = spec.clients === null ? null : streams.stream(`${streamName}/clients`);
    this.ratePerClient = spec.clients?.ratePerClientPerS ?? 1;
  }

  /** the objects of the workload's event `eventIndex`'s hot set (empty without one) */
  hotSet(eventIndex: number): number[] {
    const event = this.spec.events[eventIndex];
    const k = this.profile.extras.findIndex((x) => x.event === event);
    return k < 0 || this.hotSets[k] === null ? [] : [...(this.hotSets[k] as HotSet).objects];
  }

  advance(horizon: number): boolean {
    this.nextArrival(horizon);
    return this.nextS <= horizon;
  }

  /** sets `nextS` to the next arrival after it (Infinity past the horizon): a field, not a returned double (nothing boxed) */
  private nextArrival(horizon: number): void {
    const p = this.profile;
    let t = this.nextS;
    for (;;) {
      if (t >= p.end) p.seek(t);
      const bound = p.bound;
      if (!(bound > 0)) {
        // nothing can arrive in this piece
        if (p.end === Infinity || p.end > horizon) break;
        t = p.end;
        continue;
      }
      const candidate = t - Math.log(1 - this.arrivalRng.next()) / bound;
      if (candidate > horizon) break;
      if (candidate >= p.end) {
        t = p.end;
        continue;
      }
      if (p.flat || this.arrivalRng.next() * bound < p.rate(candidate)) {
        this.nextS = candidate;
        return;
      }
      t = candidate;
    }
    this.nextS = Infinity;
  }

  pickObject(): number {
    this.arrivals++;
    const p = this.profile;
    let rate = -1;
    if (this.clientRng !== null) {
      rate = p.rate(this.nextS);
      const active = Math.min(MAX_CLIENTS, Math.max(1, Math.ceil(rate / this.ratePerClient)));
      this.client = Math.floor(this.clientRng.next() * active);
    }
    if (this.anyHotSet && p.activeCount > 0) {
      if (rate < 0) rate = p.rate(this.nextS);
      let u = this.objectRng.next();
      for (let k = 0; k < p.activeCount; k++) {
        const extra = p.active[k];
        const hot = this.hotSets[extra];
        if (hot === null) continue;
        const share = hot.share === null ? (rate > 0 ? p.activeValues[k] / rate : 0) : hot.share * p.extras[extra].level(this.nextS);
        if (u < share) return hot.objects[hot.popularity.sample() - 1];
        u -= share;
      }
    }
    return this.popularity.sample() - 1;
  }

  expectedUntil(t: number): number {
    if (t <= this.integratedUntil) return 0;
    const expected = this.integrator.integrate(this.integratedUntil, t);
    this.integratedUntil = t;
    return expected;
  }
}
