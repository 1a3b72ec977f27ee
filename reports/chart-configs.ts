// Chart.js configurations of a run's charts, as pure data built from the RunResult: load against
// capacity, latency percentiles, where requests were served, utilization per CDN, and the
// arrangements as a Gantt chart. Rendering them is ./render-charts' job.
import type { ChartConfiguration } from 'chart.js';
import type { RunResult } from './run-result.js';

export interface ChartSpec {
  /** file name under charts/ */
  file: string;
  config: ChartConfiguration;
}

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const color = (i: number) => COLORS[i % COLORS.length];
const minutes = (result: RunResult) => result.timeline.map((t) => Number((t.tS / 60).toFixed(2)));

function lineOptions(title: string, yTitle: string, stacked = false): ChartConfiguration['options'] {
  return {
    animation: false,
    responsive: false,
    plugins: { title: { display: true, text: title }, legend: { position: 'bottom' } },
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

export function loadChart(result: RunResult): ChartSpec {
  const labels = minutes(result);
  const arrivals = perCdn(result, 'arrivalsPerS');
  const datasets = result.cdns.flatMap((c, i) => [
    { label: `${c.id} arrivals/s`, data: arrivals.get(c.id) ?? [], borderColor: color(i), borderWidth: 1.5 },
    { label: `${c.id} capacity`, data: labels.map(() => c.capacityRps), borderColor: color(i), borderDash: [6, 4], borderWidth: 1 },
  ]);
  return { file: 'load.png', config: { type: 'line', data: { labels, datasets }, options: lineOptions('Load at each CDN’s sites vs capacity', 'requests/s') } };
}

export function latencyChart(result: RunResult): ChartSpec {
  const labels = minutes(result);
  const series = [
    ['p50', result.timeline.map((t) => t.latencyP50Ms)],
    ['p95', result.timeline.map((t) => t.latencyP95Ms)],
    ['p99', result.timeline.map((t) => t.latencyP99Ms)],
  ] as const;
  const datasets = series.map(([label, data], i) => ({ label, data: [...data], borderColor: color(i), borderWidth: 1.5 }));
  return { file: 'latency.png', config: { type: 'line', data: { labels, datasets }, options: lineOptions('Latency percentiles per window', 'ms') } };
}

export function servedChart(result: RunResult): ChartSpec {
  const labels = minutes(result);
  const perS = (pick: (t: RunResult['timeline'][number]) => number) => result.timeline.map((t) => pick(t) / result.scenario.windowS);
  const datasets = [
    { label: 'served by own sites', data: perS((t) => t.servedLocal), backgroundColor: '#1f77b4cc', borderColor: '#1f77b4', fill: true },
    { label: 'served by peers', data: perS((t) => t.servedByPeers), backgroundColor: '#2ca02ccc', borderColor: '#2ca02c', fill: true },
    { label: 'rejected', data: perS((t) => t.rejected), backgroundColor: '#d62728cc', borderColor: '#d62728', fill: true },
    { label: 'failed', data: perS((t) => t.failed), backgroundColor: '#7f7f7fcc', borderColor: '#7f7f7f', fill: true },
  ];
  return { file: 'served.png', config: { type: 'line', data: { labels, datasets }, options: lineOptions('Where requests went', 'requests/s', true) } };
}

export function utilizationChart(result: RunResult): ChartSpec {
  const labels = minutes(result);
  const util = perCdn(result, 'utilization');
  const datasets = result.cdns.map((c, i) => ({ label: c.id, data: (util.get(c.id) ?? []).map((u) => 100 * u), borderColor: color(i), borderWidth: 1.5 }));
  return { file: 'utilization.png', config: { type: 'line', data: { labels, datasets }, options: lineOptions('Utilization of each CDN’s servers', '%') } };
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
        plugins: { title: { display: true, text: 'Arrangements over time' }, legend: { position: 'bottom' } },
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
