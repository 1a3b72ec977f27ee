// The offered load per region (its workloads' rate profiles beside what was served for its users)
// and, for a replayed count series, the trace's counts per window beside the simulated arrivals:
// their configurations carry the run's rows, point for point; the trace chart and the page's trace
// section exist only when there is something to show; both PNGs are drawn.
import { describe, expect, it } from 'vitest';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { chartSpecs, regionLoadChart, regionLoads, traceReplayChart } from '../../reports/chart-configs.js';
import { renderCharts, CHART_HEIGHT, CHART_WIDTH } from '../../reports/render-charts.js';
import { renderReportHtml } from '../../reports/html/run-page.js';
import type { RunResult } from '../../reports/run-result.js';
import { loadScenario } from '../../scenarios/load.js';
import { runScenario } from '../../scenarios/run.js';
import { runWithAgents, SMALL_CROWD } from '../agents/run-helpers.js';

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const minutes = (s: number) => Math.round((s / 60) * 1e4) / 1e4;

/** worldcup98's evening, 5 times faster and scaled down so it runs in well under a second: a count series beside a Poisson workload */
function worldCup(): RunResult {
  const sets = ['duration=40m', 'window=5m', 'warmup=5m', 'workload.0.base.peakRatePerS=20', 'workload.0.base.speedup=5', 'workload.1.base.ratePerS=5'];
  const { scenario, hash, policies } = loadScenario('worldcup98', { sets });
  return runScenario(scenario, { hash, version: 'test', policies }).result;
}

/** how many pixels of a PNG are within `tolerance` of an RGB colour, and how many are not white */
async function ink(png: Uint8Array, rgb: [number, number, number], tolerance = 12) {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  let near = 0;
  let inked = 0;
  for (let i = 0; i < data.length; i += 4) {
    const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
    if (r < 250 || g < 250 || b < 250) inked++;
    if (Math.abs(r - rgb[0]) <= tolerance && Math.abs(g - rgb[1]) <= tolerance && Math.abs(b - rgb[2]) <= tolerance) near++;
  }
  return { width: image.width, height: image.height, near, inked, corner: [...data.subarray(0, 4)] };
}

describe('the offered load per region', () => {
  const { result } = runWithAgents(SMALL_CROWD, 1, ['duration=6m']);
  const spec = regionLoadChart(result);
  const datasets = spec.config.data.datasets;

  it('has an offered and a served line for each region with users, not for the region without any', () => {
    // small-crowd: users in west and central, none in east (the origin's region)
    expect(result.load.regions.some((r) => r.region === 'east')).toBe(true);
    expect(result.load.regions.filter((r) => r.region === 'east').every((r) => r.offeredPerS === 0)).toBe(true);
    expect(regionLoads(result).map((r) => r.region)).toEqual(['west', 'central']);
    expect(datasets.map((d) => d.label)).toEqual(['west offered', 'west served', 'central offered', 'central served']);
    expect(spec.file).toBe('load-by-region.png');
    expect(spec.config.options?.plugins?.title?.text).toBe('small-crowd (seed 1): offered load per region');
    expect(spec.config.options?.scales?.y).toMatchObject({ title: { display: true, text: 'requests/s' } });
  });

  it('one point per window, at its middle in minutes, each equal to the region’s row', () => {
    expect(spec.config.data.labels).toEqual(result.timeline.map((t) => minutes(t.tS + t.windowS / 2)));
    for (const [k, region] of ['west', 'central'].entries()) {
      const rows = result.load.regions.filter((r) => r.region === region);
      expect(rows).toHaveLength(result.timeline.length);
      expect(datasets[2 * k].data).toEqual(rows.map((r) => round6(r.offeredPerS)));
      expect(datasets[2 * k + 1].data).toEqual(rows.map((r) => round6(r.servedPerS)));
    }
    // west has the crowd's workload: its offered load is above central's 110/s
    expect(Math.max(...(datasets[0].data as number[]))).toBeGreaterThan(0);
    expect(datasets[2].data.every((y) => y === 110)).toBe(true);
  });

  it('served is drawn in the offered line’s colour, dashed; the warm-up and crowd are shaded like the other time charts', () => {
    const [offered, served] = datasets as { borderColor: string; borderDash?: number[] }[];
    expect(served.borderColor).toBe(offered.borderColor);
    expect(offered.borderDash).toBeUndefined();
    expect(served.borderDash?.length).toBeGreaterThan(0);
    expect(spec.config.options?.plugins?.bands).toEqual(chartSpecs(result)[0].config.options?.plugins?.bands);
    expect(spec.config.options?.scales?.x).toMatchObject({ type: 'linear', min: 0, max: 6 });
  });

  it('is one of the run’s charts, and a plain-data configuration', () => {
    expect(chartSpecs(result).map((s) => s.file)).toContain('load-by-region.png');
    expect(JSON.parse(JSON.stringify(spec.config))).toStrictEqual(spec.config);
  });

  it('a region whose rows are missing for some window gets a gap there, not a shifted line', () => {
    const dropped = result.timeline[1].tS;
    const holed: RunResult = { ...result, load: { ...result.load, regions: result.load.regions.filter((r) => !(r.region === 'west' && r.tS === dropped)) } };
    const west = regionLoadChart(holed).config.data.datasets[0].data;
    expect(west).toHaveLength(result.timeline.length);
    expect(west[1]).toBeNull();
    expect(west[2]).toBe(datasets[0].data[2]);
  });
});

