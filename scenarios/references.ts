// Cross-reference rules of a scenario file that no single field's schema can check: unique ids,
// known regions and CDNs (with a did-you-mean), roles of a contract's CDNs, routing shares per
// (cdn, region) summing to at most 1; the timing rules (./timing-checks) and conflicting round trips.
// Runs on the raw document (tolerating wrong shapes, which the schema reports) so every issue is
// reported at once.
import { didYouMeanSuffix } from '../input/did-you-mean.js';
import { formatFound, formatPath } from '../input/input-error.js';
import { DEFAULT_CATALOG_OBJECTS } from './schema.js';
import { checkTiming, type TimingOptions } from './timing-checks.js';

import { isRecord, records, type Doc, type Path, type ReferenceIssue } from './raw-document.js';

export type { ReferenceIssue } from './raw-document.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Names listed in an "expected one of …" message: beyond them, a count. */
const MAX_LISTED = 20;

interface Context {
  issues: ReferenceIssue[];
  /** null when the list itself is malformed: references to it are then not checked */
  regions: string[] | null;
  cdnIds: string[] | null;
  /** the same lists as sets, for fast lookups */
  known: Map<string[], Set<string>>;
}

function report(ctx: Context, path: Path, expected: string, found: string): void {
  ctx.issues.push({ path, expected, found });
}

/** `a, b, c` — or the first MAX_LISTED and `… (N more)`. */
export function listNames(names: readonly string[]): string {
  if (names.length <= MAX_LISTED) return names.join(', ');
  return `${names.slice(0, MAX_LISTED).join(', ')}, … (${names.length - MAX_LISTED} more)`;
}

