// Opens an autopeer page in Debian's headless Chromium (installed by scripts/ensure-chromium.sh when
// missing), offline: every request but file:, data: and about: is blocked and recorded, and console
// errors and page errors are collected. Also measures how much of a chart's canvas is drawn, and
// takes screenshots. For the browser tests and scripts/screenshot-report.ts.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const CHROMIUM = '/usr/bin/chromium';
const ENSURE = join(import.meta.dirname, '../../scripts/ensure-chromium.sh');

/** installs Debian's chromium when it is missing; throws, saying why, when it cannot */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  try {
    execFileSync('sh', [ENSURE], { stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (error) {
    throw new Error(`Chromium is needed at ${CHROMIUM} for the browser tests and scripts/ensure-chromium.sh could not install it: ${(error as Error).message}`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`scripts/ensure-chromium.sh ran but ${CHROMIUM} is still missing`);
}

export interface OfflinePage {
  browser: Browser;
  page: Page;
  /** every URL the page asked for that is not file:, data: or about: (all blocked) */
  blocked: string[];
  /** every file: URL it asked for */
  files: string[];
  /** console messages of type error, and uncaught exceptions */
  errors: string[];
}

export async function openOffline(file: string, viewport = { width: 1200, height: 900 }): Promise<OfflinePage> {
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--headless=new'] });
  const page = await browser.newPage();
  const blocked: string[] = [];
  const files: string[] = [];
  const errors: string[] = [];
  await page.setViewport(viewport);
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (/^(data|about):/.test(url)) return void request.continue();
    if (url.startsWith('file:')) {
      files.push(url);
      return void request.continue();
    }
    blocked.push(url);
    void request.abort('blockedbyclient');
  });
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${(error as Error).message ?? String(error)}`));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { browser, page, blocked, files, errors };
}

/** how many of a canvas' pixels are drawn (neither transparent nor near-white), of how many */
export async function canvasInk(page: Page, id: string): Promise<{ ink: number; pixels: number }> {
  return page.evaluate((canvasId) => {
    const canvas = document.getElementById(canvasId) as HTMLCanvasElement | null;
    if (!canvas) return { ink: -1, pixels: 0 };
    const context = canvas.getContext('2d') as CanvasRenderingContext2D;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 16 && !(data[i] > 245 && data[i + 1] > 245 && data[i + 2] > 245)) ink++;
    return { ink, pixels: data.length / 4 };
  }, id);
}

// the page's Chart.js global, as far as datasetSizes reads it (it runs inside the page)
declare const Chart: { getChart(id: string): { getSortedVisibleDatasetMetas(): { data: unknown[] }[] } };

/** how many elements each visible dataset of chart `id` drew (0 for one that drew nothing) */
export async function datasetSizes(page: Page, id: string): Promise<number[]> {
  return page.evaluate(
    (chartId) =>
      Chart.getChart(chartId)
        .getSortedVisibleDatasetMetas()
        .map((m) => m.data.length),
    id,
  );
}
