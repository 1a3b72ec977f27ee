// CSV writers, each a tidy table with a fixed header (it never changes with the scenario) and the
// scenario name, hash and seed on every row, so files of many runs concatenate:
// - timeline.csv: one row per window × CDN × site. Counts only, never rates: every figure named
//   without a unit is a number of requests in the window (`capacity` is what the site could serve
//   in it: its requests/s × windowS); `utilizationShare` is busy server time ÷ (servers × window),
//   `meanQueue` the time-averaged number waiting, `queueAtEnd` those waiting at the close,
//   `meanInSystem` the time-averaged number in the site (in service + waiting), `meanWaitMs` and
//   `meanSojournMs` the mean wait and time in the site of the requests it served in the window.
//   Latency is measured per CDN, not per site: `cdnLatency…Ms` are the site's CDN's percentiles.
//   `warmup` is 1 for a window inside the run's warm-up (drop those rows for steady-state figures).
// - timeline-cdn.csv: one row per window × CDN, the same kind of counts for the CDN's sites and for
//   its own users wherever they were served, with the latency percentiles of requests its sites
//   served (`latency…Ms`) and of its own users' requests wherever served (`ownLatency…Ms`), and the
//   mean wait for a server of the requests its sites served (`meanWaitMs`).
// - requests.csv (only with `measure.requestLog`): one row per request in arrival order, numbers
//   exact (shortest round trip), no run columns (it may have a million rows); see renderRequestLogCsv.
// The run-wide row per window stays in report.json's `timeline`; arrangements.csv and
// arrangement-changes.csv are one row per arrangement and per change.
import type { RequestLogColumns, RunResult } from './run-result.js';
import { round } from './report.js';

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** the columns every row of every file starts with: which run it is */
function runColumns(result: RunResult): [string, string, number] {
  return [result.scenario.name, result.hash, result.seed];
}

/** the run, then which arrangement: the first columns of both arrangement files */
function arrangementColumns(result: RunResult, a: RunResult['control']['arrangements'][number]): (string | number)[] {
  return [...runColumns(result), a.id, a.primary, a.peer];
}

