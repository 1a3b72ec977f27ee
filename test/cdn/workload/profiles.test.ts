// The rate profiles: each kind's arrivals per phase and per window equal the integral of its rate
// within 4 Poisson standard deviations (√expected) over fixed seeds; the integral itself is exact
// (checked against a fine numeric quadrature); phase boundaries fall at the right instants; Ari et
// al.'s phase lengths follow their formulas; reading forward through the pieces always progresses.
import { describe, it, expect } from 'vitest';
import { buildRateProfile, ProfileSource } from '../../../cdn/workload/profile-source.js';
import { CrowdExtra } from '../../../cdn/workload/piecewise.js';
import { Catalog } from '../../../cdn/content/catalog.js';
import { createStreams } from '../../../core/random.js';
import { ariPhases } from '../../../scenarios/workload-schema.js';
import type { FlashCrowdEvent, WorkloadEvent, WorkloadSpec } from '../../../cdn/spec.js';

const crowd = (over: Partial<FlashCrowdEvent> = {}): FlashCrowdEvent => ({
  type: 'flash-crowd',
  startS: 600,
  rampUpS: 300,
  sustainS: 600,
  rampDownS: 900,
  peak: 6,
  ramp: 'linear',
  hotSet: null,
  ...over,
});

const workload = (over: Partial<WorkloadSpec> = {}, events: WorkloadEvent[] = []): WorkloadSpec => ({
  region: 'r',
  cdn: 'a',
  base: { process: 'poisson', ratePerS: 50 },
  daily: null,
  events,
  clients: null,
  ...over,
});

/** the exact integral over [a, b] (a fresh profile, read forward from 0) */
function integral(spec: WorkloadSpec, a: number, b: number, seed = 1): number {
  const p = buildRateProfile(spec, 'w', createStreams(seed), undefined);
  if (a > 0) p.integrate(0, a);
  return p.integrate(a, b);
}

/** a midpoint-rule quadrature of the rate with `steps` points (a fresh profile) */
function quadrature(spec: WorkloadSpec, a: number, b: number, steps: number): number {
  const p = buildRateProfile(spec, 'w', createStreams(1), undefined);
  const h = (b - a) / steps;
  let sum = 0;
  for (let i = 0; i < steps; i++) {
    const t = a + (i + 0.5) * h;
    if (t >= p.end) p.seek(t);
    sum += p.rate(t) * h;
  }
  return sum;
}

/** arrival times of a source over [0, horizon] */
function arrivals(spec: WorkloadSpec, horizon: number, seed: number): Float64Array {
  const streams = createStreams(seed);
  const catalog = new Catalog({ objects: 100, zipf: 0.8, size: { kind: 'fixed', bytes: 1000 } }, streams.stream('catalog'));
  const source = new ProfileSource(0, 'w', spec, 0, 0, catalog, streams, () => 100);
  const times: number[] = [];
  while (source.advance(horizon)) {
    source.pickObject();
    times.push(source.nextS);
  }
  return Float64Array.from(times);
}

const count = (times: Float64Array, a: number, b: number) => times.reduce((n, t) => (t >= a && t < b ? n + 1 : n), 0);

/** every window of `windowS`: the arrivals of 3 seeds together within 4·√expected of 3 × the integral */
function expectCountsFollowIntegral(spec: WorkloadSpec, horizon: number, windowS: number): void {
  const seeds = [1, 2, 3];
  const runs = seeds.map((seed) => arrivals(spec, horizon, seed));
  for (let a = 0; a < horizon; a += windowS) {
    const b = Math.min(horizon, a + windowS);
    // an MMPP's path is drawn from the seed's stream: each seed's integral follows its own path
    const expected = seeds.reduce((sum, seed) => sum + integral(spec, a, b, seed), 0);
    const got = runs.reduce((n, t) => n + count(t, a, b), 0);
    expect(Math.abs(got - expected), `window [${a}, ${b}): ${got} arrivals, expected ${expected.toFixed(1)}`).toBeLessThanOrEqual(4 * Math.sqrt(expected) + 1);
  }
}

const PROFILES: [string, WorkloadSpec, number][] = [
  ['a linear three-phase crowd', workload({}, [crowd()]), 3000],
  ['an exponential three-phase crowd', workload({}, [crowd({ ramp: 'exponential', peak: 20 })]), 3000],
  [
    'a daily sinusoid (amplitude 0.8, peak 18:00, run from 06:00)',
    workload({ base: { process: 'poisson', ratePerS: 5 }, daily: { kind: 'sinusoid', amplitude: 0.8, peakHour: 18, localStartS: 6 * 3600 } }),
    86400,
  ],
  [
    'an hourly profile',
    workload({
      base: { process: 'poisson', ratePerS: 2 },
      daily: { kind: 'hourly', factors: Array.from({ length: 24 }, (_, h) => 1 + (h % 6)), localStartS: 1800 },
    }),
    86400,
  ],
  ['a step down and back up', workload({}, [{ type: 'step', startS: 500, endS: 1500, factor: 0.2 }]), 2000],
  ['a spike of 3000 requests over 10 s', workload({}, [{ type: 'spike', startS: 700, forS: 10, requests: 3000, hotSet: null }]), 1200],
  [
    'a two-state MMPP (its integral follows the same drawn path)',
    workload({
      base: {
        process: 'mmpp',
        ratePerS: 0,
        states: [
          { ratePerS: 10, meanHoldingS: 300 },
          { ratePerS: 120, meanHoldingS: 60 },
        ],
        initial: 0,
      },
    }),
    3600,
  ],
];

