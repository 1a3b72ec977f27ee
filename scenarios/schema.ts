// The scenario FILE format as users write it: a strict zod schema (unknown fields are errors) with
// defaults and unit parsing that transforms into the resolved Scenario of ./types.ts, plus the
// cross-reference checks. Every schema carries its human "expected" text as its error message.
// Must not depend on cdn/, agents/, policies/, reports/ or cli/.
import { z } from 'zod';
import {
  BANDWIDTH_EXPECTED,
  DURATION_EXPECTED,
  MULTIPLIER_EXPECTED,
  SIZE_EXPECTED,
  readBandwidth,
  readDuration,
  readMultiplier,
  readSize,
  type UnitResult,
} from '../input/units.js';
import {
  DEFAULT_TOP_K,
  SLA_GAIN,
  SLA_INTERVAL_S,
  type CdnSpec,
  type RedirectionRule,
  type Scenario,
  type ServiceTimeModel,
  type SiteSpec,
  type SizeModel,
  type WorkloadEvent,
  type WorkloadSpec,
} from './types.js';
import { pendingTrace } from './pending-traces.js';
import { contentIssues, resolveContent } from './content-schema.js';

const ID = /^[A-Za-z][A-Za-z0-9_-]*$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const DEFAULT_CATALOG_OBJECTS = 10000;

/** Hard bounds: beyond them a value is absurd or cannot be held in memory, whatever the run limits. */
export const SCHEMA_LIMITS = {
  /** characters of the scenario name (it becomes the default output folder's name) */
  nameLength: 100,
  /** characters of a region, CDN or site id */
  idLength: 64,
  /** the shortest positive duration (1 ms) */
  minDurationS: 0.001,
  /** the longest run (365 days) */
  maxRunS: 365 * 86400,
  /** catalog objects (each costs memory in the catalog and in every site's cache index) */
  catalogObjects: 1e8,
  /** regions (the round-trip matrix is regions²) and CDNs (peering counters are CDNs²) */
  regions: 1000,
  cdns: 1000,
  /** σ of a lognormal (beyond it sizes and service times overflow) */
  sigma: 10,
  /** content changes of a scenario (each walks its objects in every cache of the peers it reaches) */
  contentChanges: 1000,
} as const;

// ── field helpers ─────────────────────────────────────────────────────────────────────────────

/** A strict object whose unknown-field issues carry the list of known fields. */
function obj<S extends z.ZodRawShape>(shape: S) {
  const known = `known: ${Object.keys(shape).join(', ')}`;
  return z.strictObject(shape, { error: (iss) => (iss.code === 'unrecognized_keys' ? known : 'a mapping') });
}
const positive = (what = 'a positive number') => z.number({ error: what }).positive({ error: what });
const nonNegative = (what = 'a number ≥ 0') => z.number({ error: what }).nonnegative({ error: what });
const positiveInt = (what = 'a positive integer') => z.int({ error: what }).positive({ error: what });
const nonNegativeInt = (what = 'a non-negative integer') => z.int({ error: what }).nonnegative({ error: what });
const fraction = (what = 'a number from 0 to 1') => z.number({ error: what }).min(0, { error: what }).max(1, { error: what });
const id = (what: string) =>
  z
    .string({ error: what })
    .max(SCHEMA_LIMITS.idLength, { error: `${what}, at most ${SCHEMA_LIMITS.idLength} characters` })
    .regex(ID, { error: what });
const sigma = () => nonNegative(`a number from 0 to ${SCHEMA_LIMITS.sigma}`).max(SCHEMA_LIMITS.sigma, { error: `a number from 0 to ${SCHEMA_LIMITS.sigma}` });
const region = () => id('a region name (letters, digits, "_" or "-", starting with a letter)');
const cdnId = () => id('a CDN id (letters, digits, "_" or "-", starting with a letter)');
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `one of ${values.join(', ')}` });
const literal = <const T extends string>(value: T) => z.literal(value, { error: `"${value}"` });

type Sign = 'positive' | 'non-negative';

