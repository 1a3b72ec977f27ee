// The scenario file's CDNs: each CDN's sites (servers, service-time model, queue, cache; sites
// without an id named after their region), its economics, its CDNI content metadata (location and
// time ACLs, cache TTL, URI signing; cdni.md), how it misbehaves as a peer, and its redirection
// modes. Optional fields are left absent from the resolved CdnSpec when not given, so scenarios
// without them keep their content hash. Must not depend on cdn/: types come via ./types only.
import { z } from 'zod';
import {
  bandwidth,
  cdnId,
  duration,
  exactlyOne,
  fraction,
  id,
  nonNegative,
  nonNegativeInt,
  obj,
  oneOf,
  ordered,
  positive,
  positiveInt,
  region,
  sigma,
  size,
} from './schema-fields.js';
import type { CdnSpec, ServiceTimeModel, SiteSpec } from './types.js';

// ── sites ─────────────────────────────────────────────────────────────────────────────────────

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

// ── CDNs ──────────────────────────────────────────────────────────────────────────────────────

export const cdnSchema = obj({
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
