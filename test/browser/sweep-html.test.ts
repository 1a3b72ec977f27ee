// sweep.html of a hand-made sweep in Debian's headless Chromium, offline from file://: nothing
// outside the page is requested, no error is logged, every comparison chart is drawn, a tooltip
// shows on hover, and each run link points at runs/<id>/report.html beside the page. Chromium is
// installed by scripts/ensure-chromium.sh when missing; when that fails, these tests fail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderSweepHtml } from '../../experiments/sweep-html.js';
import { tempDir } from '../cli/helpers.js';
import { sweepFixture } from '../reports/sweep-fixture.js';
import { canvasInk, datasetSizes, ensureChromium, openOffline, type OfflinePage } from './browser.js';

declare const Chart: {
  getChart(id: string): {
    chartArea: { left: number; right: number; top: number; bottom: number };
    tooltip: { opacity: number };
    getSortedVisibleDatasetMetas(): { data: unknown[] }[];
  };
};

const dir = join(tempDir(), 'sweep');
const { summary, rows, specs } = sweepFixture();
let opened: OfflinePage;
let ids: string[] = [];

beforeAll(async () => {
  ensureChromium();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'sweep.html'), renderSweepHtml(summary, rows, specs));
  opened = await openOffline(join(dir, 'sweep.html'));
  await opened.page.waitForFunction(() => document.documentElement.getAttribute('data-charts') !== null, { timeout: 30_000 });
  ids = await opened.page.$$eval('canvas', (canvases) => canvases.map((c) => c.id));
}, 900_000);

afterAll(async () => {
  await opened?.browser.close();
});

describe('sweep.html in Chromium, offline', () => {
  it('draws, logs no error and asks for nothing outside the page', async () => {
    expect(await opened.page.evaluate(() => document.documentElement.getAttribute('data-charts'))).toBe('drawn');
    expect(opened.errors).toEqual([]);
    expect(opened.blocked).toEqual([]);
    expect(opened.files).toEqual([pathToFileURL(join(dir, 'sweep.html')).href]);
  });

  it('draws every comparison chart: ink on at least 2% of its canvas, every dataset with elements', async () => {
    expect(ids).toHaveLength(specs.length);
    for (const id of ids) {
      const { ink, pixels } = await canvasInk(opened.page, id);
      expect(ink / pixels, id).toBeGreaterThan(0.02);
      const drawn = await datasetSizes(opened.page, id);
      expect(
        drawn.every((n) => n > 0),
        id,
      ).toBe(true);
    }
  });

  it('shows a tooltip over a variant’s interval bar', async () => {
    const id = ids[0];
    await opened.page.$eval(`#${id}`, (canvas) => canvas.scrollIntoView({ block: 'center' }));
    const bar = await opened.page.evaluate((chartId) => {
      const chart = Chart.getChart(chartId) as unknown as { getDatasetMeta(i: number): { data: { x: number; y: number; base: number }[] } };
      const rect = (document.getElementById(chartId) as HTMLCanvasElement).getBoundingClientRect();
      const element = chart.getDatasetMeta(1).data[0];
      return { x: rect.left + element.x, y: rect.top + (element.y + element.base) / 2 };
    }, id);
    await opened.page.mouse.move(bar.x, bar.y);
    await opened.page.waitForFunction((chartId) => Chart.getChart(chartId).tooltip.opacity > 0, { timeout: 5_000 }, id);
  });

  it('links each successful run to runs/<id>/report.html beside the page', async () => {
    const hrefs = await opened.page.$$eval('a[href^="runs/"]', (links) => links.map((a) => (a as HTMLAnchorElement).href));
    const ok = rows.filter((r) => r.status === 'ok');
    expect(hrefs).toEqual(ok.map((r) => pathToFileURL(join(dir, 'runs', r.id, 'report.html')).href));
  });
});
