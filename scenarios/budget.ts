// A run's work estimated at validation, so a run that cannot finish (or would exhaust memory at its
// end) is refused at once with the estimate and the limit, instead of hanging or crashing later:
// requests (each workload's rate integrated over the run, flash crowds included: an upper bound),
// window rows kept for the report, catalog objects held in memory, the agents' control passes, and
// with `measure.requestLog` the rows of the per-request log (held in memory, then written as CSV).
// The limits are judgement calls, so they are a typed RunLimits with defaults the CLI can raise.
// Depends only on core/ and ./types.
import { formatFound, inputError, type InputIssue } from '../input/input-error.js';
import type { Scenario } from './types.js';

export interface RunLimits {
  /** requests the whole run may generate (≈ 40 minutes at 800,000 requests/s) */
  maxRequests: number;
  /** windows × (CDNs + sites): the per-window rows kept in memory for the report (≈ 400 bytes each) */
  maxWindowRows: number;
  /** catalog objects, counted once for the catalog and once per site with a cache (≈ 24 and 9 bytes each) */
  maxCatalogObjects: number;
  /** the agents' monitor passes over the run: duration ÷ monitorInterval, summed over the CDNs */
  maxControlPasses: number;
  /** with `measure.requestLog`: the requests the run may generate (each is a row, ≈ 40 bytes in memory and ≈ 80 in requests.csv) */
  maxRequestLogRows: number;
}

export const DEFAULT_RUN_LIMITS: Readonly<RunLimits> = Object.freeze({
  maxRequests: 2e9,
  maxWindowRows: 1e6,
  maxCatalogObjects: 2e7,
  maxControlPasses: 2e6,
  maxRequestLogRows: 1e6,
});

/** The flag that raises each limit (named in the messages; the CLI defines them). */
export const LIMIT_FLAGS: Readonly<Record<keyof RunLimits, string>> = {
  maxRequests: '--max-requests',
  maxWindowRows: '--max-window-rows',
  maxCatalogObjects: '--max-catalog-objects',
  maxControlPasses: '--max-control-passes',
  maxRequestLogRows: '--max-request-log-rows',
};

export interface RunEstimate {
  /** upper bound of the requests generated, in all and per workload */
  requests: number;
  requestsByWorkload: number[];
  windows: number;
  /** rows per window: one per CDN and one per site */
  rowsPerWindow: number;
  /** sites with a cache (each keeps an index over the whole catalog) */
  cachedSites: number;
}

/** `1234`, `0.25`, `3.6e23`, `1e-9`: plain from 0.001 to 100,000, else two significant digits. */
export function approx(n: number): string {
  const size = Math.abs(n);
  if (!Number.isFinite(n) || n === 0 || (size >= 0.001 && size < 1e5)) return String(Number(n.toFixed(3)));
  return n.toExponential(1).replace('e+', 'e').replace('.0e', 'e');
}

/** Upper bound of one workload's requests: its base rate over the run plus each crowd's extra rate over its time in the run. */
function workloadRequests(w: Scenario['workload'][number], durationS: number): number {
  let extra = 0;
  let spikes = 0;
  let factor = 1;
  for (const e of w.events) {
    if (e.type === 'step') factor = Math.max(factor, factor * e.factor);
    else if (e.type === 'spike') spikes += e.startS < durationS ? e.requests : 0;
    else extra += (e.peak - 1) * Math.min(e.rampUpS / 2 + e.sustainS + e.rampDownS / 2, Math.max(0, durationS - e.startS));
  }
  const daily =
    w.daily === null
      ? 1
      : w.daily.kind === 'sinusoid'
        ? 1 + w.daily.amplitude
        : Math.max(...w.daily.factors) / (w.daily.factors.reduce((a, b) => a + b, 0) / 24);
  const peakBase = w.base.process === 'mmpp' ? Math.max(...w.base.states.map((s) => s.ratePerS)) : w.base.ratePerS;
  return peakBase * (durationS * factor * daily + extra) + spikes;
}

export function estimateRun(s: Scenario): RunEstimate {
  const requestsByWorkload = s.workload.map((w) => workloadRequests(w, s.durationS));
  const sites = s.cdns.flatMap((c) => c.sites);
  return {
    requests: requestsByWorkload.reduce((a, b) => a + b, 0),
    requestsByWorkload,
    windows: Math.ceil(s.durationS / s.windowS),
    rowsPerWindow: s.cdns.length + sites.length,
    cachedSites: sites.filter((site) => site.cache !== null).length,
  };
}

/** Every limit of `limits` (defaults for those not given); a limit that is not a positive number is an InputError. */
export function resolveLimits(limits: Partial<RunLimits> = {}, file = '(flags)'): RunLimits {
  const resolved = { ...DEFAULT_RUN_LIMITS };
  for (const key of Object.keys(DEFAULT_RUN_LIMITS) as (keyof RunLimits)[]) {
    const value = limits[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value > 0)) throw inputError(file, LIMIT_FLAGS[key], 'a positive number', formatFound(value));
    resolved[key] = value;
  }
  return resolved;
}

/** Index of the largest value (the first of equals); 0 for none. */
function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