describe('rate profiles: arrivals follow the integral of the rate', () => {
  for (const [name, spec, horizon] of PROFILES) {
    it(`${name}: per window, within 4 Poisson σ`, () => {
      expectCountsFollowIntegral(spec, horizon, horizon / 12);
    });
  }

  it('a crowd: per phase (ramp-up, sustain, ramp-down) within 4 Poisson σ', () => {
    const spec = workload({}, [crowd({ ramp: 'exponential' })]);
    const runs = [4, 5, 6, 7].map((seed) => arrivals(spec, 3000, seed));
    for (const [a, b] of [
      [600, 900],
      [900, 1500],
      [1500, 2400],
    ]) {
      const expected = 4 * integral(spec, a, b);
      const got = runs.reduce((n, t) => n + count(t, a, b), 0);
      expect(Math.abs(got - expected)).toBeLessThanOrEqual(4 * Math.sqrt(expected));
    }
  });
});

describe('rate profiles: exact integrals and boundaries', () => {
  for (const [name, spec, horizon] of PROFILES.filter(([n]) => !n.includes('MMPP'))) {
    it(`${name}: the closed-form integral equals a fine quadrature (relative 1e-5: the midpoint rule's error at the rate's jumps)`, () => {
      const exact = integral(spec, 0, horizon);
      const numeric = quadrature(spec, 0, horizon, 2_000_000);
      expect(Math.abs(exact - numeric) / exact).toBeLessThan(1e-5);
    });
  }

  it('a linear crowd: base before and after, base·S at the end of the ramp-up and through the sustain; its extra area is base·(S−1)·(up/2 + sustain + down/2)', () => {
    const e = crowd();
    const extra = new CrowdExtra(e, 50);
    const at = (t: number) => {
      extra.seek(t);
      return extra.value(t);
    };
    expect([at(0), at(599.999), at(600), at(750), at(900), at(1499), at(1500), at(1950), at(2400), at(5000)]).toEqual([
      0,
      0,
      0,
      50 * 5 * 0.5,
      50 * 5,
      50 * 5,
      50 * 5,
      expect.closeTo(50 * 5 * 0.5, 9),
      0,
      0,
    ]);
    expect(integral(workload({}, [e]), 0, 3000)).toBeCloseTo(50 * 3000 + 50 * 5 * (150 + 600 + 450), 6);
  });

  it('an exponential crowd: m(t) = S^(x/up) on the ramp-up, so half-way up the rate is base·√S', () => {
    const extra = new CrowdExtra(crowd({ ramp: 'exponential', peak: 16 }), 10);
    extra.seek(750);
    expect(extra.value(750) + 10).toBeCloseTo(10 * 4, 9);
    extra.seek(1950);
    expect(extra.value(1950) + 10).toBeCloseTo(10 * 4, 9);
  });

  it('Ari et al.: ramp-up 1/log10(1+S), sustained log10(1+S), ramp-down n·log10(1+S) model units', () => {
    const l = Math.log10(7);
    expect(ariPhases(6, 2, 1200)).toEqual({ rampUpS: 1200 / l, sustainS: 1200 * l, rampDownS: 2 * 1200 * l });
    const p = ariPhases(99, 3, 60);
    expect([p.rampUpS, p.sustainS, p.rampDownS]).toEqual([30, 120, 360]);
  });

  it('reading forward always progresses, also when a ramp piece ends on a rounding edge (rampUp = 1200/log10 7)', () => {
    const phases = ariPhases(6, 2, 1200);
    const spec = workload({ daily: { kind: 'sinusoid', amplitude: 0.5, peakHour: 20, localStartS: 1234.567 } }, [
      crowd({ startS: 1200, ...phases, ramp: 'exponential' }),
      crowd({ startS: 1000 / 3, ...ariPhases(3, 1.5, 700) }),
    ]);
    const p = buildRateProfile(spec, 'w', createStreams(1), undefined);
    let t = 0;
    let pieces = 0;
    while (p.end < 86400 && pieces < 10_000) {
      expect(p.end).toBeGreaterThan(t);
      t = p.end;
      p.seek(t);
      pieces++;
    }
    expect(pieces).toBeLessThan(200);
  });
});

