// report.html as text: one self-contained page (scripts inlined with their license banners, a strict
// Content-Security-Policy, nothing to fetch), the same bytes for the same run, every piece of the
// scenario escaped (a name or description with </script>, <!--, quotes or U+2028 cannot break out of
// the page's elements or its JSON), the key figures at the top, and the story of the arrangements,
// or why there was none. The browser test (test/browser/) checks the page as Chromium draws it.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../scenarios/load.js';
import { runScenario } from '../../scenarios/run.js';
import type { RunResult } from '../../reports/run-result.js';
import { renderReportHtml, keyFigures } from '../../reports/html/run-page.js';
import { CSP, renderHtmlPage } from '../../reports/html/page.js';
import { escapeHtml, markup, scriptJson } from '../../reports/html/escape.js';
import { bytes, clock, duration, num, pct } from '../../reports/html/format.js';
import { CHARTS_DATA_ID } from '../../reports/html/page-script.js';
import { runWithAgents, SMALL_CROWD } from '../agents/run-helpers.js';

const HOSTILE = `x</script><script>alert(1)</script><!-- "double" 'single' & \u2028\u2029 </SCRIPT >`;

const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

/** the JSON data element's text, parsed */
function chartsData(page: string): { id: string; config: { options: { plugins: { title: { text: string } } } } }[] {
  const open = `<script type="application/json" id="${CHARTS_DATA_ID}">`;
  const start = page.indexOf(open) + open.length;
  return JSON.parse(page.slice(start, page.indexOf('</script>', start)));
}

