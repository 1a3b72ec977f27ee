// One self-contained HTML page for a run's report or a sweep's: key figures at the top, sections of
// escaped HTML, and charts drawn live by Chart.js from their JSON configurations. Everything is
// inlined (scripts with their license banners, styles, data) under a strict Content-Security-Policy,
// so the page works offline from file:// and fetches nothing. Deterministic: the same input gives the
// same bytes. Knows nothing of runs or sweeps (./run-page and experiments/sweep-html fill it in).
import type { ChartConfiguration } from 'chart.js';
import { markup, scriptJson, type SafeHtml } from './escape.js';
import { vendorScripts, assertInlineable } from './vendor.js';
import { CHARTS_DATA_ID, PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';

export const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

export interface PageFigure {
  label: string;
  value: string;
  /** a short line under the value: what it counts, or why it is missing */
  note?: string;
}

export interface PageChart {
  /** unique in the page: letters, digits, '-' and '_', starting with a letter */
  id: string;
  title: string;
  config: ChartConfiguration;
  /** drawn at this aspect ratio (the PNG's size): 1000 × 500 unless said */
  width?: number;
  height?: number;
  /** its x axis is simulated time in minutes: zoom and pan on it, tooltips say "t = … min" */
  time?: boolean;
}

export interface PageSection {
  id: string;
  title: string;
  /** above the section's charts */
  body?: SafeHtml;
  charts?: PageChart[];
  /** below its charts */
  after?: SafeHtml;
}

export interface HtmlPage {
  title: string;
  /** under the title: what was run */
  intro?: SafeHtml;
  figures: PageFigure[];
  sections: PageSection[];
}

const ID = /^[A-Za-z][A-Za-z0-9_-]*$/;

function chartBlock(chart: PageChart): SafeHtml {
  const time = chart.time === true;
  const hint = time ? 'Drag across the chart to zoom on time, shift + drag to pan, ctrl + wheel to zoom; double-click or' : null;
  return markup`<figure class="chart">
<div class="chart-box"><canvas id="${chart.id}" role="img" aria-label="${chart.title}"></canvas></div>
${
  time
    ? markup`<figcaption>${hint} <button type="button" data-reset="${chart.id}">reset zoom</button></figcaption>
`
    : ''
}</figure>
`;
}

function figureBlock(f: PageFigure): SafeHtml {
  return markup`<div class="figure"><dt>${f.label}</dt><dd>${f.value}</dd>${f.note ? markup`<p>${f.note}</p>` : ''}</div>
`;
}

function sectionBlock(s: PageSection): SafeHtml {
  return markup`<section id="${s.id}">
<h2>${s.title}</h2>
${s.body ?? ''}${(s.charts ?? []).map(chartBlock)}${s.after ?? ''}</section>
`;
}

/** the page's bytes */
export function renderHtmlPage(page: HtmlPage): string {
  const charts = page.sections.flatMap((s) => s.charts ?? []);
  const ids = new Set<string>();
  for (const id of [...page.sections.map((s) => s.id), ...charts.map((c) => c.id)]) {
    if (!ID.test(id)) throw new Error(`page element id "${id}" is not letters, digits, '-' and '_' starting with a letter`);
    if (ids.has(id)) throw new Error(`page element id "${id}" is used twice`);
    ids.add(id);
  }
  const data = charts.map((c) => ({ id: c.id, config: c.config, width: c.width ?? 1000, height: c.height ?? 500, time: c.time === true }));
  assertInlineable('the page script', PAGE_SCRIPT);
  const vendored = vendorScripts().map(
    (v) => `<script>/* ${v.name} ${v.version} (${v.license}), node_modules/${v.name}/${v.file} */\n${v.source}\n</script>\n`,
  );
  const figures = page.figures.length ? markup`<dl class="figures">\n${page.figures.map(figureBlock)}</dl>\n` : '';
  const body = markup`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
<h1>${page.title}</h1>
${page.intro ?? ''}
</header>
<main>
${figures}${page.sections.map(sectionBlock)}</main>
<noscript><p>The charts are drawn by JavaScript in the page; the tables above do not need it.</p></noscript>
`;
  return (
    body.html +
    vendored.join('') +
    `<script type="application/json" id="${CHARTS_DATA_ID}">${scriptJson(data)}</script>\n` +
    `<script>\n${PAGE_SCRIPT}\n</script>\n</body>\n</html>\n`
  );
}
