// Chart.js configurations of a run's charts, as pure data built from the RunResult (JSON through and
// through: what changes per run is data, what draws it is a named plugin in ./chart-plugins): the
// load at each overloaded site (its users' offered demand, its capacity, what it served), latency
// percentiles against the SLA target, where requests were served, utilization per CDN, and, in
// ./chart-peering, the arrangements' phases, their agreed capacity and each CDN's economics. The
// time charts shade the flash crowd's periods. Also the offered load per region beside what was
// served for its users, and, for a replayed count series, the trace's counts per window beside the
// simulated arrivals. Every title starts with the scenario and seed.
// Rendering them is ./render-charts' job (PNG) and ./html's (the page, live).
import type { ChartConfiguration } from 'chart.js';
import type { RunResult, SiteResult } from './run-result.js';
import { chartTitle, color, minutesOf, timeLineOptions, windowMinutes, type ChartSpec } from './chart-style.js';
import { arrangementsChart, capacityChart, economicsChart } from './chart-peering.js';

export { chartTitle, type ChartSpec };

function perCdn(result: RunResult, field: 'arrivalsPerS' | 'utilization'): Map<string, number[]> {
  const series = new Map<string, number[]>(result.cdns.map((c) => [c.id, []]));
  for (const row of result.cdnTimeline) series.get(row.cdn)?.push(row[field]);
  return series;
}

/** at most this many sites in the load chart (the most overloaded first), so it stays readable */
export const MAX_LOAD_CHART_SITES = 4;

interface SiteLoad {
  site: SiteResult;
  index: number;
  offeredPerS: number[];
  servedPerS: number[];
  /** largest offered demand ÷ capacity over the windows */
  peakRatio: number;
  overloaded: boolean;
}

/** each site's offered demand and service per window; overloaded: offered above capacity in some window, or any rejection */
export function siteLoads(result: RunResult): SiteLoad[] {
  const n = result.sites.length;
  return result.sites.map((site, index) => {
    const rows = result.siteTimeline.filter((_, k) => k % n === index);
    const offeredPerS = rows.map((r) => (r.windowS > 0 ? r.offeredDemand / r.windowS : 0));
    const servedPerS = rows.map((r) => (r.windowS > 0 ? r.served / r.windowS : 0));
    const ratio = (x: number) => (site.capacityRps > 0 ? x / site.capacityRps : x > 0 ? Infinity : 0);
    const peakRatio = offeredPerS.reduce((m, x) => Math.max(m, ratio(x)), 0);
    return { site, index, offeredPerS, servedPerS, peakRatio, overloaded: peakRatio > 1 || rows.some((r) => r.rejected > 0) };
  });
}

/** the sites ever overloaded, most overloaded first (at most MAX_LOAD_CHART_SITES); with none, the busiest one */
function chartedSites(result: RunResult): { shown: SiteLoad[]; overloaded: number } {
  const byPeak = siteLoads(result).sort((a, b) => b.peakRatio - a.peakRatio || a.index - b.index);
  const overloaded = byPeak.filter((s) => s.overloaded);
  return { shown: (overloaded.length ? overloaded : byPeak.slice(0, 1)).slice(0, MAX_LOAD_CHART_SITES), overloaded: overloaded.length };
}

const rounded = (xs: number[]) => xs.map((x) => Math.round(x * 1e6) / 1e6);

export function loadChart(result: RunResult): ChartSpec {
  const labels = windowMinutes(result);
  const { shown, overloaded } = chartedSites(result);
  const name = (s: SiteLoad) => `${s.site.cdn}/${s.site.site}`;
  const datasets = shown.flatMap((s, i) => [
    { label: `${name(s)} offered demand`, data: rounded(s.offeredPerS), borderColor: color(i), backgroundColor: color(i), borderWidth: 2 },
    {
      label: `${name(s)} capacity`,
      data: labels.map(() => s.site.capacityRps),
      borderColor: color(i),
      backgroundColor: color(i),
      borderDash: [8, 4],
      borderWidth: 1.5,
    },
    {
      label: `${name(s)} served`,
      data: rounded(s.servedPerS),
      borderColor: color(i),
      backgroundColor: `${color(i)}33`,
      borderDash: [2, 2],
      borderWidth: 1.5,
      fill: 'origin' as const,
    },
  ]);
  const sites = shown.map(name).join(', ');
  const what =
    overloaded === 0
      ? `no site overloaded; load at the busiest, ${sites}`
      : overloaded > shown.length
        ? `load at the ${shown.length} most overloaded of ${overloaded} sites (${sites})`
        : `load at ${sites}`;
  const subtitle = 'offered demand: the site’s CDN’s own users sent to it first, whether it then served them, redirected them to a peer or rejected them';
  const options = timeLineOptions(result, chartTitle(result, what), 'requests/s', { subtitle });
  return { file: 'load.png', config: { type: 'line', data: { labels, datasets }, options } };
}

