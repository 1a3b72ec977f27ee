// report.html: one run as a page. The key figures at the top (served and rejected shares, latency,
// SLA violations, detection to agreement, utility per CDN), the charts drawn live from the same
// configurations as the PNGs (../chart-configs), the trace files replayed (with the trace's counts
// beside the simulated arrivals for a count series), the story of the arrangements, each CDN's
// figures and what was run. A pure function of the RunResult, like report.json.
import type { LatencySummary, RunResult } from '../run-result.js';
import { chartSpecs, type ChartSpec } from '../chart-configs.js';
import { buildReport, cdnEconomics, negotiationSummary } from '../report.js';
import { peeringPhrase } from '../markdown.js';
import { markup, type SafeHtml } from './escape.js';
import { duration, num, pct, share, usd } from './format.js';
import { renderHtmlPage, type PageChart, type PageFigure } from './page.js';
import { arrangementStory } from './arrangement-story.js';

export const REPORT_HTML_FILE = 'report.html';

function pageChart(spec: ChartSpec): PageChart {
  const title = spec.config.options?.plugins?.title?.text;
  return {
    id: `chart-${spec.file.replace(/\.png$/, '').replace(/[^A-Za-z0-9_-]/g, '-')}`,
    title: typeof title === 'string' ? title : spec.file,
    config: spec.config,
    ...(spec.height === undefined ? {} : { height: spec.height }),
    // the run's charts with a linear x axis are all on simulated time
    time: (spec.config.options?.scales as Record<string, { type?: string }> | undefined)?.x?.type === 'linear',
  };
}

/** p95 latency of the requests that arrived during a flash crowd, and of those that arrived outside every one */
function surgeFigures(result: RunResult): PageFigure[] {
  const { latencyMs, served } = result.surges;
  const crowds = result.scenario.surges.length;
  const p95 = (l: LatencySummary | null) => (l === null ? '—' : `${num(l.p95, 1)} ms`);
  const note = (l: LatencySummary | null, n: number, when: string) =>
    l === null ? `no request ${when} was served` : `${num(n, 0)} requests ${when} served; p50 ${num(l.p50, 1)} ms, p99 ${num(l.p99, 1)} ms`;
  return [
    {
      label: 'p95 latency during the crowd',
      value: p95(latencyMs.during),
      note:
        crowds === 0
          ? 'no flash crowd in this scenario'
          : note(latencyMs.during, served.during, `arriving during ${crowds === 1 ? 'it' : `the ${crowds} crowds`}`),
    },
    { label: 'p95 latency outside it', value: p95(latencyMs.outside), note: note(latencyMs.outside, served.outside, 'arriving outside any crowd') },
  ];
}

export function keyFigures(result: RunResult): PageFigure[] {
  const r = result.requests;
  const n = negotiationSummary(result);
  const arrangements = result.control.arrangements;
  const violations = arrangements.reduce((sum, a) => sum + a.slaViolations, 0);
  const targets = [...new Set(arrangements.map((a) => a.p95TargetMs))].sort((a, b) => a - b);
  const figures: PageFigure[] = [
    {
      label: 'served',
      value: pct(share(r.served, r.arrived)),
      note: `${num(r.served, 0)} of ${num(r.arrived, 0)} requests, ${num(r.servedByPeers, 0)} by peers`,
    },
    { label: 'rejected', value: pct(share(r.rejected, r.arrived)), note: `${num(r.rejected, 0)} rejected, ${num(r.failed, 0)} failed` },
    ...surgeFigures(result),
    {
      label: 'SLA violations',
      value: arrangements.length ? String(violations) : '—',
      note: arrangements.length
        ? `over ${arrangements.length} arrangement${arrangements.length === 1 ? '' : 's'}; p95 target ${targets.join(', ')} ms`
        : 'no arrangement',
    },
    {
      label: 'detection → agreement',
      value: n.meanDetectionToAgreementS === null ? '—' : duration(n.meanDetectionToAgreementS),
      note:
        n.meanDetectionToAgreementS === null
          ? 'no negotiated arrangement'
          : `mean over ${n.negotiatedArrangements} negotiated; to the first redirect ${n.meanDetectionToFirstRedirectS === null ? '—' : duration(n.meanDetectionToFirstRedirectS)}`,
    },
  ];
  for (const cdn of result.cdns) {
    const e = cdnEconomics(result, cdn);
    figures.push({
      label: `utility, ${cdn.id} (${cdn.role})`,
      value: usd(e.utility),
      note: `revenue ${num(e.revenue, 2, true)}, cost ${num(e.cost, 2, true)}, penalties ${num(e.penalties, 2, true)}`,
    });
  }
  return figures;
}

function requestsTable(result: RunResult): SafeHtml {
  const r = buildReport(result).requests;
  const cells = [r.arrived, r.served, r.servedLocal, r.servedByPeers, r.rejected, r.failed, r.inFlightAtEnd];
  return markup`<div class="table-wrap">
    <table>
      <thead>
        <tr>
          <th class="num">arrived</th>
          <th class="num">served</th>
          <th class="num">served locally</th>
          <th class="num">served by peers</th>
          <th class="num">rejected</th>
          <th class="num">failed</th>
          <th class="num">in flight at end</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          ${cells.map((c) => markup`<td class="num">${num(c, 0)}</td>`)}
        </tr>
      </tbody>
    </table>
  </div>
`;
}