/** A number or a unit string (e.g. "90s"), parsed by `read` and checked for sign. */
function unitField(read: (input: unknown) => UnitResult, expected: string, noun: string, sign: Sign) {
  return z
    .union([z.number(), z.string()], { error: expected })
    .describe(expected)
    .transform((input, ctx) => {
      const result = read(input);
      if (!result.ok) ctx.addIssue({ code: 'custom', message: expected });
      else if (sign === 'positive' ? result.value <= 0 : result.value < 0) {
        ctx.addIssue({ code: 'custom', message: `a ${sign} ${noun} (like ${expected.split(' like ')[1]})` });
      } else if (noun === 'duration' && sign === 'positive' && result.value < SCHEMA_LIMITS.minDurationS) {
        ctx.addIssue({ code: 'custom', message: `a duration of at least 1ms (like ${expected.split(' like ')[1]})` });
      } else return result.value;
      return z.NEVER;
    });
}
const duration = (sign: Sign = 'positive') => unitField(readDuration, DURATION_EXPECTED, 'duration', sign);
const size = () => unitField(readSize, SIZE_EXPECTED, 'size', 'positive');
const bandwidth = () => unitField(readBandwidth, BANDWIDTH_EXPECTED, 'bandwidth', 'positive');
const multiplier = () =>
  z
    .union([z.number(), z.string()], { error: MULTIPLIER_EXPECTED })
    .describe(MULTIPLIER_EXPECTED)
    .transform((input, ctx) => {
      const result = readMultiplier(input);
      if (result.ok && result.value >= 1) return result.value;
      ctx.addIssue({ code: 'custom', message: result.ok ? 'a multiplier ≥ 1 (like 10x)' : MULTIPLIER_EXPECTED });
      return z.NEVER;
    });

/** Refinement: exactly one of the (optional) `keys` is present. */
function exactlyOne<T extends object>(keys: readonly string[]) {
  return (value: T, ctx: z.core.$RefinementCtx<T>) => {
    const present = keys.filter((key) => (value as Record<string, unknown>)[key] !== undefined);
    if (present.length !== 1) ctx.addIssue({ code: 'custom', message: `exactly one of ${keys.join(', ')}` });
  };
}

/** Refinement: `value[low] < value[high]` (or ≤ when `orEqual`). */
function ordered<T extends object>(low: keyof T & string, high: keyof T & string, orEqual = false) {
  return (value: T, ctx: z.core.$RefinementCtx<T>) => {
    const [a, b] = [value[low] as number, value[high] as number];
    if (orEqual ? a > b : a >= b) {
      ctx.addIssue({ code: 'custom', path: [high], message: `a number ${orEqual ? '≥' : '>'} ${low} (${a})` });
    }
  };
}

// ── sites and CDNs ────────────────────────────────────────────────────────────────────────────

const SERVICE_TIMES = ['exponential', 'deterministic', 'uniform', 'lognormal', 'pareto', 'bySize'] as const;

const serviceTimeSchema = obj({
  exponential: obj({ meanMs: positive() }).optional(),
  deterministic: obj({ ms: positive() }).optional(),
  uniform: obj({ minMs: nonNegative(), maxMs: positive() })
    .superRefine(ordered('minMs', 'maxMs', true))
    .optional(),
  lognormal: obj({ medianMs: positive(), sigma: sigma() }).optional(),
  pareto: obj({ alpha: positive(), minMs: positive(), maxMs: positive() }).superRefine(ordered('minMs', 'maxMs')).optional(),
  bySize: obj({ bandwidth: bandwidth(), overheadMs: nonNegative().default(0) }).optional(),
})
  .superRefine(exactlyOne(SERVICE_TIMES))
  .transform((v): ServiceTimeModel => {
    if (v.exponential) return { kind: 'exponential', ...v.exponential };
    if (v.deterministic) return { kind: 'deterministic', ...v.deterministic };
    if (v.uniform) return { kind: 'uniform', ...v.uniform };
    if (v.lognormal) return { kind: 'lognormal', ...v.lognormal };
    if (v.pareto) return { kind: 'pareto', ...v.pareto };
    if (v.bySize) return { kind: 'bySize', bytesPerS: v.bySize.bandwidth, overheadMs: v.bySize.overheadMs };
    return z.NEVER; // only reachable when another issue (an unknown field) is already reported
  });

