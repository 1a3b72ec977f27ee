// The scenario file's network and routing: round-trip times between regions, how requests are
// redirected (iterative or recursive, over HTTP or DNS, answer TTLs, hop limits), how primaries
// probe their peers' health, and the routing shares and rules (share, overflow, threshold,
// load-proximity, an SLA controller) by which a CDN sends requests to another. Optional fields are
// left absent when not given, so scenarios without them keep their content hash. Must not depend
// on cdn/: types come via ./types only.
import { z } from 'zod';
import { cdnId, duration, exactlyOne, fraction, nonNegative, nonNegativeInt, obj, oneOf, positive, positiveInt, region } from './schema-fields.js';
import { SLA_GAIN, SLA_INTERVAL_S, type RedirectionRule } from './types.js';

export const networkSchema = obj({
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

// ── routing ───────────────────────────────────────────────────────────────────────────────────

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
export const routingSchema = obj({
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