export function toCsv(header: readonly string[], rows: (string | number | null)[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

// prettier-ignore
export const TIMELINE_CSV_HEADER = [
  'scenario', 'hash', 'seed', 'windowStartS', 'windowS', 'warmup', 'cdn', 'site', 'region', 'upAtEnd', 'servers', 'capacity',
  'offeredDemand', 'arrived', 'served', 'rejected', 'failed', 'utilizationShare', 'meanQueue', 'queueAtEnd', 'cdnLatencyP50Ms',
  'cdnLatencyP95Ms', 'cdnLatencyP99Ms', 'meanInSystem', 'meanWaitMs', 'meanSojournMs',
] as const;

export function renderTimelineCsv(result: RunResult): string {
  const sites = result.sites;
  const cdnIndex = new Map(result.cdns.map((c, i) => [c.id, i]));
  const rows = result.siteTimeline.map((r, k) => {
    const site = sites[k % sites.length];
    const cdn = result.cdnTimeline[Math.floor(k / sites.length) * result.cdns.length + (cdnIndex.get(r.cdn) ?? 0)];
    return [
      ...runColumns(result),
      round(r.tS),
      round(r.windowS),
      r.warmup ? 1 : 0,
      r.cdn,
      r.site,
      r.region,
      r.upAtEnd ? 1 : 0,
      site.servers,
      round(site.capacityRps * r.windowS),
      r.offeredDemand,
      r.arrived,
      r.served,
      r.rejected,
      r.failed,
      round(r.utilization),
      round(r.meanQueue),
      r.queueAtEnd,
      round(cdn.latencyP50Ms),
      round(cdn.latencyP95Ms),
      round(cdn.latencyP99Ms),
      round(r.meanInSystem),
      round(r.meanWaitMs),
      round(r.meanSojournMs),
    ];
  });
  return toCsv(TIMELINE_CSV_HEADER, rows);
}

// prettier-ignore
export const CDN_TIMELINE_CSV_HEADER = [
  'scenario', 'hash', 'seed', 'windowStartS', 'windowS', 'warmup', 'cdn', 'role', 'arrived', 'served', 'servedForOthers', 'rejected',
  'failed', 'ownArrived', 'ownServedLocal', 'ownServedByPeers', 'ownRejected', 'ownFailed', 'utilizationShare', 'meanQueue',
  'latencyP50Ms', 'latencyP95Ms', 'latencyP99Ms', 'ownLatencyP50Ms', 'ownLatencyP95Ms', 'meanWaitMs',
] as const;

/** timeline-cdn.csv: one row per window × CDN (see the header comment) */
export function renderCdnTimelineCsv(result: RunResult): string {
  const roles = new Map(result.cdns.map((c) => [c.id, c.role]));
  const rows = result.cdnTimeline.map((c) => [
    ...runColumns(result),
    round(c.tS),
    round(c.windowS),
    c.warmup ? 1 : 0,
    c.cdn,
    roles.get(c.cdn) ?? null,
    c.arrived,
    c.served,
    c.servedForOthers,
    c.rejected,
    c.failed,
    c.own.arrived,
    c.own.servedLocal,
    c.own.servedByPeers,
    c.own.rejected,
    c.own.failed,
    round(c.utilization),
    round(c.meanQueue),
    round(c.latencyP50Ms),
    round(c.latencyP95Ms),
    round(c.latencyP99Ms),
    round(c.ownLatencyP50Ms),
    round(c.ownLatencyP95Ms),
    round(c.meanWaitMs),
  ]);
  return toCsv(CDN_TIMELINE_CSV_HEADER, rows);
}

/** arrangements.csv: one row per arrangement, with its timing, terms, capacity (first, largest, last), outcome on both sides and delivered QoS */
export function renderArrangementsCsv(result: RunResult): string {
  // prettier-ignore
  const header = [
    'scenario', 'hash', 'seed', 'id', 'primary', 'peer', 'term', 'origin', 'state', 'endReason', 'detectedAtS', 'requestedAtS',
    'agreedAtS', 'activeAtS', 'firstRedirectAtS', 'endedAtS', 'capacityRps', 'peakCapacityRps', 'finalCapacityRps', 'pricePerGB',
    'servedRequests', 'bytes', 'slaViolations', 'fees', 'penalties', 'predictor', 'predictedLatencyMs', 'deliveredLatencyMs',
    'replication', 'resizes', 'extensions', 'peerState', 'peerEndReason', 'peerEndedAtS',
  ];
  const opt = (x: number | null | undefined) => (x === null || x === undefined ? null : round(x));
  const rows = result.control.arrangements.map((a) => [
    ...arrangementColumns(result, a),
    a.term,
    a.origin,
    a.state,
    a.endReason,
    round(a.detectedAtS),
    round(a.requestedAtS),
    round(a.agreedAtS),
    opt(a.activeAtS),
    opt(a.firstRedirectAtS),
    opt(a.endedAtS),
    round(a.capacityRps),
    round(a.peakCapacityRps),
    round(a.finalCapacityRps),
    round(a.pricePerGB),
    Math.round(a.servedRequests),
    Math.round(a.bytes),
    a.slaViolations,
    round(a.fees),
    round(a.penalties),
    a.predictor,
    opt(a.predictedLatencyMs),
    opt(a.deliveredLatencyMs),
    a.replication,
    a.resizes,
    a.extensions,
    a.peerSide?.state ?? null,
    a.peerSide?.endReason ?? null,
    opt(a.peerSide?.endedAtS),
  ]);
  return toCsv(header, rows);
}

/** arrangement-changes.csv: every capacity or time-frame change of every arrangement, with its time (the first row of each is the agreement) */
export function renderArrangementChangesCsv(result: RunResult): string {
  const header = ['scenario', 'hash', 'seed', 'id', 'primary', 'peer', 'tS', 'change', 'capacityRps', 'endS'];
  const rows = result.control.arrangements.flatMap((a) => [
    [...arrangementColumns(result, a), round(a.agreedAtS), 'agreed', round(a.capacityRps), null],
    ...a.changes.map((c) => [...arrangementColumns(result, a), round(c.tS), 'changed', round(c.capacityRps), round(c.endS)]),
  ]);
  return toCsv(header, rows);
}

// prettier-ignore
export const REQUEST_LOG_CSV_HEADER = [
  'request', 'arrivalS', 'startS', 'departureS', 'cdn', 'servedBy', 'site', 'siteCdn', 'outcome', 'waitS', 'sojournS',
] as const;

/**
 * requests.csv: `request` numbers the requests from 1 in arrival order; `cdn` is its primary (whose
 * user sent it), `site` and `siteCdn` the site it was routed to and that site's CDN (empty when no
 * site was up), `servedBy` the CDN that served it (empty unless served). `departureS` is the end of
 * service, or the time it was rejected, failed or found no site (empty while in flight at the end);
 * `startS` is empty when it never started service. `waitS` = start − arrival (for one that failed
 * while waiting: failure − arrival; empty when rejected, unrouted, or waiting at the end),
 * `sojournS` = departure − arrival for served and failed ones (time in the site, without network
 * time). Numbers are printed exactly (shortest round trip), not rounded.
 */
export function renderRequestLogCsv(log: RequestLogColumns): string {
  const num = (x: number) => (Number.isNaN(x) ? '' : String(x));
  const lines: string[] = [REQUEST_LOG_CSV_HEADER.join(',')];
  const served = log.outcomeNames.indexOf('served');
  const failed = log.outcomeNames.indexOf('failed');
  for (let r = 0; r < log.arrivalS.length; r++) {
    const arrival = log.arrivalS[r];
    const start = log.startS[r];
    const departure = log.departureS[r];
    const outcome = log.outcome[r];
    const site = log.site[r] >= 0 ? log.sites[log.site[r]] : null;
    const inSite = outcome === served || outcome === failed;
    const waitedUntil = Number.isNaN(start) && outcome === failed ? departure : start;
    lines.push(
      [
        String(r + 1),
        num(arrival),
        num(start),
        num(departure),
        csvCell(log.cdnIds[log.primary[r]]),
        outcome === served && site !== null ? csvCell(site.cdn) : '',
        site === null ? '' : csvCell(site.id),
        site === null ? '' : csvCell(site.cdn),
        log.outcomeNames[outcome],
        num(waitedUntil - arrival),
        inSite ? num(departure - arrival) : '',
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}