const siteSchema = obj({
  id: id('a site id (letters, digits, "_" or "-", starting with a letter)').optional(),
  region: region(),
  servers: positiveInt(),
  serviceTime: serviceTimeSchema,
  queueLimit: nonNegativeInt('a non-negative integer, or null for unlimited').nullish(),
  cache: obj({ capacity: size() }).nullish(),
});
type ParsedSite = z.output<typeof siteSchema>;

/** Sites without an id get their region's name, then `<region>-2`, `<region>-3` … (skipping taken ids). */
function assignSiteIds(sites: ParsedSite[]): SiteSpec[] {
  const taken = new Set(sites.flatMap((site) => (site.id === undefined ? [] : [site.id])));
  return sites.map((site) => {
    let siteId = site.id;
    if (siteId === undefined) {
      siteId = site.region;
      for (let n = 2; taken.has(siteId); n++) siteId = `${site.region}-${n}`;
      taken.add(siteId);
    }
    const cache = site.cache ? { capacityBytes: site.cache.capacity } : null;
    return { id: siteId, region: site.region, servers: site.servers, serviceTime: site.serviceTime, queueLimit: site.queueLimit ?? null, cache };
  });
}

// ── CDNI metadata (cdn/metadata/metadata-spec.ts): every field optional, absent from the resolved spec when not given ──

/** at most this many rules per ACL, and windows per rule (each is evaluated at start, per lane) */
export const MAX_ACL_RULES = 32;
const aclAction = () => oneOf(['allow', 'deny']).default('deny');
const locationRuleSchema = obj({
  action: aclAction(),
  regions: z.array(region(), { error: 'a list of region names' }).min(1, { error: 'at least one region' }),
});
const timeWindowSchema = obj({ start: duration('non-negative'), end: duration() })
  .refine((w) => w.end > w.start, { message: 'a window whose end is after its start', path: ['end'] })
  .transform((w) => ({ startS: w.start, endS: w.end }));
const timeRuleSchema = obj({
  action: aclAction(),
  windows: z.array(timeWindowSchema, { error: 'a list of windows' }).min(1, { error: 'at least one window' }).max(MAX_ACL_RULES),
});
const contentMetadataSchema = obj({
  locations: z.array(locationRuleSchema, { error: 'a list of location rules' }).max(MAX_ACL_RULES).optional(),
  times: z.array(timeRuleSchema, { error: 'a list of time-window rules' }).max(MAX_ACL_RULES).optional(),
  cacheTtl: duration().optional(),
  uriSigning: z.boolean({ error: 'true or false' }).optional(),
}).transform((m) => ({
  ...(m.locations === undefined ? {} : { locations: m.locations }),
  ...(m.times === undefined ? {} : { times: m.times }),
  ...(m.cacheTtl === undefined ? {} : { cacheTtlS: m.cacheTtl }),
  ...(m.uriSigning === undefined ? {} : { uriSigning: m.uriSigning }),
}));
const misbehaviourSchema = obj({
  ignoreMetadata: z.boolean({ error: 'true or false' }).default(false),
  overReportShare: fraction().default(0),
  spoofRecords: nonNegativeInt('a non-negative integer of at most 1e6').max(1e6, { error: 'a non-negative integer of at most 1e6' }).default(0),
});
const tokensSchema = obj({ missing: fraction().default(0), expired: fraction().default(0), forged: fraction().default(0) }).refine(
  (t) => t.missing + t.expired + t.forged <= 1,
  { message: 'shares (missing + expired + forged) summing to at most 1' },
);

