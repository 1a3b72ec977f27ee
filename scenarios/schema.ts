// The scenario FILE format as users write it: a strict zod schema (unknown fields are errors) with
// defaults and unit parsing that transforms into the resolved Scenario of ./types.ts. This module
// holds the file as a whole — its top-level fields, the catalog, the checks across its parts — and
// its resolution; each part's schema is a module of its own (./cdn-schema, ./network-schema,
// ./workload-schema, ./peering-schema, ./fault-schema, ./content-schema), built from the field
// helpers of ./schema-fields. Rules across objects (ids, regions, routing sums) are in
// ./references. Must not depend on cdn/, agents/, policies/, reports/ or cli/.
import { z } from 'zod';
import { DEFAULT_TOP_K, type Scenario, type SizeModel } from './types.js';
import { cdnSchema } from './cdn-schema.js';
import { clockTime, utcOffset } from './clock-fields.js';
import { contentIssues, contentSchema, resolveContent } from './content-schema.js';
import { faultSchema } from './fault-schema.js';
import { networkSchema, routingSchema } from './network-schema.js';
import { contractSchema, controlSchema, peeringControl } from './peering-schema.js';
import {
  SCHEMA_LIMITS,
  bandwidth,
  duration,
  exactlyOne,
  list,
  nonNegative,
  nonNegativeInt,
  obj,
  ordered,
  positive,
  positiveInt,
  region,
  sigma,
  size,
} from './schema-fields.js';
import { resolveWorkload, workloadSchema } from './workload-schema.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const DEFAULT_CATALOG_OBJECTS = 10000;

// ── the catalog ───────────────────────────────────────────────────────────────────────────────

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

// ── the whole file ────────────────────────────────────────────────────────────────────────────

const NAME_EXPECTED = 'a name of letters, digits, ".", "_" or "-"';
const NAME_LENGTH_EXPECTED = `a name of at most ${SCHEMA_LIMITS.nameLength} characters (it names the default output folder)`;
const RUN_EXPECTED = 'a run of at most 365d';

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
