// Chart.js configurations of a run's charts, as pure data built from the RunResult: the load at
// each overloaded site (its users' offered demand, its capacity, what it served), latency
// percentiles, where requests were served, utilization per CDN, and the arrangements as a Gantt
// chart. Every title starts with the scenario and seed. Rendering them is ./render-charts' job.
import type { ChartConfiguration } from 'chart.js';
import type { RunResult, SiteResult } from './run-result.js';

export interface ChartSpec {
  /** file name under charts/ */
  file: string;
  config: ChartConfiguration;
}

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const color = (i: number) => COLORS[i % COLORS.length];
const minutes = (result: RunResult) => result.timeline.map((t) => Number((t.tS / 60).toFixed(2)));

/** "flash-crowd (seed 1): <what>" */
export function chartTitle(result: RunResult, what: string): string {
  return `${result.scenario.name} (seed ${result.seed}): ${what}`;
}

function lineOptions(title: string, yTitle: string, stacked = false): ChartConfiguration['options'] {
  return {
    animation: false,
    responsive: false,
    plugins: { title: { display: true, text: title, font: { size: 15 } }, legend: { position: 'bottom' } },
    scales: {
      x: { title: { display: true, text: 'time (min)' }, ticks: { maxTicksLimit: 13 } },
      y: { title: { display: true, text: yTitle }, beginAtZero: true, stacked },
    },
    elements: { point: { radius: 0 } },
  };
}

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

export function loadChart(result: RunResult): ChartSpec {
  const labels = minutes(result);
  const { shown, overloaded } = chartedSites(result);
  const name = (s: SiteLoad) => `${s.site.cdn}/${s.site.site}`;
  const datasets = shown.flatMap((s, i) => [
    { label: `${name(s)} offered demand`, data: s.offeredPerS, borderColor: color(i), borderWidth: 2 },
    { label: `${name(s)} capacity`, data: labels.map(() => s.site.capacityRps), borderColor: color(i), borderDash: [8, 4], borderWidth: 1.5 },
    {
      label: `${name(s)} served`,
      data: s.servedPerS,
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
  const options = lineOptions(chartTitle(result, what), 'requests/s');
  const subtitle = 'offered demand: the site’s CDN’s own users sent to it first, whether it then served them, redirected them to a peer or rejected them';
  if (options?.plugins) options.plugins.subtitle = { display: true, text: subtitle };
  return { file: 'load.png', config: { type: 'line', data: { labels, datasets }, options } };
}

export function latencyChart(result: RunResult): ChartSpec {
  const labels = minutes(result);
  const series = [
    ['p50', result.timeline.map((t) => t.latencyP50Ms)],
    ['p95', result.timeline.map((t) => t.latencyP95Ms)],
    ['p99', result.timeline.map((t) => t.latencyP99Ms)],
  ] as const;
  const datasets = series.map(([label, data], i) => ({ label, data: [...data], borderColor: color(i), borderWidth: 1.5 }));
  return {
    file: 'latency.png',
    config: { type: 'line', data: { labels, datasets }, options: lineOptions(chartTitle(result, 'latency percentiles per window'), 'ms') },
  };
}

export function servedChart(result: RunResult): ChartSpec {
  const labels = minutes(result);
  const perS = (pick: (t: RunResult['timeline'][number]) => number) => result.timeline.map((t) => (t.windowS > 0 ? pick(t) / t.windowS : 0));
  const datasets = [
    { label: 'served by own sites', data: perS((t) => t.servedLocal), backgroundColor: '#1f77b4cc', borderColor: '#1f77b4', fill: true },
    { label: 'served by peers', data: perS((t) => t.servedByPeers), backgroundColor: '#2ca02ccc', borderColor: '#2ca02c', fill: true },
    { label: 'rejected', data: perS((t) => t.rejected), backgroundColor: '#d62728cc', borderColor: '#d62728', fill: true },
    { label: 'failed', data: perS((t) => t.failed), backgroundColor: '#7f7f7fcc', borderColor: '#7f7f7f', fill: true },
  ];
  return {
    file: 'served.png',
    config: { type: 'line', data: { labels, datasets }, options: lineOptions(chartTitle(result, 'where requests went'), 'requests/s', true) },
  };
}

export function utilizationChart(result: RunResult): ChartSpec {
  const labels = minutes(result);
  const util = perCdn(result, 'utilization');
  const datasets = result.cdns.map((c, i) => ({ label: c.id, data: (util.get(c.id) ?? []).map((u) => 100 * u), borderColor: color(i), borderWidth: 1.5 }));
  return {
    file: 'utilization.png',
    config: { type: 'line', data: { labels, datasets }, options: lineOptions(chartTitle(result, 'utilization of each CDN’s servers'), '%') },
  };
}

/** one floating bar per arrangement, from agreement to its end (or the end of the run) */
export function arrangementsChart(result: RunResult): ChartSpec {
  const arrangements = result.control.arrangements;
  const labels = arrangements.map((a) => `${a.primary}→${a.peer} (${a.term})`);
  const end = result.durationS / 60;
  const data = arrangements.map((a) => [a.agreedAtS / 60, (a.endedAtS ?? result.durationS) / 60] as [number, number]);
  const colors = arrangements.map((a) => (a.state === 'failed' ? '#d62728' : a.state === 'terminated' ? '#ff7f0e' : '#2ca02c'));
  return {
    file: 'arrangements.png',
    config: {
      type: 'bar',
      data: { labels, datasets: [{ label: 'arrangement (red: failed, orange: terminated)', data, backgroundColor: colors }] },
      options: {
        animation: false,
        responsive: false,
        indexAxis: 'y',
        plugins: { title: { display: true, text: chartTitle(result, 'arrangements over time'), font: { size: 15 } }, legend: { position: 'bottom' } },
        scales: { x: { min: 0, max: end, title: { display: true, text: 'time (min)' } } },
      },
    },
  };
}

export function chartSpecs(result: RunResult): ChartSpec[] {
  const specs = [loadChart(result), latencyChart(result), servedChart(result), utilizationChart(result)];
  if (result.control.enabled) specs.push(arrangementsChart(result));
  return specs;
}