/** the SLA p95 targets of the run's arrangements, one reference line per distinct target */
function slaTargets(result: RunResult) {
  const byTarget = new Map<number, string[]>();
  for (const a of result.control.arrangements) {
    const pairs = byTarget.get(a.p95TargetMs) ?? [];
    const pair = `${a.primary}→${a.peer}`;
    if (!pairs.includes(pair)) pairs.push(pair);
    byTarget.set(a.p95TargetMs, pairs);
  }
  const end = minutesOf(result.durationS);
  return [...byTarget.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([ms, pairs]) => ({
      label: `SLA p95 target ${ms} ms (${pairs.join(', ')})`,
      data: [
        { x: 0, y: ms },
        { x: end, y: ms },
      ],
      borderColor: '#d62728',
      backgroundColor: '#d62728',
      borderDash: [10, 5],
      borderWidth: 2,
    }));
}

/**
 * each primary's own users' p95 per window, wherever they were served (a gap where the window
 * served none of them: the run reports 0 there, never a latency)
 */
function ownLatency(result: RunResult) {
  const primaries = result.cdns.filter((c) => c.role === 'primary');
  return primaries.map((cdn, p) => {
    const rows = result.cdnTimeline.filter((row) => row.cdn === cdn.id);
    const own = OWN_COLORS[p % OWN_COLORS.length];
    return {
      label: `${cdn.id}’s own users p95`,
      data: rows.map((row) => (row.ownLatencyP95Ms > 0 ? Math.round(row.ownLatencyP95Ms * 1e6) / 1e6 : null)),
      borderColor: own,
      backgroundColor: own,
      borderWidth: 2.5,
      spanGaps: false,
    };
  });
}

const OWN_COLORS = ['#000000', '#8c564b', '#e377c2', '#7f7f7f'];

export function latencyChart(result: RunResult): ChartSpec {
  const labels = windowMinutes(result);
  const series = [
    ['everyone p50', result.timeline.map((t) => t.latencyP50Ms)],
    ['everyone p95', result.timeline.map((t) => t.latencyP95Ms)],
    ['everyone p99', result.timeline.map((t) => t.latencyP99Ms)],
  ] as const;
  const datasets: object[] = series.map(([label, data], i) => ({
    label,
    data: rounded([...data]),
    borderColor: color(i),
    backgroundColor: color(i),
    borderWidth: i === 1 ? 2 : 1.25,
  }));
  datasets.push(...ownLatency(result), ...slaTargets(result));
  const options = timeLineOptions(result, chartTitle(result, 'latency per window'), 'ms', {
    subtitle: 'percentiles of the requests served in the window (network + wait + service): everyone’s, and each primary’s own users’ wherever served',
  });
  return { file: 'latency.png', config: { type: 'line', data: { labels, datasets }, options } as ChartConfiguration };
}

export function servedChart(result: RunResult): ChartSpec {
  const labels = windowMinutes(result);
  const perS = (pick: (t: RunResult['timeline'][number]) => number) => rounded(result.timeline.map((t) => (t.windowS > 0 ? pick(t) / t.windowS : 0)));
  const datasets = [
    { label: 'served by own sites', data: perS((t) => t.servedLocal), backgroundColor: '#1f77b4cc', borderColor: '#1f77b4', fill: true },
    { label: 'served by peers', data: perS((t) => t.servedByPeers), backgroundColor: '#2ca02ccc', borderColor: '#2ca02c', fill: true },
    { label: 'rejected', data: perS((t) => t.rejected), backgroundColor: '#d62728cc', borderColor: '#d62728', fill: true },
    { label: 'failed', data: perS((t) => t.failed), backgroundColor: '#7f7f7fcc', borderColor: '#7f7f7f', fill: true },
  ];
  const options = timeLineOptions(result, chartTitle(result, 'where requests went'), 'requests/s', { stacked: true, areas: true });
  return { file: 'served.png', config: { type: 'line', data: { labels, datasets }, options } };
}

export function utilizationChart(result: RunResult): ChartSpec {
  const labels = windowMinutes(result);
  const util = perCdn(result, 'utilization');
  const datasets = result.cdns.map((c, i) => ({
    label: c.id,
    data: rounded((util.get(c.id) ?? []).map((u) => 100 * u)),
    borderColor: color(i),
    backgroundColor: color(i),
    borderWidth: 1.5,
  }));
  const options = timeLineOptions(result, chartTitle(result, 'utilization of each CDN’s servers'), '%');
  return { file: 'utilization.png', config: { type: 'line', data: { labels, datasets }, options } };
}

