// The scenario file's workloads: each region's base process (poisson, mmpp, or a trace: series,
// log, replay — left for ./trace-bases to scan), its daily profile, its events (flash crowds with
// Ari et al.'s phases, steps, spikes, hot sets) and its clients' URI-signing token shares; and
// their resolution into the WorkloadSpec (event starts in seconds from the beginning of the run,
// the mmpp's long-run rate). Must not depend on cdn/: types come via ./types only.
import { z } from 'zod';
import { clockTime, eventStart, startS } from './clock-fields.js';
import { pendingTrace } from './pending-traces.js';
import {
  cdnId,
  duration,
  exactlyOne,
  fraction,
  literal,
  multiplier,
  nonNegative,
  nonNegativeInt,
  obj,
  oneOf,
  positive,
  positiveInt,
  region,
} from './schema-fields.js';
import type { WorkloadEvent, WorkloadSpec } from './types.js';

// ── events ────────────────────────────────────────────────────────────────────────────────────

const HOT_KINDS = ['random', 'new', 'ranks'] as const;
const hotSetSchema = obj({
  kind: oneOf(HOT_KINDS).default('random'),
  objects: positiveInt(),
  fromRank: positiveInt().default(1),
  zipf: nonNegative().default(0),
  share: fraction().nullish(),
}).transform((h) => ({ kind: h.kind, objects: h.objects, fromRank: h.kind === 'ranks' ? h.fromRank : 1, zipf: h.zipf, share: h.share ?? null }));

const ariModelSchema = obj({ n: positive(), unit: duration() });

/**
 * Ari et al.'s phase lengths for a shock level S and ramp-down constant n, in model time units:
 * ramp-up 1/log10(1+S), sustained log10(1+S), ramp-down n·log10(1+S).
 */
export function ariPhases(shock: number, n: number, unitS: number): { rampUpS: number; sustainS: number; rampDownS: number } {
  const l = Math.log10(1 + shock);
  return { rampUpS: unitS / l, sustainS: unitS * l, rampDownS: n * unitS * l };
}

const flashCrowdSchema = obj({
  type: literal('flash-crowd'),
  start: eventStart(),
  rampUp: duration('non-negative').optional(),
  sustain: duration('non-negative').optional(),
  rampDown: duration('non-negative').optional(),
  model: ariModelSchema.optional(),
  peak: multiplier().optional(),
  peakRatePerS: positive('a positive rate (requests per second)').optional(),
  ramp: oneOf(['linear', 'exponential']).default('linear'),
  hotObjects: nonNegativeInt().optional(),
  hotSet: hotSetSchema.optional(),
})
  .superRefine(exactlyOne(['peak', 'peakRatePerS']))
  .superRefine((e, ctx) => {
    if (e.model !== undefined && (e.rampUp !== undefined || e.sustain !== undefined || e.rampDown !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['model'], message: 'either model (Ari et al.: n and unit) or rampUp/sustain/rampDown, not both' });
    }
    if (e.model === undefined && e.sustain === undefined)
      ctx.addIssue({ code: 'custom', path: ['sustain'], message: 'a duration like 90s, 10m or 2h (or a model: {n, unit})' });
    if (e.hotObjects !== undefined && e.hotSet !== undefined)
      ctx.addIssue({ code: 'custom', path: ['hotSet'], message: 'either hotObjects or hotSet, not both' });
  });

const stepSchema = obj({
  type: literal('step'),
  start: eventStart(),
  for: duration().nullish(),
  factor: nonNegative('a factor ≥ 0 (the base rate is multiplied by it)'),
});

const spikeSchema = obj({
  type: literal('spike'),
  start: eventStart(),
  for: duration().default(1),
  requests: positive('a positive number of extra requests'),
  hotSet: hotSetSchema.optional(),
});

const eventSchema = z.discriminatedUnion('type', [flashCrowdSchema, stepSchema, spikeSchema], {
  error: 'an event of type flash-crowd, step or spike',
});
type ParsedEvent = z.output<typeof eventSchema>;

const dailySchema = obj({
  sinusoid: obj({ amplitude: fraction(), peak: clockTime().prefault('20:00') }).optional(),
  hourly: z
    .array(nonNegative(), { error: 'a list of 24 factors, one per local hour' })
    .length(24, { error: 'a list of 24 factors, one per local hour' })
    .refine((f) => f.some((x) => x > 0), { error: 'a list of 24 factors, one per local hour, not all 0' })
    .optional(),
}).superRefine(exactlyOne(['sinusoid', 'hourly']));

// ── bases and workloads ───────────────────────────────────────────────────────────────────────

const MAX_MALFORMED = 0;
const traceFields = {
  file: z.string({ error: 'a file path' }).min(1, { error: 'a file path' }),
  maxMalformed: nonNegativeInt().default(MAX_MALFORMED),
};
const seriesPoint = () => z.union([z.number(), z.string()], { error: 'a duration from the series start, or a period stamp like "1998-07-07 18:00"' });