/** Reports `value` at `path` unless it is one of `known` (or unless it is not a string at all), with a did-you-mean. */
function expectKnown(ctx: Context, path: Path, value: unknown, known: string[] | null, what: string): void {
  if (known === null || typeof value !== 'string') return;
  let set = ctx.known.get(known);
  if (set === undefined) ctx.known.set(known, (set = new Set(known)));
  if (set.has(value)) return;
  report(ctx, path, `one of the ${what} (${listNames(known)})`, `${formatFound(value)}${didYouMeanSuffix(value, known)}`);
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
  expectUnique(
    ctx,
    cdns.map(([c, i]) => [str(c.id), ['cdns', i, 'id']]),
    'CDN id',
  );
  for (const [cdn, i] of cdns) {
    const sites = records(cdn.sites);
    expectUnique(
      ctx,
      sites.map(([s, j]) => [str(s.id), ['cdns', i, 'sites', j, 'id']]),
      `site id within CDN ${cdn.id}`,
    );
    for (const [site, j] of sites) expectKnown(ctx, ['cdns', i, 'sites', j, 'region'], site.region, ctx.regions, 'regions');
    const metadata = isRecord(cdn.metadata) ? cdn.metadata : {};
    for (const [rule, j] of records(metadata.locations)) {
      const regions = Array.isArray(rule.regions) ? rule.regions : [];
      regions.forEach((r, k) => expectKnown(ctx, ['cdns', i, 'metadata', 'locations', j, 'regions', k], r, ctx.regions, 'regions'));
    }
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
  const byId = new Map(cdns.map(([c]) => [c.id, c]));
  for (const [fault, i] of records(doc.faults)) {
    if (fault.type === 'partition') {
      expectKnown(ctx, ['faults', i, 'a'], fault.a, ctx.cdnIds, 'CDN ids');
      expectKnown(ctx, ['faults', i, 'b'], fault.b, ctx.cdnIds, 'CDN ids');
      if (typeof fault.b === 'string' && fault.b === fault.a)
        report(ctx, ['faults', i, 'b'], `a CDN other than ${fault.a} itself (a partition is between two CDNs)`, formatFound(fault.b));
      continue;
    }
    expectKnown(ctx, ['faults', i, 'cdn'], fault.cdn, ctx.cdnIds, 'CDN ids');
    if (fault.type !== 'site-down') continue;
    expectKnown(ctx, ['faults', i, 'region'], fault.region, ctx.regions, 'regions');
    const cdn = byId.get(fault.cdn);
    const siteRegions = records(cdn?.sites).map(([s]) => str(s.region) ?? '');
    if (cdn && typeof fault.region === 'string' && ctx.regions?.includes(fault.region) && !siteRegions.includes(fault.region)) {
      report(ctx, ['faults', i, 'region'], `a region where CDN ${fault.cdn} has a site (${siteRegions.join(', ')})`, formatFound(fault.region));
    }
  }
}

function checkContracts(ctx: Context, doc: Doc): void {
  // a CDN with a policy of its own may play both roles (the policy's roles are checked with the policies: scenarios/policies.ts)
  const roles = new Map(records(doc.cdns).map(([c]) => [c.id, c.policy === undefined || c.policy === null ? c.role : 'own-policy']));
  for (const [c, i] of records(doc.contracts)) {
    expectKnown(ctx, ['contracts', i, 'primary'], c.primary, ctx.cdnIds, 'CDN ids');
    expectKnown(ctx, ['contracts', i, 'peer'], c.peer, ctx.cdnIds, 'CDN ids');
    if (typeof c.peer === 'string' && c.peer === c.primary) report(ctx, ['contracts', i, 'peer'], `a CDN other than ${c.primary} itself`, formatFound(c.peer));
    expectRole(ctx, ['contracts', i, 'primary'], c.primary, roles, 'primary');
    expectRole(ctx, ['contracts', i, 'peer'], c.peer, roles, 'peer');
    for (const [r, k] of Array.isArray(c.regions) ? c.regions.map((x: unknown, j: number) => [x, j] as const) : []) {
      expectKnown(ctx, ['contracts', i, 'regions', k], r, ctx.regions, 'regions');
    }
  }
}

/** A contract's CDN must have the role it plays in the contract (a known CDN with another role is reported). */
function expectRole(ctx: Context, path: Path, id: unknown, roles: Map<unknown, unknown>, role: 'primary' | 'peer'): void {
  const actual = roles.get(id);
  if (typeof id !== 'string' || (actual !== 'primary' && actual !== 'peer') || actual === role) return;
  report(ctx, path, `a CDN with the ${role} role (the contract's ${role})`, `${formatFound(id)}, a ${actual}`);
}

function checkRouting(ctx: Context, doc: Doc): void {
  // per CDN: the sum of its shares for all regions, and of its shares for one region (linear, not regions × rules)
  const all = new Map<string, number>();
  const one = new Map<string, Map<string, number>>();
  const maxOne = new Map<string, number>();
  for (const [r, i] of records(doc.routing)) {
    expectKnown(ctx, ['routing', i, 'cdn'], r.cdn, ctx.cdnIds, 'CDN ids');
    expectKnown(ctx, ['routing', i, 'to'], r.to, ctx.cdnIds, 'CDN ids');
    if (r.region !== undefined && r.region !== null) expectKnown(ctx, ['routing', i, 'region'], r.region, ctx.regions, 'regions');
    if (typeof r.to === 'string' && r.to === r.cdn) report(ctx, ['routing', i, 'to'], `a CDN other than ${r.cdn} itself`, formatFound(r.to));
    if (typeof r.share !== 'number' || typeof r.cdn !== 'string' || conditionalRule(r.rule)) continue;
    const specific = one.get(r.cdn) ?? new Map<string, number>();
    one.set(r.cdn, specific);
    let over: [string, number] | undefined;
    if (typeof r.region === 'string') {
      const sum = (specific.get(r.region) ?? 0) + r.share;
      specific.set(r.region, sum);
      maxOne.set(r.cdn, Math.max(maxOne.get(r.cdn) ?? 0, sum));
      if ((all.get(r.cdn) ?? 0) + sum > 1 + 1e-9) over = [r.region, (all.get(r.cdn) ?? 0) + sum];
    } else {
      const base = (all.get(r.cdn) ?? 0) + r.share;
      all.set(r.cdn, base);
      // only an error needs the region named: the first (in the regions' order) that is over
      if (base + (maxOne.get(r.cdn) ?? 0) > 1 + 1e-9) {
        const region = (ctx.regions ?? []).find((name) => base + (specific.get(name) ?? 0) > 1 + 1e-9);
        if (region !== undefined) over = [region, base + (specific.get(region) ?? 0)];
      }
    }
    if (over)
      report(ctx, ['routing', i, 'share'], `shares of CDN ${r.cdn} in ${over[0]} summing to at most 1`, `${r.share} (sum ${Number(over[1].toFixed(9))})`);
  }
}

function checkNetworkAndOrigin(ctx: Context, doc: Doc): void {
  const rtt = isRecord(doc.network) && isRecord(doc.network.rttMs) ? doc.network.rttMs : {};
  const seen = new Map<string, [number, number]>();
  for (const [pair, i] of records(rtt.pairs)) {
    expectKnown(ctx, ['network', 'rttMs', 'pairs', i, 'a'], pair.a, ctx.regions, 'regions');
    expectKnown(ctx, ['network', 'rttMs', 'pairs', i, 'b'], pair.b, ctx.regions, 'regions');
    if (typeof pair.a !== 'string' || typeof pair.b !== 'string' || typeof pair.ms !== 'number') continue;
    const key = JSON.stringify([pair.a, pair.b].sort());
    const earlier = seen.get(key);
    if (earlier === undefined) seen.set(key, [i, pair.ms]);
    else if (earlier[1] !== pair.ms) {
      report(
        ctx,
        ['network', 'rttMs', 'pairs', i, 'ms'],
        `one round-trip time per pair of regions (network.rttMs.pairs[${earlier[0]}] gives ${pair.a}–${pair.b} ${earlier[1]} ms)`,
        formatFound(pair.ms),
      );
    }
  }
  if (isRecord(doc.origin)) expectKnown(ctx, ['origin', 'region'], doc.origin.region, ctx.regions, 'regions');
}

/** Every cross-reference issue of a raw scenario document (before defaults). */
export function checkReferences(doc: unknown, timing: TimingOptions = {}): ReferenceIssue[] {
  if (!isRecord(doc)) return [];
  const regions = stringList(doc.regions);
  const cdnIds = stringList(Array.isArray(doc.cdns) ? doc.cdns.map((c) => (isRecord(c) ? c.id : undefined)) : null);
  const ctx: Context = { issues: [], regions, cdnIds, known: new Map() };
  if (Array.isArray(doc.regions))
    expectUnique(
      ctx,
      doc.regions.map((r, i) => [str(r), ['regions', i]]),
      'region',
    );
  checkCdns(ctx, doc);
  checkWorkload(ctx, doc);
  checkFaults(ctx, doc);
  checkRouting(ctx, doc);
  checkContracts(ctx, doc);
  checkNetworkAndOrigin(ctx, doc);
  ctx.issues.push(...checkTiming(doc, timing));
  return ctx.issues;
}

/** a rule that redirects by the serving site's state (its share is a probability, not a slice of the traffic) */
function conditionalRule(rule: unknown): boolean {
  if (rule === 'overflow' || rule === 'load-proximity') return true;
  return isRecord(rule) && ('overflow' in rule || 'threshold' in rule || 'loadProximity' in rule);
}