describe('rate profiles: determinism and independence', () => {
  it('the same seed gives the same arrivals', () => {
    const spec = workload({}, [crowd()]);
    const bytes = (seed: number) => Buffer.from(arrivals(spec, 3000, seed).buffer);
    expect(bytes(9).equals(bytes(9))).toBe(true);
    expect(bytes(9).equals(bytes(10))).toBe(false);
  });

  it("changing one region's profile does not change another region's arrivals (streams are keyed by region and CDN)", async () => {
    const { DataPlane } = await import('../../../cdn/data-plane.js');
    const { createClock } = await import('../../../core/clock.js');
    const { loadScenario } = await import('../../../scenarios/load.js');
    const base = loadScenario('test/fixtures/small-crowd.yaml', { sets: ['duration=5m', 'peering.enabled=false'] }).scenario;
    const changed = loadScenario('test/fixtures/small-crowd.yaml', {
      sets: ['duration=5m', 'peering.enabled=false', 'workload.0.base.ratePerS=250', 'workload.0.daily={sinusoid: {amplitude: 0.5}}'],
    }).scenario;
    const times = (scenario: typeof base, k: number) => {
      const clock = createClock();
      const dp = new DataPlane(scenario, clock, createStreams(3));
      const out: number[] = [];
      const source = dp.sources[k];
      while (source.advance(300)) {
        out.push(source.nextS, source.pickObject());
      }
      return Buffer.from(Float64Array.from(out).buffer);
    };
    expect(times(changed, 1).equals(times(base, 1))).toBe(true);
    expect(times(changed, 2).equals(times(base, 2))).toBe(true);
    expect(times(changed, 0).equals(times(base, 0))).toBe(false);
  });
});

describe('popularity shifts: the hot set follows the event', () => {
  it('its share is near 0 before, the configured share at the peak, and back to near 0 after', () => {
    const spec = workload({ base: { process: 'poisson', ratePerS: 200 } }, [
      crowd({ startS: 600, rampUpS: 300, sustainS: 600, rampDownS: 300, peak: 4, hotSet: { kind: 'new', objects: 20, fromRank: 1, zipf: 1, share: 0.6 } }),
    ]);
    const streams = createStreams(2);
    const catalog = new Catalog({ objects: 1000, zipf: 0.8, size: { kind: 'fixed', bytes: 1 } }, streams.stream('c'), {
      drawn: 20,
      rng: streams.stream('n'),
      sized: [],
    });
    const source = new ProfileSource(0, 'w', spec, 0, 0, catalog, streams, () => 1000);
    const hot = { before: [0, 0], peak: [0, 0], after: [0, 0] };
    while (source.advance(2400)) {
      const object = source.pickObject();
      const t = source.nextS;
      const phase = t < 600 ? hot.before : t >= 900 && t < 1500 ? hot.peak : t >= 1800 ? hot.after : null;
      if (phase === null) continue;
      phase[1]++;
      if (object >= 1000) phase[0]++;
    }
    expect(hot.before[0]).toBe(0);
    expect(hot.after[0]).toBe(0);
    const n = hot.peak[1];
    const share = hot.peak[0] / n;
    // binomial: 4 standard deviations of a share of 0.6 over n requests
    expect(Math.abs(share - 0.6)).toBeLessThan(4 * Math.sqrt((0.6 * 0.4) / n));
  });

  it('without a share the extra requests go to the hot set: (S − 1)/S at the peak', () => {
    const spec = workload({ base: { process: 'poisson', ratePerS: 200 } }, [
      crowd({ startS: 0, rampUpS: 0, sustainS: 600, rampDownS: 0, peak: 5, hotSet: { kind: 'ranks', objects: 10, fromRank: 500, zipf: 0, share: null } }),
    ]);
    const streams = createStreams(4);
    const catalog = new Catalog({ objects: 1000, zipf: 0.8, size: { kind: 'fixed', bytes: 1 } }, streams.stream('c'));
    const source = new ProfileSource(0, 'w', spec, 0, 0, catalog, streams, () => 1000);
    let inSet = 0;
    let n = 0;
    while (source.advance(600)) {
      const object = source.pickObject();
      n++;
      if (object >= 499 && object < 509) inSet++;
    }
    // the base's own Zipf requests reach ranks 500–509 too, rarely: allow for them
    expect(Math.abs(inSet / n - 0.8)).toBeLessThan(4 * Math.sqrt((0.8 * 0.2) / n) + 0.005);
  });
});

describe('clients: a crowd is mostly more clients', () => {
  it('at the peak the active clients are S times as many, each at about the usual rate', () => {
    const spec = workload({ base: { process: 'poisson', ratePerS: 100 }, clients: { ratePerClientPerS: 0.5 } }, [
      crowd({ startS: 600, rampUpS: 0, sustainS: 600, rampDownS: 0, peak: 5 }),
    ]);
    const streams = createStreams(1);
    const catalog = new Catalog({ objects: 100, zipf: 0.8, size: { kind: 'fixed', bytes: 1 } }, streams.stream('c'));
    const source = new ProfileSource(0, 'w', spec, 0, 0, catalog, streams, () => 100);
    const before = new Set<number>();
    const peak = new Set<number>();
    while (source.advance(1200)) {
      source.pickObject();
      (source.nextS < 600 ? before : peak).add(source.client);
    }
    // 200 clients before (100/s ÷ 0.5/s), 1000 at the peak; over 600 s each is seen (≈ 300 requests each)
    expect(before.size).toBe(200);
    expect(peak.size).toBe(1000);
  });
});