const raise = (key: keyof RunLimits): string => `raise with ${LIMIT_FLAGS[key]}`;

/** The data-plane budget: requests, window rows and catalog objects. */
export function checkRunBudget(s: Scenario, file: string, limits: RunLimits): InputIssue[] {
  const est = estimateRun(s);
  const issues: InputIssue[] = [];
  if (!(est.requests <= limits.maxRequests)) {
    const top = argmax(est.requestsByWorkload);
    const w = s.workload[top];
    const crowds = w.events.length > 0 ? ' with its flash crowds' : '';
    const all = s.workload.length > 1 ? `; ≈ ${approx(est.requests)} requests in all` : '';
    issues.push({
      file,
      path: `workload[${top}].base.ratePerS`,
      expected: `a run of at most ${approx(limits.maxRequests)} requests (about 40 minutes at 800,000 requests/s; ${raise('maxRequests')})`,
      found: `${approx(w.base.ratePerS)} requests/s × ${approx(s.durationS)} s${crowds} ≈ ${approx(est.requestsByWorkload[top])} requests${all}`,
    });
  }
  if (s.measure?.requestLog === true && !(est.requests <= limits.maxRequestLogRows)) {
    issues.push({
      file,
      path: 'measure.requestLog',
      expected: `a run of at most ${approx(limits.maxRequestLogRows)} requests with the request log on (one row each; ${raise('maxRequestLogRows')}, or turn the log off)`,
      found: `≈ ${approx(est.requests)} requests (${approx(s.durationS)} s of the workload${s.workload.length > 1 ? 's' : ''})`,
    });
  }
  // CDNI log files keep every record the peers sent: at most one per request, plus a misbehaving
  // peer's made-up ones (spoofRecords per delivery log, one log every min(window, 10 s) at most)
  const spoofed = s.cdns.reduce((sum, c) => sum + (c.misbehaviour?.spoofRecords ?? 0), 0) * Math.ceil(s.durationS / Math.min(s.windowS, 10));
  if (s.measure?.cdniLogs === true && !(est.requests + spoofed <= limits.maxRequestLogRows)) {
    issues.push({
      file,
      path: 'measure.cdniLogs',
      expected: `a run of at most ${approx(limits.maxRequestLogRows)} CDNI log records with log files on (up to one per request; ${raise('maxRequestLogRows')}, or turn them off)`,
      found: `≈ ${approx(est.requests)} requests (${approx(s.durationS)} s of the workload${s.workload.length > 1 ? 's' : ''})${spoofed > 0 ? ` + ${approx(spoofed)} made-up records` : ''}`,
    });
  }
  const rows = est.windows * est.rowsPerWindow;
  if (!(rows <= limits.maxWindowRows)) {
    issues.push({
      file,
      path: 'window',
      expected: `at most ${approx(limits.maxWindowRows)} window rows (windows × (CDNs + sites), kept in memory for the report; ${raise('maxWindowRows')})`,
      found: `${approx(s.durationS)} s ÷ ${approx(s.windowS)} s = ${approx(est.windows)} windows × ${est.rowsPerWindow} rows ≈ ${approx(rows)}`,
    });
  }
  const objects = s.catalog.objects * (1 + est.cachedSites);
  if (!(objects <= limits.maxCatalogObjects)) {
    issues.push({
      file,
      path: 'catalog.objects',
      expected: `at most ${approx(limits.maxCatalogObjects)} catalog objects, counted once for the catalog and once per site with a cache (${raise('maxCatalogObjects')})`,
      found: `${approx(s.catalog.objects)} objects × (1 + ${est.cachedSites} sites with a cache) ≈ ${approx(objects)}`,
    });
  }
  return issues;
}

/** What the control budget needs of a CDN's policy: its name and `monitorInterval` in seconds. */
export interface PolicyParams {
  name: string;
  param(name: string): number | string | boolean;
}

/** The control-plane budget: with peering on, each CDN's agent runs a monitor pass every monitorInterval. */
export function checkControlBudget(s: Scenario, policies: Record<string, PolicyParams>, file: string, limits: RunLimits): InputIssue[] {
  if (!s.peering.enabled) return [];
  const passes = s.cdns.map((cdn) => {
    const interval = policies[cdn.id]?.param('monitorInterval');
    return typeof interval === 'number' && interval > 0 ? s.durationS / interval : 0;
  });
  const total = passes.reduce((a, b) => a + b, 0);
  if (total <= limits.maxControlPasses) return [];
  const top = argmax(passes);
  const cdn = s.cdns[top];
  const policy = policies[cdn.id];
  const interval = approx(policy.param('monitorInterval') as number);
  const all = s.cdns.length > 1 ? `; ≈ ${approx(total)} passes for all ${s.cdns.length} CDNs` : '';
  return [
    {
      file,
      path: `cdns[${top}].policy`,
      expected: `at most ${approx(limits.maxControlPasses)} control passes in a run (duration ÷ monitorInterval per CDN; ${raise('maxControlPasses')})`,
      found: `policy "${policy.name}" with monitorInterval ${interval} s: ${approx(s.durationS)} s ÷ ${interval} s ≈ ${approx(passes[top])} passes for CDN ${cdn.id}${all}`,
    },
  ];
}
