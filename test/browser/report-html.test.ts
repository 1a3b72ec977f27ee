// report.html in a real browser (Debian's Chromium, headless, offline from file://): the page asks
// for nothing outside itself, logs no error, draws every chart (its canvas has ink, its datasets
// have drawn elements), shows a tooltip on hover and zooms on time by a drag (a double-click
// resets it). A full-page screenshot goes to the test's temporary folder. Chromium is installed
// by scripts/ensure-chromium.sh when missing; when that fails, these tests fail (never skip).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from '../cli/helpers.js';
import { SMALL_CROWD } from '../agents/run-helpers.js';
import { canvasInk, datasetSizes, ensureChromium, openOffline, type OfflinePage } from './browser.js';

// Chart is the page's global (Chart.js's UMD bundle); these run inside the page
declare const Chart: {
  getChart(id: string): {
    scales: { x: { min: number; max: number } };
    chartArea: { left: number; right: number; top: number; bottom: number };
    tooltip: { opacity: number; title: string[]; getActiveElements(): unknown[] };
    getSortedVisibleDatasetMetas(): { data: unknown[] }[];
    getDatasetMeta(i: number): { data: { x: number; y: number }[] };
  };
};

const out = join(tempDir(), 'run');
let opened: OfflinePage;
let chartIds: string[] = [];

beforeAll(async () => {
  ensureChromium();
  const run = cli('run', SMALL_CROWD, '--out', out, '--quiet', '--no-charts', '--set', 'duration=20m');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  opened = await openOffline(join(out, 'report.html'));
  await opened.page.waitForFunction(() => document.documentElement.getAttribute('data-charts') !== null, { timeout: 30_000 });
  chartIds = await opened.page.$$eval('canvas', (canvases) => canvases.map((c) => c.id));
}, 900_000);

afterAll(async () => {
  await opened?.browser.close();
});

/** a point of the page, in viewport coordinates, at chart-area fractions (fx, fy) of a chart, scrolled into view */
async function chartPoint(id: string, fx: number, fy: number) {
  await opened.page.$eval(`#${id}`, (canvas) => canvas.scrollIntoView({ block: 'center' }));
  return opened.page.evaluate(
    (chartId, x, y) => {
      const chart = Chart.getChart(chartId);
      const rect = (document.getElementById(chartId) as HTMLCanvasElement).getBoundingClientRect();
      const area = chart.chartArea;
      return { x: rect.left + area.left + x * (area.right - area.left), y: rect.top + area.top + y * (area.bottom - area.top) };
    },
    id,
    fx,
    fy,
  );
}

const xRange = (id: string) =>
  opened.page.evaluate((chartId) => {
    const x = Chart.getChart(chartId).scales.x;
    return { min: x.min, max: x.max };
  }, id);

describe('report.html in Chromium, offline', () => {
  it('draws every chart: the page script says so and logs no error, and nothing outside the page is requested', () => {
    expect(opened.errors).toEqual([]);
    expect(opened.blocked).toEqual([]);
    expect(opened.files).toEqual([`file://${join(out, 'report.html')}`]);
  });

  it('has the run’s eight charts, each canvas with ink on at least 2% of its pixels and every dataset drawn', async () => {
    expect(await opened.page.evaluate(() => document.documentElement.getAttribute('data-charts'))).toBe('drawn');
    expect(chartIds).toEqual([
      'chart-load',
      'chart-load-by-region',
      'chart-latency',
      'chart-served',
      'chart-utilization',
      'chart-arrangements',
      'chart-capacity',
      'chart-economics',
    ]);
    for (const id of chartIds) {
      const { ink, pixels } = await canvasInk(opened.page, id);
      expect(ink / pixels, id).toBeGreaterThan(0.02);
      const drawn = await datasetSizes(opened.page, id);
      expect(
        drawn.every((n) => n > 0),
        `${id}: elements per dataset ${drawn.join(', ')}`,
      ).toBe(true);
    }
  });

  it('the ink check fails on a blank canvas (the check above can fail)', async () => {
    await opened.page.evaluate(() => {
      const blank = document.createElement('canvas');
      blank.id = 'blank-probe';
      blank.width = 200;
      blank.height = 100;
      document.body.appendChild(blank);
    });
    expect((await canvasInk(opened.page, 'blank-probe')).ink).toBe(0);
  });

  it('shows a tooltip, titled with the time, when the mouse hovers over the load chart', async () => {
    const point = await chartPoint('chart-load', 0.5, 0.5);
    await opened.page.mouse.move(point.x, point.y);
    await opened.page.waitForFunction(() => Chart.getChart('chart-load').tooltip.opacity > 0, { timeout: 5_000 });
    const tooltip = await opened.page.evaluate(() => {
      const t = Chart.getChart('chart-load').tooltip;
      return { active: t.getActiveElements().length, title: t.title };
    });
    expect(tooltip.active).toBeGreaterThan(0);
    expect(tooltip.title[0]).toMatch(/^t = \d+(\.\d+)? min$/);
  });

  it('zooms on time when the mouse drags across a chart, and a double-click resets the zoom', async () => {
    expect(await xRange('chart-latency')).toEqual({ min: 0, max: 20 });
    const from = await chartPoint('chart-latency', 0.25, 0.5);
    const to = await chartPoint('chart-latency', 0.5, 0.5);
    await opened.page.mouse.move(from.x, from.y);
    await opened.page.mouse.down();
    await opened.page.mouse.move(to.x, to.y, { steps: 8 });
    await opened.page.mouse.up();
    const zoomed = await xRange('chart-latency');
    // a quarter of the 20-minute axis, from minute 5 to 10, within a pixel's worth
    expect(zoomed.min).toBeCloseTo(5, 0);
    expect(zoomed.max).toBeCloseTo(10, 0);
    await opened.page.mouse.click(to.x, to.y, { count: 2 });
    await opened.page.waitForFunction(() => Chart.getChart('chart-latency').scales.x.max === 20, { timeout: 5_000 });
    expect(await xRange('chart-latency')).toEqual({ min: 0, max: 20 });
  });

  it('the reset button resets a zoomed chart too, and the Gantt chart zooms on time', async () => {
    const from = await chartPoint('chart-arrangements', 0.5, 0.5);
    const to = await chartPoint('chart-arrangements', 0.75, 0.5);
    await opened.page.mouse.move(from.x, from.y);
    await opened.page.mouse.down();
    await opened.page.mouse.move(to.x, to.y, { steps: 8 });
    await opened.page.mouse.up();
    const zoomed = await xRange('chart-arrangements');
    expect(zoomed.max - zoomed.min).toBeLessThan(6);
    await opened.page.click('button[data-reset="chart-arrangements"]');
    expect(await xRange('chart-arrangements')).toEqual({ min: 0, max: 20 });
    expect(opened.errors).toEqual([]);
  });

  it('writes a full-page screenshot', async () => {
    const file = join(out, 'report-html.png') as `${string}.png`;
    await opened.page.evaluate(() => window.scrollTo(0, 0));
    await opened.page.screenshot({ path: file, fullPage: true });
    expect(existsSync(file)).toBe(true);
    const png = readFileSync(file);
    expect([...png.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    expect(png.readUInt32BE(16)).toBe(1200);
    expect(statSync(file).size).toBeGreaterThan(50_000);
  });
});