function cdnTable(result: RunResult): SafeHtml {
  const report = buildReport(result);
  const rows = Object.entries(report.cdns).map(([id, c]) => {
    const cells = [
      num(c.servers, 0),
      num(c.arrived, 0),
      num(c.served, 0),
      num(c.servedForOthers, 0),
      num(c.rejected, 0),
      pct(c.utilization.mean, 1),
      pct(c.utilization.max, 1),
      num(c.latencyMs.p95, 1),
      c.own.arrived > 0 && c.own.latencyMs.p95 > 0 ? num(c.own.latencyMs.p95, 1) : '—',
      num(c.economics.revenue, 2, true),
      num(c.economics.cost, 2, true),
      num(c.economics.penalties, 2, true),
      num(c.economics.utility, 2, true),
    ];
    return markup`<tr>
      <td>${id}</td>
      <td>${c.role}</td>
      <td><code>${c.policy ?? '—'}</code></td>
      ${cells.map((x) => markup`<td class="num">${x}</td>`)}
    </tr>
`;
  });
  const heads = [
    'servers',
    'arrived',
    'served',
    'for others',
    'rejected',
    'util. mean',
    'util. max',
    'p95 ms, its sites',
    'p95 ms, its users',
    'revenue',
    'cost',
    'penalties',
    'utility',
  ];
  return markup`<div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th>CDN</th>
            <th>role</th>
            <th>policy</th>
            ${heads.map((h) => markup`<th class="num">${h}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
    </div>
    <p>Money in USD over the run. Revenue: its users’ traffic (per GB, wherever served) + peering fees earned + penalties received; cost: its servers + fees paid; utility = revenue − cost − penalties.</p>
`;
}

/** at most this many malformed line numbers per trace file in the page (the scan keeps the first few) */
export const MALFORMED_LINES_SHOWN = 10;

/** each workload that reads a trace file: its file, checksum, lines, malformed lines and arrivals */
function tracesTable(result: RunResult): SafeHtml {
  const rows = result.load.workloads.flatMap((w) => {
    if (w.trace === null) return [];
    const t = w.trace;
    const first = t.malformedLines.slice(0, MALFORMED_LINES_SHOWN);
    const more = t.malformed > first.length ? ', …' : '';
    return [
      markup`<tr>
      <td>${w.cdn}/${w.region}</td>
      <td>${w.process}</td>
      <td><code>${t.file}</code></td>
      <td><code title="${t.sha256}">${t.sha256.slice(0, 12)}</code></td>
      <td class="num">${num(t.lines, 0)}</td>
      <td class="num">${num(t.malformed, 0)}</td>
      <td>${first.length ? `${first.join(', ')}${more}` : '—'}</td>
      <td class="num">${num(w.expected, 0)}</td>
      <td class="num">${num(w.arrived, 0)}</td>
    </tr>
`,
    ];
  });
  return markup`<div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th>workload</th>
            <th>process</th>
            <th>trace file</th>
            <th>sha256</th>
            <th class="num">lines</th>
            <th class="num">malformed</th>
            <th>first malformed lines</th>
            <th class="num">expected</th>
            <th class="num">arrived</th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
    </div>
    <p>Expected: the arrivals the trace asks for over the run (scaled as the scenario says); arrived: those the simulation generated.</p>
`;
}

function runDetails(result: RunResult): SafeHtml {
  const overrides = result.overrides.length
    ? markup`<ul>
        ${result.overrides.map((o) => markup`<li><code>${o}</code></li>`)}
      </ul>`
    : markup`<p>Overrides (<code>--set</code>): none.</p>`;
  return markup`<p>Scenario <code>${result.scenario.name}</code>, hash <code>${result.hash}</code>, seed ${result.seed}, autopeer ${result.version}; ${num(result.events, 0)} events.</p>
    ${result.overrides.length ? markup`<p>Overrides (<code>--set</code>), in order:</p>` : ''}${overrides}
`;
}

/** the exact bytes of report.html (`specs`: the run's charts, as chartSpecs gives them) */
export function renderReportHtml(result: RunResult, specs: ChartSpec[] = chartSpecs(result)): string {
  const s = result.scenario;
  const charts = new Map(specs.map((spec) => [spec.file, pageChart(spec)]));
  const pick = (...files: string[]) => files.flatMap((f) => (charts.has(f) ? [charts.get(f) as PageChart] : []));
  const intro = markup`${s.description.trim() ? markup`<p>${s.description.trim()}</p>` : ''}
    <p class="intro">Simulated ${num(result.durationS / 60, 1)} min in ${result.timeline.length} windows of ${num(s.windowS)} s; ${s.cdns.length} CDNs, ${s.regions.length} regions, ${peeringPhrase(result).replace(/`/g, '')}. Seed ${result.seed}, scenario hash <code>${result.hash.slice(0, 12)}</code>, autopeer ${result.version}.</p>`;
  return renderHtmlPage({
    title: `${s.name} — seed ${result.seed}`,
    intro,
    figures: keyFigures(result),
    sections: [
      {
        id: 'load',
        title: 'Load, latency and where requests went',
        body: requestsTable(result),
        charts: pick('load.png', 'load-by-region.png', 'latency.png', 'served.png', 'utilization.png'),
      },
      ...(result.load.workloads.some((w) => w.trace !== null)
        ? [{ id: 'traces', title: 'Traces replayed', body: tracesTable(result), charts: pick('trace-replay.png') }]
        : []),
      { id: 'arrangements', title: 'Arrangements', body: arrangementStory(result), charts: pick('arrangements.png', 'capacity.png') },
      { id: 'economics', title: 'CDNs and their economics', body: cdnTable(result), charts: pick('economics.png') },
      { id: 'run', title: 'What was run', body: runDetails(result) },
    ],
  });
}