/** the regions with users (offered load above 0 in some window), in the scenario's order, each with its rows in time order */
export function regionLoads(result: RunResult): { region: string; rows: RunResult['load']['regions'] }[] {
  const rows = result.load.regions;
  const regions = [...new Set([...result.scenario.regions, ...rows.map((r) => r.region)])];
  return regions
    .map((region) => ({ region, rows: rows.filter((r) => r.region === region).sort((a, b) => a.tS - b.tS) }))
    .filter((r) => r.rows.some((row) => row.offeredPerS > 0));
}

/** each region's offered load (the workloads' rate profiles: what the model asks for) and what was served for its users, wherever */
export function regionLoadChart(result: RunResult): ChartSpec {
  const labels = windowMinutes(result);
  const at = (rows: RunResult['load']['regions'], pick: (r: RunResult['load']['regions'][number]) => number) => {
    const byT = new Map(rows.map((r) => [r.tS, pick(r)]));
    return result.timeline.map((t) => {
      const y = byT.get(t.tS);
      return y === undefined ? null : Math.round(y * 1e6) / 1e6;
    });
  };
  const datasets = regionLoads(result).flatMap(({ region, rows }, i) => [
    { label: `${region} offered`, data: at(rows, (r) => r.offeredPerS), borderColor: color(i), backgroundColor: color(i), borderWidth: 2 },
    {
      label: `${region} served`,
      data: at(rows, (r) => r.servedPerS),
      borderColor: color(i),
      backgroundColor: color(i),
      borderDash: [6, 4],
      borderWidth: 1.5,
    },
  ]);
  const options = timeLineOptions(result, chartTitle(result, 'offered load per region'), 'requests/s', {
    subtitle: 'offered: the expected arrivals of the region’s workloads (their rate profiles) per second; served: its users’ requests served, wherever',
  });
  return { file: 'load-by-region.png', config: { type: 'line', data: { labels, datasets }, options } };
}

/** the workloads that replay a count series: the trace's counts per window beside the simulated arrivals */
export function seriesWorkloads(result: RunResult) {
  return result.load.workloads.flatMap((w) => (w.windows === null ? [] : [{ ...w, windows: w.windows }]));
}

/** per replayed count series: the trace's (scaled) counts per window as bars, the simulated arrivals as points; null without one */
export function traceReplayChart(result: RunResult): ChartSpec | null {
  const series = seriesWorkloads(result);
  if (series.length === 0) return null;
  const windowOf = new Map(result.timeline.map((t) => [t.tS, t.windowS]));
  const x = (tS: number) => minutesOf(tS + (windowOf.get(tS) ?? result.scenario.windowS) / 2);
  const datasets = series.flatMap((w, i) => {
    const name = `${w.cdn}/${w.region}${w.trace ? ` (${w.trace.file})` : ''}`;
    return [
      {
        type: 'bar' as const,
        label: `${name} trace`,
        data: w.windows.map((row) => ({ x: x(row.tS), y: Math.round(row.expected * 1e6) / 1e6 })),
        borderColor: color(i),
        backgroundColor: `${color(i)}55`,
        borderWidth: 1,
        barPercentage: 1,
        categoryPercentage: series.length > 1 ? 0.9 : 0.8,
        order: 2,
      },
      {
        type: 'line' as const,
        label: `${name} simulated`,
        data: w.windows.map((row) => ({ x: x(row.tS), y: row.arrived })),
        borderColor: color(i),
        backgroundColor: color(i),
        borderWidth: 1.25,
        pointRadius: 3,
        pointStyle: 'circle' as const,
        order: 1,
      },
    ];
  });
  const options = timeLineOptions(result, chartTitle(result, 'trace vs simulated arrivals'), `requests per window (${result.scenario.windowS} s)`, {
    subtitle: 'bars: the trace’s counts per window, scaled as the scenario says (the expected arrivals); points: the arrivals the simulation generated',
    areas: true,
  });
  // bars on the time axis: keep it from 0 to the end of the run, as on the other time charts (a bar chart pads it by default)
  const scales = { ...options.scales, x: { ...options.scales.x, offset: false } };
  return { file: 'trace-replay.png', config: { type: 'line', data: { datasets }, options: { ...options, scales } } as ChartConfiguration };
}

/** every chart of a run; the trace's only for a replayed count series, the arrangements' two only when there was at least one arrangement */
export function chartSpecs(result: RunResult): ChartSpec[] {
  const specs = [loadChart(result), latencyChart(result), servedChart(result), utilizationChart(result), regionLoadChart(result)];
  const trace = traceReplayChart(result);
  if (trace !== null) specs.push(trace);
  if (result.control.arrangements.length > 0) specs.push(arrangementsChart(result), capacityChart(result));
  specs.push(economicsChart(result));
  return specs;
}