const cdnSchema = obj({
  id: cdnId(),
  role: oneOf(['primary', 'peer']),
  policy: z.string({ error: 'a policy name or file path' }).min(1, { error: 'a policy name or file path' }).nullish(),
  sites: z.array(siteSchema, { error: 'a list of sites' }).min(1, { error: 'at least one site' }),
  economics: obj({
    revenuePerGB: nonNegative().default(0.02),
    costPerServerHour: nonNegative().default(0.05),
  }).prefault({}),
  metadata: contentMetadataSchema.optional(),
  metadataMode: oneOf(['batch', 'on-the-fly']).optional(),
  misbehaviour: misbehaviourSchema.optional(),
  redirectionModes: z
    .array(oneOf(['HTTP-I', 'HTTP-R', 'DNS-I', 'DNS-R']), { error: 'a list of redirection modes (HTTP-I, HTTP-R, DNS-I, DNS-R)' })
    .min(1, { error: 'at least one redirection mode' })
    .optional(),
}).transform(
  (c): CdnSpec => ({
    id: c.id,
    role: c.role,
    policy: c.policy ?? null,
    sites: assignSiteIds(c.sites),
    economics: c.economics,
    ...(c.metadata === undefined ? {} : { metadata: c.metadata }),
    ...(c.metadataMode === undefined ? {} : { metadataMode: c.metadataMode }),
    ...(c.misbehaviour === undefined ? {} : { misbehaviour: c.misbehaviour }),
    ...(c.redirectionModes === undefined ? {} : { redirectionModes: [...new Set(c.redirectionModes)] }),
  }),
);

// ── catalog, network, workload, routing, faults ───────────────────────────────────────────────

const SIZE_MODELS = ['fixed', 'lognormal', 'pareto'] as const;

const sizeModelSchema = obj({
  fixed: size().optional(),
  lognormal: obj({ median: size(), sigma: sigma() }).optional(),
  pareto: obj({ alpha: positive(), min: size(), max: size() }).superRefine(ordered('min', 'max')).optional(),
})
  .superRefine(exactlyOne(SIZE_MODELS))
  .transform((v): SizeModel => {
    if (v.fixed !== undefined) return { kind: 'fixed', bytes: v.fixed };
    if (v.lognormal) return { kind: 'lognormal', medianBytes: v.lognormal.median, sigma: v.lognormal.sigma };
    if (v.pareto) return { kind: 'pareto', alpha: v.pareto.alpha, minBytes: v.pareto.min, maxBytes: v.pareto.max };
    return z.NEVER; // only reachable when another issue (an unknown field) is already reported
  });

const catalogSchema = obj({
  objects: positiveInt(`a positive integer of at most ${SCHEMA_LIMITS.catalogObjects.toLocaleString('en-US')}`)
    .max(SCHEMA_LIMITS.catalogObjects, { error: `a positive integer of at most ${SCHEMA_LIMITS.catalogObjects.toLocaleString('en-US')}` })
    .default(DEFAULT_CATALOG_OBJECTS),
  popularity: obj({ zipf: nonNegative() }).prefault({ zipf: 0.8 }),
  sizeBytes: sizeModelSchema.prefault({ lognormal: { median: '500kB', sigma: 1 } }),
})
  .transform((c) => ({ objects: c.objects, zipf: c.popularity.zipf, size: c.sizeBytes }))
  .prefault({});

const networkSchema = obj({
  rttMs: obj({
    default: nonNegative().default(80),
    sameRegion: nonNegative().default(10),
    pairs: z.array(obj({ a: region(), b: region(), ms: nonNegative() }), { error: 'a list of {a, b, ms}' }).default([]),
  }).prefault({}),
  redirection: obj({
    mode: oneOf(['iterative', 'recursive']).default('iterative'),
    recursiveLookupMs: nonNegative().default(5),
    via: oneOf(['http', 'dns']).optional(),
    dns: obj({ ttl: duration().default(60), resolvers: positiveInt().max(100_000, { error: 'at most 100000 resolvers' }).default(16) }).optional(),
    answerTtl: duration('non-negative').optional(),
    maxHops: positiveInt().max(32, { error: 'a hop limit from 1 to 32' }).optional(),
  })
    .prefault({})
    .transform(({ dns, answerTtl, ...r }) => ({
      ...r,
      ...(dns === undefined ? {} : { dns: { ttlS: dns.ttl, resolvers: dns.resolvers } }),
      ...(answerTtl === undefined ? {} : { answerTtlS: answerTtl }),
    })),
  // how primaries probe their peers (cdn/routing/health-checks); absent: the protocol's defaults
  healthChecks: obj({
    interval: duration().refine((s) => s >= 0.1 && s <= 3600, { error: 'a duration from 100ms to 1h' }),
    misses: positiveInt('an integer from 1 to 100').max(100, { error: 'an integer from 1 to 100' }),
  })
    .transform((h) => ({ intervalS: h.interval, misses: h.misses }))
    .optional(),
}).prefault({});

