// sweep.html as text: the runs' tally, per metric each variant's mean ± 95% and its difference from
// the baseline (or none without one), the comparison charts as sweepChartSpecs gives them, the
// failed runs with their errors, and the runs table linking each successful run's report.html;
// every name escaped; the same bytes for the same sweep. The browser test draws it in Chromium.
import { describe, expect, it } from 'vitest';
import { MAX_RUNS_LISTED, renderSweepHtml, runReportLink } from '../../experiments/sweep-html.js';
import { formatMeanHalfWidth, formatP } from '../../experiments/number-format.js';
import { escapeHtml } from '../../reports/html/escape.js';
import { CHARTS_DATA_ID } from '../../reports/html/page-script.js';
import { HOSTILE_NAME, sweepFixture } from './sweep-fixture.js';

const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;
const textOf = (page: string) => page.slice(0, page.indexOf('<script'));

function chartsData(page: string): { id: string; config: unknown }[] {
  const open = `<script type="application/json" id="${CHARTS_DATA_ID}">`;
  const start = page.indexOf(open) + open.length;
  return JSON.parse(page.slice(start, page.indexOf('</script>', start)));
}

describe('sweep.html', () => {
  const { summary, rows, specs } = sweepFixture();
  const page = renderSweepHtml(summary, rows, specs);

  it('is the same bytes for the same sweep', () => {
    const again = sweepFixture();
    expect(renderSweepHtml(again.summary, again.rows, again.specs)).toBe(page);
  });

  it('opens with the runs’ tally and the baseline', () => {
    expect(summary.runs).toEqual({ planned: 12, ok: 11, failed: 1, missing: 0 });
    expect(textOf(page)).toContain('<dt>runs ok</dt><dd>11 of 12</dd>');
    expect(textOf(page)).toContain('<dt>runs failed</dt><dd>1</dd>');
    expect(textOf(page)).toContain(
      '<dt>baseline</dt><dd>isolated-180</dd><p>cdns.alpha.policy=isolated, workload.0.base.ratePerS=180; differences by Welch’s t test at 95%</p>',
    );
  });

  it('has a table per metric: each variant’s mean ± 95%, and Δ, its interval, p and significance against the baseline', () => {
    const text = textOf(page);
    for (const m of summary.metrics) expect(text).toContain(`>${m.name}`);
    const v = summary.variants.find((x) => x.id === 'balanced-360')!;
    const s = v.metrics.latencyP95Ms;
    expect(text).toContain(`<td class="num">${formatMeanHalfWidth(s.mean, (s.ci95![1] - s.ci95![0]) / 2)}</td>`);
    const d = v.vsBaseline!.latencyP95Ms!;
    expect(text).toContain(`<td class="num">${escapeHtml(formatP(d.p))}</td>`);
    expect(text).toContain('<td colspan="4">baseline</td>');
  });

  it('says whether a significant difference is better or worse by the metric’s direction (lower latency is better)', () => {
    const v = summary.variants.find((x) => x.id === 'balanced-180')!;
    expect(v.vsBaseline!.latencyP95Ms).toMatchObject({ significant: true });
    expect(v.vsBaseline!.latencyP95Ms!.difference).toBeLessThan(0);
    expect(textOf(page)).toContain('<td class="good">yes, better</td>');
  });

  it('without a baseline, has no difference columns', () => {
    const plain = sweepFixture({ baseline: false });
    const text = textOf(renderSweepHtml(plain.summary, plain.rows, plain.specs));
    expect(text.includes('Δ vs baseline')).toBe(false);
    expect(text).toContain('no baseline: no differences tested');
  });

  it('carries every comparison chart, as sweepChartSpecs gives it', () => {
    const data = chartsData(page);
    expect(data.map((c) => c.config)).toEqual(specs.map((s) => s.config));
    expect(data.map((c) => c.id)).toEqual(specs.map((s) => `chart-${s.file.replace(/\.png$/, '').replace(/[^A-Za-z0-9_-]/g, '-')}`));
    expect(specs.some((s) => s.file.includes('-by-'))).toBe(true);
  });

  it('lists the failed run with its error, and links only the successful runs to their report.html', () => {
    const text = textOf(page);
    expect(text).toContain(escapeHtml('worker died: <out of memory> & "more"'));
    for (const row of rows) {
      const link = `<a href="${escapeHtml(runReportLink(row.id))}">`;
      expect(text.includes(link), row.id).toBe(row.status === 'ok');
    }
    expect(runReportLink('isolated-180-seed-1')).toBe('runs/isolated-180-seed-1/report.html');
  });

  it('escapes a hostile variant name everywhere: no element can be closed or opened by it', () => {
    expect(summary.variants.some((v) => v.name === HOSTILE_NAME)).toBe(true);
    expect(count(page, /<script\b/gi)).toBe(5);
    expect(count(page, /<\/script/gi)).toBe(5);
    expect(textOf(page)).toContain(escapeHtml(HOSTILE_NAME));
    expect(JSON.stringify(chartsData(page))).toContain('alert(\\"x\\")');
  });

  it(`lists at most ${MAX_RUNS_LISTED} runs and says where the rest are`, () => {
    const big = sweepFixture({ seeds: 520 });
    const text = textOf(renderSweepHtml(big.summary, big.rows, big.specs));
    expect(count(text, /<a href="runs\//g)).toBe(MAX_RUNS_LISTED - 1);
    expect(text).toContain(`The first ${MAX_RUNS_LISTED} of 2080 runs (failed ones first); runs.csv has them all.`);
  });

  it('with no metric value in any run, says there is nothing to chart', () => {
    const empty = sweepFixture({ values: false });
    expect(empty.specs).toEqual([]);
    expect(textOf(renderSweepHtml(empty.summary, empty.rows, empty.specs))).toContain('No metric has a value in any run: nothing to chart.');
  });
});
