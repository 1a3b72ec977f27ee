// Cross-reference rules of a scenario file that no single field's schema can check: unique ids,
// known regions and CDNs, routing shares per (cdn, region) summing to at most 1. Runs on the raw
// document (tolerating wrong shapes, which the schema reports) so every issue is reported at once.
import { formatFound, formatPath } from '../core/input-error.js';
import { DEFAULT_CATALOG_OBJECTS } from './schema.js';

export interface ReferenceIssue {
  path: (string | number)[];
  expected: string;
  found: string;
}

type Doc = Record<string, unknown>;
type Path = (string | number)[];

const isRecord = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The elements of `value` that are mappings, with their indices. */
const records = (value: unknown): [Doc, number][] =>
  Array.isArray(value) ? value.flatMap((v, i): [Doc, number][] => (isRecord(v) ? [[v, i]] : [])) : [];
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

interface Context {
  issues: ReferenceIssue[];
  /** null when the list itself is malformed: references to it are then not checked */
  regions: string[] | null;
  cdnIds: string[] | null;
}

function report(ctx: Context, path: Path, expected: string, found: string): void {
  ctx.issues.push({ path, expected, found });
}

/** Reports `value` at `path` unless it is one of `known` (or unless it is not a string at all). */
function expectKnown(ctx: Context, path: Path, value: unknown, known: string[] | null, what: string): void {
  if (known === null || typeof value !== 'string' || known.includes(value)) return;
  report(ctx, path, `one of the ${what} (${known.join(', ')})`, formatFound(value));
}

/** Reports every later occurrence of an id already seen, pointing at the first one. */
function expectUnique(ctx: Context, entries: [string | undefined, Path][], what: string): void {
  const first = new Map<string, Path>();
  for (const [value, path] of entries) {
    if (value === undefined) continue;
    const earlier = first.get(value);
    if (earlier === undefined) first.set(value, path);
    else report(ctx, path, `a unique ${what} (${JSON.stringify(value)} is already used at ${formatPath(earlier)})`, formatFound(value));
  }
}

/** The distinct strings of a list, or null when it is not a list of strings. */
function stringList(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? [...new Set(value as string[])] : null;
}

function checkCdns(ctx: Context, doc: Doc): void {
  const cdns = records(doc.cdns);
  expectUnique(ctx, cdns.map(([c, i]) => [str(c.id), ['cdns', i, 'id']]), 'CDN id');
  for (const [cdn, i] of cdns) {
    const sites = records(cdn.sites);
    expectUnique(ctx, sites.map(([s, j]) => [str(s.id), ['cdns', i, 'sites', j, 'id']]), `site id within CDN ${cdn.id}`);
    for (const [site, j] of sites) expectKnown(ctx, ['cdns', i, 'sites', j, 'region'], site.region, ctx.regions, 'regions');
  }
}

function checkWorkload(ctx: Context, doc: Doc): void {
  const catalog = isRecord(doc.catalog) ? doc.catalog.objects : undefined;
  const objects = typeof catalog === 'number' ? catalog : DEFAULT_CATALOG_OBJECTS;
  for (const [w, i] of records(doc.workload)) {
    expectKnown(ctx, ['workload', i, 'region'], w.region, ctx.regions, 'regions');
    expectKnown(ctx, ['workload', i, 'cdn'], w.cdn, ctx.cdnIds, 'CDN ids');
    for (const [event, j] of records(w.events)) {
      if (typeof event.hotObjects === 'number' && event.hotObjects > objects) {
        report(ctx, ['workload', i, 'events', j, 'hotObjects'], `at most the catalog's ${objects} objects`, formatFound(event.hotObjects));
      }
    }
  }
}

function checkFaults(ctx: Context, doc: Doc): void {
  const cdns = records(doc.cdns);
  for (const [fault, i] of records(doc.faults)) {
    if (fault.type === 'partition') {
      expectKnown(ctx, ['faults', i, 'a'], fault.a, ctx.cdnIds, 'CDN ids');
      expectKnown(ctx, ['faults', i, 'b'], fault.b, ctx.cdnIds, 'CDN ids');
      continue;
    }
    expectKnown(ctx, ['faults', i, 'cdn'], fault.cdn, ctx.cdnIds, 'CDN ids');
    if (fault.type !== 'site-down') continue;
    expectKnown(ctx, ['faults', i, 'region'], fault.region, ctx.regions, 'regions');
    const cdn = cdns.find(([c]) => c.id === fault.cdn)?.[0];
    const siteRegions = records(cdn?.sites).map(([s]) => str(s.region) ?? '');
    if (cdn && typeof fault.region === 'string' && ctx.regions?.includes(fault.region) && !siteRegions.includes(fault.region)) {
      report(ctx, ['faults', i, 'region'], `a region where CDN ${fault.cdn} has a site (${siteRegions.join(', ')})`, formatFound(fault.region));
    }
  }
}