// ── workload ──────────────────────────────────────────────────────────────────────────────────

const CLOCK_EXPECTED = 'a clock time like 20:00 or 06:30';
const CLOCK = /^([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;
/** "HH:MM[:SS]" ⇒ seconds after midnight, or null */
export function readClockTime(text: unknown): number | null {
  const m = typeof text === 'string' ? CLOCK.exec(text.trim()) : null;
  return m === null ? null : Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
}
const clockTime = () =>
  z
    .string({ error: CLOCK_EXPECTED })
    .describe(CLOCK_EXPECTED)
    .transform((text, ctx) => {
      const s = readClockTime(text);
      if (s === null) ctx.addIssue({ code: 'custom', message: CLOCK_EXPECTED });
      return s ?? z.NEVER;
    });

const OFFSET_EXPECTED = 'a UTC offset like +2h, -5h, +5h30m or 0 (within ±14h)';
/** a signed offset from UTC (seconds) */
const utcOffset = () =>
  z
    .union([z.number(), z.string()], { error: OFFSET_EXPECTED })
    .describe(OFFSET_EXPECTED)
    .transform((input, ctx) => {
      const text = typeof input === 'number' ? String(input) : input.trim();
      const sign = text.startsWith('-') ? -1 : 1;
      const result = readDuration(text.replace(/^[+-]/, ''));
      if (!result.ok || result.value > 14 * 3600) {
        ctx.addIssue({ code: 'custom', message: OFFSET_EXPECTED });
        return z.NEVER;
      }
      return sign * result.value;
    });

/** a start: a duration from the beginning of the run, or a local clock time (the first time the region's clock shows it) */
const START_EXPECTED = `${DURATION_EXPECTED}, or a local clock time like 20:00`;
const eventStart = () =>
  z
    .union([z.number(), z.string()], { error: START_EXPECTED })
    .describe(START_EXPECTED)
    .transform((input, ctx): { atS: number } | { clockS: number } => {
      const clock = readClockTime(input);
      if (clock !== null) return { clockS: clock };
      const result = readDuration(input);
      if (result.ok && result.value >= 0) return { atS: result.value };
      ctx.addIssue({ code: 'custom', message: START_EXPECTED });
      return z.NEVER;
    });
type EventStart = z.output<ReturnType<typeof eventStart>>;

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

const workloadSchema = obj({
  region: region(),
  cdn: cdnId(),
  base: z.preprocess((b) => (typeof b === 'object' && b !== null && !('process' in b) ? { process: 'poisson', ...b } : b), baseSchema),
  daily: dailySchema.nullish(),
  clients: obj({ ratePerClientPerS: positive('a positive rate (requests per second per client)') }).nullish(),
  events: z.array(eventSchema, { error: 'a list of events' }).default([]),
  tokens: tokensSchema.optional(),
});
export type ParsedWorkload = z.output<typeof workloadSchema>;

const RULE_WORDS: Record<string, string> = { share: 'share', overflow: 'overflow', 'load-proximity': 'loadProximity', sla: 'sla' };
const RULE_KEYS = ['share', 'overflow', 'threshold', 'loadProximity', 'sla'] as const;
const slaRuleSchema = obj({
  meanMs: positive().optional(),
  p95Ms: positive().optional(),
  interval: duration().default(SLA_INTERVAL_S),
  gain: z.number({ error: 'a number in (0, 1]' }).gt(0, { error: 'a number in (0, 1]' }).max(1, { error: 'a number in (0, 1]' }).default(SLA_GAIN),
}).superRefine(exactlyOne(['meanMs', 'p95Ms']));
/** a redirection rule: a word (share, overflow, load-proximity) or a mapping with one key */
const ruleSchema = z
  .preprocess(
    (r) => (typeof r === 'string' && r in RULE_WORDS ? { [RULE_WORDS[r]]: {} } : r),
    obj({
      share: obj({}).optional(),
      overflow: obj({}).optional(),
      threshold: nonNegativeInt('a whole number of requests ≥ 0').optional(),
      loadProximity: obj({ loadWeight: fraction().default(0.5), inSystem: nonNegativeInt().nullish() }).optional(),
      sla: slaRuleSchema.optional(),
    }).superRefine(exactlyOne(RULE_KEYS)),
  )
  .transform((r): RedirectionRule => {
    if (r.overflow) return { kind: 'overflow' };
    if (r.threshold !== undefined) return { kind: 'threshold', inSystem: r.threshold };
    if (r.loadProximity) return { kind: 'load-proximity', inSystem: r.loadProximity.inSystem ?? null, loadWeight: r.loadProximity.loadWeight };
    if (r.sla) {
      const statistic = r.sla.meanMs !== undefined ? 'mean' : 'p95';
      return { kind: 'sla', statistic, targetMs: (r.sla.meanMs ?? r.sla.p95Ms) as number, intervalS: r.sla.interval, gain: r.sla.gain };
    }
    return { kind: 'share' };
  });
const routingSchema = obj({
  cdn: cdnId(),
  to: cdnId(),
  region: region().nullish(),
  share: fraction().optional(),
  rule: ruleSchema.optional(),
  slots: positive('a number of requests ≥ 1').min(1, { error: 'a number of requests ≥ 1' }).optional(),
  mode: oneOf(['iterative', 'recursive']).optional(),
})
  .superRefine((r, ctx) => {
    if (r.share === undefined && (r.rule === undefined || r.rule.kind === 'share'))
      ctx.addIssue({ code: 'custom', path: ['share'], message: 'a number from 0 to 1' });
    if (r.slots !== undefined && r.rule?.kind !== 'load-proximity')
      ctx.addIssue({ code: 'custom', path: ['slots'], message: 'no slots (only a load-proximity rule has them)' });
  })
  .transform((r) => ({
    cdn: r.cdn,
    to: r.to,
    region: r.region ?? null,
    // conditional rules redirect every triggered request unless a share says otherwise; sla starts from 0
    share: r.share ?? (r.rule?.kind === 'sla' ? 0 : 1),
    ...(r.rule === undefined || r.rule.kind === 'share' ? {} : { rule: r.rule }),
    ...(r.slots === undefined ? {} : { slots: r.slots }),
    ...(r.mode === undefined ? {} : { mode: r.mode }),
  }));

const faultSchema = z.discriminatedUnion(
  'type',
  [
    obj({ at: duration('non-negative'), type: literal('site-down'), cdn: cdnId(), region: region(), for: duration().nullish() }).transform((f) => ({
      type: f.type,
      atS: f.at,
      cdn: f.cdn,
      region: f.region,
      forS: f.for ?? null,
    })),
    obj({ at: duration('non-negative'), type: literal('cdn-down'), cdn: cdnId(), for: duration().nullish() }).transform((f) => ({
      type: f.type,
      atS: f.at,
      cdn: f.cdn,
      forS: f.for ?? null,
    })),
    obj({ at: duration('non-negative'), type: literal('agent-crash'), cdn: cdnId(), for: duration().nullish() }).transform((f) => ({
      type: f.type,
      atS: f.at,
      cdn: f.cdn,
      forS: f.for ?? null,
    })),
    obj({ at: duration('non-negative'), type: literal('partition'), a: cdnId(), b: cdnId(), for: duration().nullish() }).transform((f) => ({
      type: f.type,
      atS: f.at,
      a: f.a,
      b: f.b,
      forS: f.for ?? null,
    })),
  ],
  { error: 'a fault of type site-down, cdn-down, agent-crash or partition' },
);

const contractSchema = obj({
  primary: cdnId(),
  peer: cdnId(),
  regions: z.array(region(), { error: 'a list of regions' }).nullish(),
  capacityRps: positive(),
  pricePerGB: nonNegative(),
  reservationPerRpsHour: nonNegative().default(0),
  start: duration('non-negative').default(0),
  duration: duration(),
  p95Ms: positive().default(250),
  maxRejectedShare: fraction().default(0.01),
  penaltyPerViolation: nonNegative().default(0.5),
  notice: duration('non-negative').prefault('1m'),
}).transform((c) => ({
  primary: c.primary,
  peer: c.peer,
  regions: c.regions ?? null,
  capacityRps: c.capacityRps,
  pricePerGB: c.pricePerGB,
  reservationPerRpsHour: c.reservationPerRpsHour,
  startS: c.start,
  durationS: c.duration,
  p95LatencyMs: c.p95Ms,
  maxRejectedShare: c.maxRejectedShare,
  penaltyPerViolation: c.penaltyPerViolation,
  noticeS: c.notice,
}));

const controlSchema = obj({
  lossRate: fraction().default(0),
  jitterMs: nonNegative().default(0),
  // cascaded FCI: transit CDNs relay the advertisements they hear (absent: off, and not in the resolved scenario)
  relayAdvertisements: z.boolean({ error: 'true or false' }).optional(),
}).prefault({});

/** the control network as resolved: `relayAdvertisements` only when given, so older scenarios keep their content hash */
function peeringControl(c: { lossRate: number; jitterMs: number; relayAdvertisements?: boolean }): Scenario['peering']['control'] {
  return { lossRate: c.lossRate, jitterMs: c.jitterMs, ...(c.relayAdvertisements === undefined ? {} : { relayAdvertisements: c.relayAdvertisements }) };
}

// ── the whole file ────────────────────────────────────────────────────────────────────────────

const list = <T extends z.ZodType>(item: T, what: string) => z.array(item, { error: `a list of ${what}` });

const NAME_EXPECTED = 'a name of letters, digits, ".", "_" or "-"';
const NAME_LENGTH_EXPECTED = `a name of at most ${SCHEMA_LIMITS.nameLength} characters (it names the default output folder)`;
const RUN_EXPECTED = 'a run of at most 365d';

// replication and consistency (resolved, checked and written back by ./content-schema)
const contentSchema = obj({
  replication: oneOf(['push', 'pull']).optional(),
  source: oneOf(['primary', 'origin']).optional(),
  acquisitionBandwidth: bandwidth().optional(),
  cacheTtl: duration().optional(),
  egressPerGB: nonNegative().optional(),
  changes: list(
    obj({
      at: duration('non-negative'),
      objects: obj({
        ranks: z.tuple([nonNegativeInt(), nonNegativeInt()], { error: 'a pair [first, last] of object indices' }).optional(),
        random: positiveInt().optional(),
      }).superRefine(exactlyOne(['ranks', 'random'])),
      signal: oneOf(['invalidate', 'expiry']).default('invalidate'),
      inlineBelow: size().optional(),
    }),
    'content changes',
  )
    .max(SCHEMA_LIMITS.contentChanges, { error: `at most ${SCHEMA_LIMITS.contentChanges} content changes` })
    .default([]),
});

const fileObjectSchema = obj({
  name: z.string({ error: NAME_EXPECTED }).max(SCHEMA_LIMITS.nameLength, { error: NAME_LENGTH_EXPECTED, abort: true }).regex(NAME, { error: NAME_EXPECTED }),
  description: z.string({ error: 'a string' }).default(''),
  seed: nonNegativeInt().default(1),
  duration: duration().refine((s) => s <= SCHEMA_LIMITS.maxRunS, { error: RUN_EXPECTED }),
  window: duration().prefault('60s'),
  warmup: duration('non-negative').default(0),
  peering: obj({ enabled: z.boolean({ error: 'true or false' }).default(true), control: controlSchema }).prefault({}),
  regions: list(region(), 'region names')
    .min(1, { error: 'at least one region' })
    .max(SCHEMA_LIMITS.regions, { error: `at most ${SCHEMA_LIMITS.regions} regions` }),
  network: networkSchema,
  origin: obj({ region: region().optional(), bandwidth: bandwidth().prefault('1Gbit/s') }).prefault({}),
  catalog: catalogSchema,
  cdns: list(cdnSchema, 'CDNs')
    .min(1, { error: 'at least one CDN' })
    .max(SCHEMA_LIMITS.cdns, { error: `at most ${SCHEMA_LIMITS.cdns} CDNs` }),
  clock: obj({ start: clockTime().prefault('00:00') }).prefault({}),
  timezones: z.record(region(), utcOffset(), { error: 'a mapping of region names to UTC offsets' }).default({}),
  workload: list(workloadSchema, 'workloads').min(1, { error: 'at least one workload' }),
  routing: list(routingSchema, 'routing shares').default([]),
  contracts: list(contractSchema, 'contracts').default([]),
  faults: list(faultSchema, 'faults').default([]),
  measure: obj({
    topK: positiveInt().optional(),
    requestLog: z.boolean({ error: 'true or false' }).default(false),
    cdniLogs: z.boolean({ error: 'true or false' }).default(false),
  }).prefault({}),
  content: contentSchema.optional(),
});
type ParsedFile = z.output<typeof fileObjectSchema>;

/** the local time of day (s) at the start of the run in a region */
function localStartOf(f: ParsedFile, region: string): number {
  const local = f.clock.start + (f.timezones[region] ?? 0);
  return ((local % 86400) + 86400) % 86400;
}

/** a start as seconds from the beginning of the run: a local clock time is its first time at or after 0 */
function startS(start: EventStart, localStartS: number): number {
  return 'atS' in start ? start.atS : (((start.clockS - localStartS) % 86400) + 86400) % 86400;
}

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

function resolveWorkload(w: ParsedWorkload, localStartS: number): WorkloadSpec {
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

function resolveScenario(f: ParsedFile): Scenario {
  return {
    name: f.name,
    description: f.description,
    seed: f.seed,
    durationS: f.duration,
    windowS: f.window,
    // absent when 0, so a scenario without a warm-up keeps the content hash it had before the field
    ...(f.warmup > 0 ? { warmupS: f.warmup } : {}),
    peering: { enabled: f.peering.enabled, control: peeringControl(f.peering.control) },
    regions: f.regions,
    network: f.network,
    origin: { region: f.origin.region ?? f.regions[0], bytesPerS: f.origin.bandwidth },
    catalog: f.catalog,
    cdns: f.cdns,
    ...(f.clock.start !== 0 ? { clockStartS: f.clock.start } : {}),
    ...(Object.keys(f.timezones).length > 0 ? { timezones: f.timezones } : {}),
    workload: f.workload.map((w) => resolveWorkload(w, localStartOf(f, w.region))),
    routing: f.routing,
    contracts: f.contracts,
    faults: f.faults,
    ...measureOf(f),
    ...(f.content === undefined ? {} : { content: resolveContent(f.content) }),
  };
}

/** `measure`, absent when every field is its default (so the content hash stays what it was without it) */
function measureOf(f: ParsedFile): { measure?: Scenario['measure'] } {
  const topK = f.measure.topK ?? Math.min(DEFAULT_TOP_K, f.catalog.objects);
  const isDefault = topK === Math.min(DEFAULT_TOP_K, f.catalog.objects) && !f.measure.requestLog && !f.measure.cdniLogs;
  return isDefault ? {} : { measure: { topK, requestLog: f.measure.requestLog, ...(f.measure.cdniLogs ? { cdniLogs: true } : {}) } };
}

/**
 * The scenario file schema: shape, units, defaults and per-object rules, resolving into a
 * Scenario. Rules across objects (ids, regions, routing sums) are in `checkReferences`, which
 * runs on the raw document so that they are reported together with shape issues.
 */
export const scenarioFileSchema = fileObjectSchema
  .superRefine((f, ctx) => {
    if (f.window > f.duration) {
      ctx.addIssue({ code: 'custom', path: ['window'], message: `a window no longer than the duration (${f.duration}s)` });
    }
    if (f.measure.topK !== undefined && f.measure.topK > f.catalog.objects) {
      ctx.addIssue({ code: 'custom', path: ['measure', 'topK'], message: `a positive integer of at most the catalog's ${f.catalog.objects} objects` });
    }
    for (const [path, message] of f.content === undefined ? [] : contentIssues(f.content, f.catalog.objects))
      ctx.addIssue({ code: 'custom', path: ['content', ...path], message });
    if (f.warmup >= f.duration) {
      ctx.addIssue({ code: 'custom', path: ['warmup'], message: `a warm-up shorter than the duration (${f.duration}s)` });
    }
  })
  .transform(resolveScenario);

/** JSON Schema of the scenario file format (the input side: before defaults and units), for editors. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioFileSchema, { io: 'input', unrepresentable: 'any' });
  return { ...schema, title: 'autopeer scenario', description: 'A scenario file of the autopeer simulator.' };
}