const baseSchema = z.discriminatedUnion(
  'process',
  [
    obj({ process: literal('poisson'), ratePerS: positive('a positive rate (requests per second)') }),
    obj({
      process: literal('mmpp'),
      states: z
        .array(obj({ ratePerS: nonNegative('a rate ≥ 0 (requests per second)'), meanHolding: duration() }), {
          error: 'a list of states {ratePerS, meanHolding}',
        })
        .min(1, { error: 'at least one state' })
        .refine((st) => st.some((x) => x.ratePerS > 0), { error: 'at least one state with a positive rate' }),
      initial: nonNegativeInt().nullish(),
    }),
    obj({
      process: literal('series'),
      ...traceFields,
      period: duration().nullish(),
      from: seriesPoint().nullish(),
      to: seriesPoint().nullish(),
      speedup: positive().default(1),
      scale: positive().optional(),
      peakRatePerS: positive('a positive rate (requests per second)').optional(),
    }),
    obj({
      process: literal('log'),
      ...traceFields,
      format: oneOf(['clf', 'combined', 'csv']),
      speedup: positive().default(1),
      prefixes: z
        .array(obj({ prefix: z.string({ error: 'a CIDR prefix like 10.0.0.0/8' }), region: region() }), { error: 'a list of {prefix, region}' })
        .default([]),
    }),
    obj({ process: literal('replay'), ...traceFields }),
  ],
  { error: 'a base process: poisson, mmpp, series, log or replay' },
);
export type ParsedBase = z.output<typeof baseSchema>;

/** the shares of a workload's requests that carry a missing, expired or forged URI-signing token */
const tokensSchema = obj({ missing: fraction().default(0), expired: fraction().default(0), forged: fraction().default(0) }).refine(
  (t) => t.missing + t.expired + t.forged <= 1,
  { message: 'shares (missing + expired + forged) summing to at most 1' },
);

export const workloadSchema = obj({
  region: region(),
  cdn: cdnId(),
  base: z.preprocess((b) => (typeof b === 'object' && b !== null && !('process' in b) ? { process: 'poisson', ...b } : b), baseSchema),
  daily: dailySchema.nullish(),
  clients: obj({ ratePerClientPerS: positive('a positive rate (requests per second per client)') }).nullish(),
  events: z.array(eventSchema, { error: 'a list of events' }).default([]),
  tokens: tokensSchema.optional(),
});
export type ParsedWorkload = z.output<typeof workloadSchema>;

// ── resolution ────────────────────────────────────────────────────────────────────────────────

/** the base as far as the file says it; a trace's file is scanned and its fields resolved by ./traces */
function resolveBase(b: ParsedBase): WorkloadSpec['base'] {
  switch (b.process) {
    case 'poisson':
      return { process: 'poisson', ratePerS: b.ratePerS };
    case 'mmpp': {
      const states = b.states.map((x) => ({ ratePerS: x.ratePerS, meanHoldingS: x.meanHolding }));
      // the long-run mean: each state's share of time ∝ its mean holding time (the next state is any other, uniformly)
      const time = states.reduce((sum, x) => sum + x.meanHoldingS, 0);
      const ratePerS = states.reduce((sum, x) => sum + x.ratePerS * x.meanHoldingS, 0) / time;
      return { process: 'mmpp', ratePerS, states, initial: b.initial ?? -1 };
    }
    default:
      return pendingTrace(b);
  }
}

function resolveEvent(e: ParsedEvent, baseRate: number, localStartS: number): WorkloadEvent {
  const at = startS(e.start, localStartS);
  if (e.type === 'step') return { type: 'step', startS: at, endS: e.for === undefined || e.for === null ? null : at + e.for, factor: e.factor };
  if (e.type === 'spike') return { type: 'spike', startS: at, forS: e.for, requests: e.requests, hotSet: e.hotSet ?? null };
  const peak = e.peak ?? (e.peakRatePerS as number) / baseRate;
  const phases =
    e.model === undefined ? { rampUpS: e.rampUp ?? 0, sustainS: e.sustain ?? 0, rampDownS: e.rampDown ?? 0 } : ariPhases(peak, e.model.n, e.model.unit);
  const hotSet = e.hotSet ?? (e.hotObjects ? { kind: 'random' as const, objects: e.hotObjects, fromRank: 1, zipf: 0, share: null } : null);
  return { type: 'flash-crowd', startS: at, ...phases, peak, ramp: e.ramp, hotSet };
}

export function resolveWorkload(w: ParsedWorkload, localStartS: number): WorkloadSpec {
  const base = resolveBase(w.base);
  const daily: WorkloadSpec['daily'] =
    w.daily === undefined || w.daily === null
      ? null
      : w.daily.sinusoid !== undefined
        ? { kind: 'sinusoid', amplitude: w.daily.sinusoid.amplitude, peakHour: w.daily.sinusoid.peak / 3600, localStartS }
        : { kind: 'hourly', factors: w.daily.hourly as number[], localStartS };
  return {
    region: w.region,
    cdn: w.cdn,
    base,
    daily,
    events: w.events.map((e) => resolveEvent(e, base.ratePerS, localStartS)),
    clients: w.clients ?? null,
    ...(w.tokens === undefined ? {} : { tokens: w.tokens }),
  };
}
