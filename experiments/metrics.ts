// The key metrics of a run, read from its report.json (the contract), for runs.csv, summaries and
// compare. Fixed metrics have names (servedShare, latencyP95Ms, …); per-CDN ones are `utility.<cdn>`
// and `cost.<cdn>`; any other numeric field of report.json is `report:<dot.path>` (like
// opp_scavetool's queries). A metric that a run does not define (no arrangement, no such CDN) is null.

export interface MetricDefinition {
  name: string;
  unit: string;
  description: string;
  /** true when a larger value is better (for charts' and compare's wording) */
  higherIsBetter: boolean;
}

type Json = unknown;

const isRecord = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** the value at a dot path of a parsed JSON document, or undefined */
export function valueAt(doc: Json, path: string): Json {
  let node = doc;
  for (const segment of path.split('.')) {
    if (Array.isArray(node) && /^\d+$/.test(segment)) node = node[Number(segment)];
    else if (isRecord(node) && Object.hasOwn(node, segment)) node = node[segment];
    else return undefined;
  }
  return node;
}

const numberAt = (doc: Json, path: string): number | null => {
  const v = valueAt(doc, path);
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};

const share = (doc: Json, part: string): number | null => {
  const arrived = numberAt(doc, 'requests.arrived');
  const n = numberAt(doc, part);
  return arrived === null || n === null || arrived === 0 ? null : n / arrived;
};

const arrangements = (doc: Json): Json[] => {
  const a = valueAt(doc, 'arrangements');
  return Array.isArray(a) ? a : [];
};

interface FixedMetric extends MetricDefinition {
  of(report: Json): number | null;
}

const FIXED: FixedMetric[] = [
  { name: 'servedShare', unit: 'share', description: 'requests served (anywhere) / arrived', higherIsBetter: true, of: (r) => share(r, 'requests.served') },
  { name: 'rejectedShare', unit: 'share', description: 'requests rejected / arrived', higherIsBetter: false, of: (r) => share(r, 'requests.rejected') },
  { name: 'peerShare', unit: 'share', description: 'requests served by peers / arrived', higherIsBetter: true, of: (r) => share(r, 'requests.servedByPeers') },
  { name: 'latencyMeanMs', unit: 'ms', description: 'mean latency of served requests', higherIsBetter: false, of: (r) => numberAt(r, 'latencyMs.mean') },
  { name: 'latencyP95Ms', unit: 'ms', description: 'p95 latency of served requests', higherIsBetter: false, of: (r) => numberAt(r, 'latencyMs.p95') },
  { name: 'latencyP99Ms', unit: 'ms', description: 'p99 latency of served requests', higherIsBetter: false, of: (r) => numberAt(r, 'latencyMs.p99') },
  { name: 'waitMeanMs', unit: 'ms', description: 'mean queueing delay of served requests', higherIsBetter: false, of: (r) => numberAt(r, 'waitMs.mean') },
  {
    name: 'slaViolations',
    unit: 'windows',
    description: 'SLA violations over all arrangements',
    higherIsBetter: false,
    of: (r) => arrangements(r).reduce<number>((n, a) => n + (numberAt(a, 'slaViolations') ?? 0), 0),
  },
  { name: 'arrangements', unit: 'count', description: 'arrangements made (negotiated and contracts)', higherIsBetter: true, of: (r) => arrangements(r).length },
  {
    name: 'detectionToAgreementS',
    unit: 's',
    description: 'mean time from detecting the need to agreeing an arrangement',
    higherIsBetter: false,
    of: (r) => numberAt(r, 'negotiations.meanDetectionToAgreementS'),
  },
  {
    name: 'controlMessages',
    unit: 'count',
    description: 'control-plane messages sent',
    higherIsBetter: false,
    of: (r) => numberAt(r, 'negotiations.messages'),
  },
];

const PER_CDN: Record<string, MetricDefinition & { field: string }> = {
  utility: { name: 'utility', unit: 'USD', description: "the CDN's revenue − cost − penalties over the run", higherIsBetter: true, field: 'economics.utility' },
  cost: { name: 'cost', unit: 'USD', description: "the CDN's cost (servers and fees paid) over the run", higherIsBetter: false, field: 'economics.cost' },
  revenue: { name: 'revenue', unit: 'USD', description: "the CDN's revenue over the run", higherIsBetter: true, field: 'economics.revenue' },
};

const REPORT_PREFIX = 'report:';
const CDN_ID = /^[A-Za-z0-9_-]+$/;

/** Whether `name` is a metric this module can compute (fixed, `<per-cdn>.<cdn>` or `report:<path>`). */
export function isMetricName(name: string): boolean {
  if (FIXED.some((m) => m.name === name)) return true;
  if (name.startsWith(REPORT_PREFIX)) return /^[A-Za-z0-9_]+(\.[A-Za-z0-9_-]+)*$/.test(name.slice(REPORT_PREFIX.length));
  const dot = name.indexOf('.');
  return dot > 0 && Object.hasOwn(PER_CDN, name.slice(0, dot)) && CDN_ID.test(name.slice(dot + 1));
}

/** what a metric means, for summaries and the reference */
export function describeMetric(name: string): MetricDefinition {
  const fixed = FIXED.find((m) => m.name === name);
  if (fixed) return { name, unit: fixed.unit, description: fixed.description, higherIsBetter: fixed.higherIsBetter };
  if (name.startsWith(REPORT_PREFIX)) return { name, unit: '', description: `report.json ${name.slice(REPORT_PREFIX.length)}`, higherIsBetter: true };
  if (!isMetricName(name)) throw new Error(`not a metric: ${JSON.stringify(name)} (expected ${metricNamesHelp()})`);
  const [kind, cdn] = [name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1)];
  const def = PER_CDN[kind];
  return { name, unit: def.unit, description: def.description.replace('the CDN', cdn), higherIsBetter: def.higherIsBetter };
}

/** the fixed metrics every sweep reports by default, followed by utility and cost of each CDN */
export function defaultMetrics(cdnIds: readonly string[]): string[] {
  return [...FIXED.map((m) => m.name), ...cdnIds.map((id) => `utility.${id}`), ...cdnIds.map((id) => `cost.${id}`)];
}

/** every metric name a user may choose, for help texts and errors */
export function metricNamesHelp(): string {
  return `${FIXED.map((m) => m.name).join(', ')}, ${Object.keys(PER_CDN)
    .map((k) => `${k}.<cdn>`)
    .join(', ')}, or report:<dot.path into report.json>`;
}

/** The metrics of one run from its parsed report.json: name → value (null when undefined for it). */
export function extractMetrics(report: unknown, names: readonly string[]): Record<string, number | null> {
  const values: Record<string, number | null> = {};
  for (const name of names) {
    const fixed = FIXED.find((m) => m.name === name);
    if (fixed) values[name] = fixed.of(report);
    else if (name.startsWith(REPORT_PREFIX)) values[name] = numberAt(report, name.slice(REPORT_PREFIX.length));
    else {
      const dot = name.indexOf('.');
      const def = PER_CDN[name.slice(0, dot)];
      values[name] = def === undefined ? null : numberAt(valueAt(report, 'cdns'), `${name.slice(dot + 1)}.${def.field}`);
    }
  }
  return values;
}
