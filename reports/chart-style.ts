// What every chart of a run shares, as plain data: the palette, titles that name the scenario and
// seed, the time axis (minutes of simulated time, each window's value at its middle) and the
// shading of the flash crowds' periods and of the warm-up (the `bands` plugin of ./chart-plugins).
// Imports nothing but the RunResult's types.
import type { ChartConfiguration } from 'chart.js';
import type { BandsOptions } from './chart-plugins.js';
import type { RunResult } from './run-result.js';

export interface ChartSpec {
  /** file name under charts/ */
  file: string;
  /** plain data: JSON.parse(JSON.stringify(config)) is the same configuration */
  config: ChartConfiguration;
  /** its height in px at 1000 px wide (the PNG's size; the page keeps the aspect ratio); 500 unless said */
  height?: number;
}

export const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
export const color = (i: number) => COLORS[i % COLORS.length];

/** seconds → minutes, rounded to 1/10000 so the configurations stay short and exact across runs */
export const minutesOf = (s: number) => Math.round((s / 60) * 1e4) / 1e4;

/** where each window's value is drawn: the middle of the window (a window's value is its average) */
export function windowMinutes(result: RunResult): number[] {
  return result.timeline.map((t) => minutesOf(t.tS + t.windowS / 2));
}

/** "flash-crowd (seed 1): <what>" */
export function chartTitle(result: RunResult, what: string): string {
  return `${result.scenario.name} (seed ${result.seed}): ${what}`;
}

export const SURGE_COLOR = 'rgba(255, 152, 0, 0.13)';
export const WARMUP_COLOR = 'rgba(127, 127, 127, 0.13)';

/** the `bands` plugin's options: the warm-up (grey) and the flash crowds' periods (orange), clipped to the run */
export function surgeBands(result: RunResult): BandsOptions {
  const warmup =
    result.warmupS > 0 ? [{ from: 0, to: minutesOf(Math.min(result.warmupS, result.durationS)), label: 'warm-up (not counted)', color: WARMUP_COLOR }] : [];
  const surges = result.scenario.surges.map((s) => ({
    from: minutesOf(Math.max(0, s.startS)),
    to: minutesOf(Math.min(result.durationS, s.endS)),
    label: `flash crowd: ${s.cdn}/${s.region}`,
  }));
  return { bands: [...warmup, ...surges].filter((b) => b.to > b.from), color: SURGE_COLOR, labelColor: '#8a5a00' };
}

/** the x axis of every time chart: simulated minutes from 0 to the end of the run */
export function timeScale(result: RunResult) {
  return {
    type: 'linear' as const,
    min: 0,
    max: minutesOf(result.durationS),
    title: { display: true, text: 'time (min)' },
    ticks: { maxTicksLimit: 13 },
  };
}

/** the title, an optional subtitle, the legend below; `lines`: legend samples drawn as the series' lines (dashes shown) */
export function titlePlugins(title: string, subtitle?: string, lines = false) {
  return {
    title: { display: true, text: title, font: { size: 15 } },
    ...(subtitle === undefined ? {} : { subtitle: { display: true, text: subtitle, padding: { bottom: 8 } } }),
    // a box of height 0 is stroked as a line, with the series' dashes (a point style would lose them)
    legend: { position: 'bottom' as const, ...(lines ? { labels: { boxHeight: 0, boxWidth: 40 } } : {}) },
  };
}

/** a line chart over time: x in minutes, the crowd shaded, a tooltip for every series at the hovered time */
export function timeLineOptions(result: RunResult, title: string, yTitle: string, extra: { stacked?: boolean; subtitle?: string; areas?: boolean } = {}) {
  return {
    animation: false as const,
    responsive: false,
    interaction: { mode: 'nearest' as const, axis: 'x' as const, intersect: false },
    plugins: { ...titlePlugins(title, extra.subtitle, !extra.areas), bands: surgeBands(result) },
    scales: {
      x: timeScale(result),
      // grace: head room above the highest point, so a reference line at the top stays visible
      y: { title: { display: true, text: yTitle }, beginAtZero: true, grace: '8%', stacked: extra.stacked ?? false },
    },
    elements: { point: { radius: 0 } },
  } satisfies ChartConfiguration<'line'>['options'];
}