function checkContracts(ctx: Context, doc: Doc): void {
  for (const [c, i] of records(doc.contracts)) {
    expectKnown(ctx, ['contracts', i, 'primary'], c.primary, ctx.cdnIds, 'CDN ids');
    expectKnown(ctx, ['contracts', i, 'peer'], c.peer, ctx.cdnIds, 'CDN ids');
    if (typeof c.peer === 'string' && c.peer === c.primary) report(ctx, ['contracts', i, 'peer'], `a CDN other than ${c.primary} itself`, formatFound(c.peer));
    for (const [r, k] of Array.isArray(c.regions) ? c.regions.map((x: unknown, j: number) => [x, j] as const) : []) {
      expectKnown(ctx, ['contracts', i, 'regions', k], r, ctx.regions, 'regions');
    }
  }
}

function checkRouting(ctx: Context, doc: Doc): void {
  const sums = new Map<string, number>();
  for (const [r, i] of records(doc.routing)) {
    expectKnown(ctx, ['routing', i, 'cdn'], r.cdn, ctx.cdnIds, 'CDN ids');
    expectKnown(ctx, ['routing', i, 'to'], r.to, ctx.cdnIds, 'CDN ids');
    if (r.region !== undefined && r.region !== null) expectKnown(ctx, ['routing', i, 'region'], r.region, ctx.regions, 'regions');
    if (typeof r.to === 'string' && r.to === r.cdn) report(ctx, ['routing', i, 'to'], `a CDN other than ${r.cdn} itself`, formatFound(r.to));
    if (typeof r.share !== 'number' || typeof r.cdn !== 'string') continue;
    const regions = typeof r.region === 'string' ? [r.region] : (ctx.regions ?? []);
    for (const region of regions) {
      const sum = (sums.get(`${r.cdn}/${region}`) ?? 0) + r.share;
      sums.set(`${r.cdn}/${region}`, sum);
      if (sum > 1 + 1e-9) {
        report(ctx, ['routing', i, 'share'], `shares of CDN ${r.cdn} in ${region} summing to at most 1`, `${r.share} (sum ${Number(sum.toFixed(9))})`);
        break;
      }
    }
  }
}

function checkNetworkAndOrigin(ctx: Context, doc: Doc): void {
  const rtt = isRecord(doc.network) && isRecord(doc.network.rttMs) ? doc.network.rttMs : {};
  for (const [pair, i] of records(rtt.pairs)) {
    expectKnown(ctx, ['network', 'rttMs', 'pairs', i, 'a'], pair.a, ctx.regions, 'regions');
    expectKnown(ctx, ['network', 'rttMs', 'pairs', i, 'b'], pair.b, ctx.regions, 'regions');
  }
  if (isRecord(doc.origin)) expectKnown(ctx, ['origin', 'region'], doc.origin.region, ctx.regions, 'regions');
}

/** Every cross-reference issue of a raw scenario document (before defaults). */
export function checkReferences(doc: unknown): ReferenceIssue[] {
  if (!isRecord(doc)) return [];
  const regions = stringList(doc.regions);
  const cdnIds = stringList(Array.isArray(doc.cdns) ? doc.cdns.map((c) => (isRecord(c) ? c.id : undefined)) : null);
  const ctx: Context = { issues: [], regions, cdnIds };
  if (Array.isArray(doc.regions)) expectUnique(ctx, doc.regions.map((r, i) => [str(r), ['regions', i]]), 'region');
  checkCdns(ctx, doc);
  checkWorkload(ctx, doc);
  checkFaults(ctx, doc);
  checkRouting(ctx, doc);
  checkContracts(ctx, doc);
  checkNetworkAndOrigin(ctx, doc);
  return ctx.issues;
}