describe('the trace vs simulated chart', () => {
  const result = worldCup();
  const series = result.load.workloads.filter((w) => w.windows !== null);

  it('exists for a replayed count series: per window, the trace’s counts as bars and the simulated arrivals as points', () => {
    expect(series.map((w) => `${w.cdn}/${w.region} ${w.process}`)).toEqual(['alpha/eu-west series']);
    const spec = traceReplayChart(result)!;
    expect(spec.file).toBe('trace-replay.png');
    expect(chartSpecs(result).map((s) => s.file)).toContain('trace-replay.png');
    const [trace, simulated] = spec.config.data.datasets as { type: string; label: string; data: { x: number; y: number }[] }[];
    expect([trace.type, simulated.type]).toEqual(['bar', 'line']);
    expect(trace.label).toBe('alpha/eu-west (1998-07-07-evening.csv) trace');
    expect(simulated.label).toBe('alpha/eu-west (1998-07-07-evening.csv) simulated');
    const windows = series[0].windows!;
    expect(windows).toHaveLength(result.timeline.length);
    expect(trace.data).toEqual(windows.map((w) => ({ x: minutes(w.tS + 150), y: round6(w.expected) })));
    expect(simulated.data).toEqual(windows.map((w) => ({ x: minutes(w.tS + 150), y: w.arrived })));
    expect(simulated.data.reduce((s, p) => s + p.y, 0)).toBe(series[0].arrived);
    expect(spec.config.options?.scales?.x).toMatchObject({ type: 'linear', min: 0, max: 40, offset: false });
    expect(spec.config.options?.plugins?.bands?.bands).toEqual([{ from: 0, to: 5, label: 'warm-up (not counted)', color: 'rgba(127, 127, 127, 0.13)' }]);
    expect(JSON.parse(JSON.stringify(spec.config))).toStrictEqual(spec.config);
  });

  it('the replay follows the trace: each window’s arrivals within 5 standard deviations of its count', () => {
    for (const w of series[0].windows!) expect(Math.abs(w.arrived - w.expected), `t = ${w.tS}`).toBeLessThan(5 * Math.sqrt(w.expected) + 5);
  });

  it('is absent without a count series, and so is the page’s trace section', () => {
    const { result: plain } = runWithAgents(SMALL_CROWD, 1, ['duration=3m']);
    expect(plain.load.workloads.every((w) => w.windows === null && w.trace === null)).toBe(true);
    expect(traceReplayChart(plain)).toBeNull();
    expect(chartSpecs(plain).map((s) => s.file)).not.toContain('trace-replay.png');
    const page = renderReportHtml(plain);
    expect(page).not.toContain('id="traces"');
    expect(page).toContain('id="chart-load-by-region"');
    expect(page).not.toContain('id="chart-trace-replay"');
  });

  it('report.html draws it in a section that lists the trace file: name, sha256 (12 characters), lines and malformed lines', () => {
    const trace = series[0].trace!;
    const page = renderReportHtml(result);
    const section = page.slice(page.indexOf('id="traces"'), page.indexOf('</section>', page.indexOf('id="traces"')));
    expect(section).toContain('Traces replayed');
    expect(section).toContain('id="chart-trace-replay"');
    expect(section).toContain(`<code>${trace.file}</code>`);
    expect(section).toContain(`>${trace.sha256.slice(0, 12)}</code>`);
    expect(section).not.toContain(`>${trace.sha256}</code>`);
    expect(section).toContain(`<td class="num">${trace.lines}</td>`);
    expect(trace.malformed).toBe(0);
  });

  it('the page lists the first malformed line numbers, with … when there were more', () => {
    const w = series[0];
    const bad = { ...w, trace: { ...w.trace!, malformed: 14, malformedLines: [3, 7, 9] } };
    const page = renderReportHtml({ ...result, load: { ...result.load, workloads: [bad, ...result.load.workloads.slice(1)] } });
    expect(page).toContain('<td>3, 7, 9, …</td>');
    expect(page).toContain('<td class="num">14</td>');
  });
});

describe('the PNGs', () => {
  it('load-by-region.png and trace-replay.png are 1000 × 500 and drawn: the first series’ blue lines, the trace’s light-blue bars', async () => {
    const result = worldCup();
    const files = renderCharts([regionLoadChart(result), traceReplayChart(result)!]);
    expect(Object.keys(files)).toEqual(['charts/load-by-region.png', 'charts/trace-replay.png']);
    const blue: [number, number, number] = [0x1f, 0x77, 0xb4];
    const region = await ink(files['charts/load-by-region.png'], blue);
    expect([region.width, region.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    // on an opaque white background (Chart.js clears the canvas before drawing: the renderer paints it white again)
    expect(region.corner).toEqual([255, 255, 255, 255]);
    expect(region.near).toBeGreaterThan(800);
    const trace = await ink(files['charts/trace-replay.png'], blue);
    // bars filled with #1f77b4 at alpha 0x55 over white
    const a = 0x55 / 255;
    const light = blue.map((c) => Math.round(255 - (255 - c) * a)) as [number, number, number];
    const bars = await ink(files['charts/trace-replay.png'], light);
    expect(trace.near).toBeGreaterThan(300);
    expect(bars.near).toBeGreaterThan(20000);
    expect(trace.inked).toBeGreaterThan(bars.near);
  });

  it('the ink check can fail: a chart with no datasets has no blue', async () => {
    const result = worldCup();
    const empty = regionLoadChart({ ...result, load: { ...result.load, regions: [] } });
    expect(empty.config.data.datasets).toEqual([]);
    const png = renderCharts([empty])['charts/load-by-region.png'];
    expect((await ink(png, [0x1f, 0x77, 0xb4])).near).toBeLessThan(50);
  });
});