describe('escaping', () => {
  it('escapeHtml escapes & < > " and \'', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('markup`` escapes every interpolated value but SafeHtml, and joins arrays', () => {
    expect(markup`<p>${'<b>'}${[markup`<i>`, '&']}${null}</p>`.html).toBe('<p>&lt;b&gt;<i>&amp;</p>');
  });

  it('scriptJson leaves no <, >, & or U+2028/2029 in the text, and parses back to the same value', () => {
    const value = { title: HOSTILE, list: [HOSTILE, 1, null] };
    const text = scriptJson(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('formatting', () => {
  it('numbers, shares, clock readings, durations and byte counts', () => {
    expect([num(1234567.891), num(0), num(394970, 0), num(10.5, 2), num(3.2, 2, true), num(-0.001, 2)]).toEqual([
      '1,234,567.89',
      '0',
      '394,970',
      '10.5',
      '3.20',
      '0',
    ]);
    expect([pct(0.012345), pct(null)]).toEqual(['1.23%', '—']);
    expect([clock(0), clock(610), clock(1220.04), clock(59.999), clock(3725.5)]).toEqual(['0:00', '10:10', '20:20.04', '1:00', '62:05.5']);
    expect([duration(0.04), duration(95), duration(120)]).toEqual(['0.04 s', '1 min 35 s', '2 min']);
    expect([bytes(999), bytes(3637663706053)]).toEqual(['999 B', '3.64 TB']);
  });
});

describe('the page builder', () => {
  const chart = { id: 'c1', title: 'one', config: { type: 'line' as const, data: { datasets: [] } } };

  it('refuses element ids that are not plain, or used twice', () => {
    expect(() => renderHtmlPage({ title: 't', figures: [], sections: [{ id: 'a b', title: 's' }] })).toThrow(/page element id "a b"/);
    expect(() => renderHtmlPage({ title: 't', figures: [], sections: [{ id: 's', title: 's', charts: [chart, chart] }] })).toThrow(/"c1" is used twice/);
  });

  it('inlines Chart.js, Hammer.js and the zoom plugin with their banners, under a strict CSP, and loads nothing from outside', () => {
    const page = renderHtmlPage({ title: 't', figures: [], sections: [{ id: 's', title: 's', charts: [chart] }] });
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CSP)}">`);
    expect(CSP).toBe("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:");
    expect(page).toMatch(/\* Chart\.js v4\.\d+\.\d+[\s\S]*Released under the MIT License/);
    expect(page).toContain('Hammer.JS - v2.0');
    expect(page).toContain('chartjs-plugin-zoom v2.');
    expect(/<(link|img|iframe|object|embed)\b|\s(src|href)=|sourceMappingURL/i.exec(page)?.[0] ?? null).toBeNull();
  });
});

describe('report.html', () => {
  const { result } = runWithAgents(SMALL_CROWD, 1, ['duration=15m']);

  it('is the same bytes for the same run, and for a re-run of the same scenario and seed', () => {
    const again = runWithAgents(SMALL_CROWD, 1, ['duration=15m']).result;
    expect(renderReportHtml(result)).toBe(renderReportHtml(result));
    expect(renderReportHtml(again)).toBe(renderReportHtml(result));
  });

  it('carries every chart of the run, each configuration as chartSpecs gives it', () => {
    const data = chartsData(renderReportHtml(result));
    expect(data.map((c) => c.id)).toEqual([
      'chart-load',
      'chart-load-by-region',
      'chart-latency',
      'chart-served',
      'chart-utilization',
      'chart-arrangements',
      'chart-capacity',
      'chart-economics',
    ]);
  });

  it('opens with the key figures: served and rejected shares, latency, SLA violations, detection → agreement, utility per CDN', () => {
    const figures = keyFigures(result);
    expect(figures.map((f) => f.label)).toEqual([
      'served',
      'rejected',
      'p95 latency during the crowd',
      'p95 latency outside it',
      'SLA violations',
      'detection → agreement',
      'utility, alpha (primary)',
      'utility, beta (peer)',
      'utility, gamma (peer)',
    ]);
    expect(figures[0].value).toBe(pct(result.requests.served / result.requests.arrived));
    expect(figures[2].value).toBe(`${num(result.surges.latencyMs.during!.p95, 1)} ms`);
    expect(figures[3].value).toBe(`${num(result.surges.latencyMs.outside!.p95, 1)} ms`);
    expect(figures[4].value).toBe(String(result.control.arrangements.reduce((s, a) => s + a.slaViolations, 0)));
    const page = renderReportHtml(result);
    expect(page.indexOf('class="figures"')).toBeLessThan(page.indexOf('<section'));
  });

  it('tells each arrangement’s story: detection, agreement, activation, capacity, end, service and money', () => {
    const page = renderReportHtml(result);
    const first = result.control.arrangements[0];
    expect(page).toContain(`alpha detected an overload at <time>${clock(first.detectedAtS)}</time>`);
    expect(page).toContain(`they agreed at <time>${clock(first.agreedAtS)}</time>`);
    expect(page).toContain(`Active from <time>${clock(first.activeAtS!)}</time>`);
    expect(page).toContain(`Capacity ${num(first.capacityRps, 0)} requests/s at first`);
    expect(page).toContain(`Served ${num(first.servedRequests, 0)} requests`);
  });

  it('escapes a hostile scenario name, description and CDN id everywhere: no element can be closed or opened by them', () => {
    const hostile: RunResult = { ...result, scenario: { ...result.scenario, name: HOSTILE, description: HOSTILE } };
    const page = renderReportHtml(hostile);
    // the three vendored scripts, the charts' JSON and the page's script: no more, no fewer
    expect(count(page, /<script\b/gi)).toBe(5);
    expect(count(page, /<\/script/gi)).toBe(5);
    expect(page.includes('<!--')).toBe(false);
    expect(page.includes('alert(1)</script>')).toBe(false);
    expect(page).toContain(`<title>${escapeHtml(`${HOSTILE} — seed 1`)}</title>`);
    expect(chartsData(page)[0].config.options.plugins.title.text.startsWith(`${HOSTILE} (seed 1)`)).toBe(true);
  });

  it('without any arrangement, says none was made and why (here: the only primary never seeks), with no Gantt', () => {
    const alone = runWithAgents(SMALL_CROWD, 1, ['duration=3m', 'cdns.alpha.policy=isolated']).result;
    const page = renderReportHtml(alone);
    expect(page).toContain('No arrangement was made. No primary could seek a peer: peering on, but alpha&#39;s policy isolated never seeks a peer.');
    expect(chartsData(page).map((c) => c.id)).not.toContain('chart-arrangements');
    expect(keyFigures(alone).find((f) => f.label === 'SLA violations')).toMatchObject({ value: '—', note: 'no arrangement' });
    expect(keyFigures(alone).find((f) => f.label === 'detection → agreement')).toMatchObject({ value: '—', note: 'no negotiated arrangement' });
  });

  it('with peering disabled, says so', () => {
    const off = runWithAgents(SMALL_CROWD, 1, ['duration=2m', 'peering.enabled=false']).result;
    expect(renderReportHtml(off)).toContain('No arrangement was made. Peering is disabled in this scenario.');
  });

  it('with zero requests, shows no share and no latency rather than 0% or NaN', () => {
    const { scenario, hash } = loadScenario('mmc', { sets: ['workload.0.base.ratePerS=0.001', 'duration=10s', 'window=5s'] });
    const { result: none } = runScenario(scenario, { hash, version: 'test' });
    expect(none.requests.arrived).toBe(0);
    const figures = keyFigures(none);
    expect(figures.slice(0, 4).map((f) => f.value)).toEqual(['—', '—', '—', '—']);
    expect(figures[2].note).toBe('no flash crowd in this scenario');
    expect(figures[3].note).toBe('no request arriving outside any crowd was served');
    const page = renderReportHtml(none);
    // the page's own text and its charts' data (Chart.js's code, inlined after the text, has these words)
    const text = page.slice(0, page.indexOf('<script'));
    expect(/NaN|Infinity|undefined/.exec(text)?.[0] ?? null).toBeNull();
    expect(/NaN|Infinity/.exec(JSON.stringify(chartsData(page)))?.[0] ?? null).toBeNull();
  });
});
