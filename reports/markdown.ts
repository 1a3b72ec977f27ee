// report.md: the human summary of one run — what was simulated (each CDN's policy, the --set
// overrides, whether peering could happen at all), where requests went, the latency users saw, each
// CDN's load and economics, and the busiest windows.
import type { RunResult } from './run-result.js';
import { buildReport, peeringStatus } from './report.js';
import { failoverLines } from './failover-markdown.js';

const fmt = (x: number, digits = 1) => (Number.isInteger(x) ? x.toLocaleString('en-US') : x.toFixed(digits));
const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * `charts`: the chart files written beside the report (charts/*.png), shown at its end; `page`: the
 * interactive page written beside it (report.html), linked under the title
 */
export function renderReportMarkdown(result: RunResult, charts: string[] = [], page?: string): string {
  const report = buildReport(result);
  const r = report.requests;
  const s = result.scenario;
  const busiest = [...report.timeline].sort((a, b) => b.arrivalsPerS - a.arrivalsPerS || a.tS - b.tS).slice(0, 5);
  busiest.sort((a, b) => a.tS - b.tS);
  return [
    `# ${s.name} — seed ${result.seed}`,
    '',
    s.description ? `${s.description.trim()}\n` : '',
    `Scenario hash \`${result.hash}\`, autopeer ${result.version}. Simulated ${fmt(result.durationS / 60)} min ` +
      `in ${report.timeline.length} windows of ${fmt(s.windowS)} s; ${s.cdns.length} CDNs, ${s.regions.length} regions, ${peeringPhrase(result)}.`,
    '',
    ...(page ? [`The same report with its charts drawn live (hover, zoom on time): [${page}](${page}).`, ''] : []),
    ...runSection(result),
    '## Requests',
    '',
    table(
      ['arrived', 'served', 'served locally', 'served by peers', 'rejected', 'failed', 'in flight at end'],
      [[r.arrived, r.served, r.servedLocal, r.servedByPeers, `${r.rejected} (${pct(r.rejectedShare)})`, r.failed, r.inFlightAtEnd]],
    ),
    '',
    `Accounting: arrived = served + rejected + failed + in flight ⇒ ${r.arrived} = ${r.served + r.rejected + r.failed + r.inFlightAtEnd}.`,
    '',
    '## Latency (ms, as users see it: network + wait + service)',
    '',
    table(
      ['mean', 'p50', 'p95', 'p99', 'max', 'mean wait', 'p95 wait', 'waited'],
      [
        [
          fmt(report.latencyMs.mean),
          fmt(report.latencyMs.p50),
          fmt(report.latencyMs.p95),
          fmt(report.latencyMs.p99),
          fmt(report.latencyMs.max),
          fmt(report.waitMs.mean, 2),
          fmt(report.waitMs.p95, 2),
          pct(r.waitedShare),
        ],
      ],
    ),
    '',
    ...surgeLines(result),
    '## CDNs',
    '',
    table(
      [
        'CDN',
        'role',
        'servers',
        'arrived',
        'served',
        'for others',
        'rejected',
        'util. mean',
        'util. max',
        'p95 ms',
        'cache hits',
        'revenue',
        'cost',
        'utility',
      ],
      Object.entries(report.cdns).map(([id, c]) => [
        id,
        c.role,
        c.servers,
        c.arrived,
        c.served,
        c.servedForOthers,
        c.rejected,
        pct(c.utilization.mean),
        pct(c.utilization.max),
        fmt(c.latencyMs.p95),
        c.cacheHitRatio === null ? '—' : pct(c.cacheHitRatio),
        c.economics.revenue.toFixed(2),
        c.economics.cost.toFixed(2),
        c.economics.utility.toFixed(2),
      ]),
    ),
    '',
    '## Busiest windows',
    '',
    table(
      ['t (min)', 'arrivals/s', 'served locally', 'by peers', 'rejected', 'p95 ms', 'active arrangements'],
      busiest.map((t) => [fmt(t.tS / 60), fmt(t.arrivalsPerS), t.servedLocal, t.servedByPeers, t.rejected, fmt(t.latencyP95Ms), t.activeArrangements]),
    ),
    '',
    ...peeringSection(report),
    '',
    ...(charts.length ? ['## Charts', '', ...charts.map((file) => `![${file}](${file})\n`)] : []),
  ].join('\n');
}

/** the latency of requests that arrived during the flash crowds and outside them (nothing without a crowd) */
function surgeLines(result: RunResult): string[] {
  if (result.scenario.surges.length === 0) return [];
  const { latencyMs, served } = result.surges;
  const of = (l: (typeof latencyMs)['during'], n: number) =>
    l === null ? 'none served' : `p95 ${fmt(l.p95)} ms (p50 ${fmt(l.p50)}, p99 ${fmt(l.p99)}; ${n.toLocaleString('en-US')} served)`;
  const periods = result.scenario.surges.map((p) => `${p.cdn}/${p.region} ${fmt(p.startS / 60)}–${fmt(p.endS / 60)} min`).join(', ');
  return [
    `Requests arriving during the flash crowd (${periods}): ${of(latencyMs.during, served.during)}; outside it: ${of(latencyMs.outside, served.outside)}.`,
    '',
  ];
}

/** "peering enabled", "peering disabled", or, when no primary can ever seek, "peering on, but …" (see peeringStatus) */
export function peeringPhrase(result: RunResult): string {
  const status = peeringStatus(result);
  if (!status.enabled) return 'peering disabled';
  const named = status.neverSeek.map((id) => `${id}'s policy \`${result.policies[id]}\``);
  const contracts = result.scenario.contracts.length;
  const contractNote = contracts ? `; ${contracts} contract${contracts === 1 ? '' : 's'} signed before the run still redirect` : '';
  if (!status.seeks) {
    const who = named.length ? `${named.join(' and ')} never seek${named.length === 1 ? 's' : ''} a peer` : 'there is no primary to seek a peer';
    return `peering on, but ${who}${contractNote}`;
  }
  return named.length ? `peering enabled (${named.join(' and ')} never seek${named.length === 1 ? 's' : ''} a peer)` : 'peering enabled';
}

/** each CDN's policy (defaults included) and the overrides the run was made with */
function runSection(result: RunResult): string[] {
  const overrides = result.overrides.length
    ? ['Overrides (`--set`), in order:', '', ...result.overrides.map((o) => `- \`${o.replace(/`/g, "'")}\``)]
    : ['Overrides (`--set`): none.'];
  return [
    '## Run',
    '',
    table(
      ['CDN', 'role', 'policy'],
      result.cdns.map((c) => [c.id, c.role, `\`${(result.policies[c.id] ?? '—').replace(/[|`]/g, '\\$&')}\``]),
    ),
    '',
    ...overrides,
    '',
  ];
}

function peeringSection(report: ReturnType<typeof buildReport>): string[] {
  if (!report.peering.enabled) return ['## Peering', '', 'Peering is disabled in this scenario.'];
  const n = report.negotiations;
  const p = report.predictions;
  const opt = (x: number | null, unit = ' s') => (x === null ? '—' : `${fmt(x)}${unit}`);
  return [
    '## Peering',
    '',
    `Policies: ${Object.entries(report.peering.policies)
      .map(([cdn, policy]) => `${cdn} \`${policy}\``)
      .join(', ')}.`,
    '',
    `Negotiations: ${n.started} started, ${n.agreed} agreed, ${n.rejected} rejected, ${n.failed} failed` +
      `${n.open ? `, ${n.open} open at the end` : ''}; ${n.messages} control messages. Mean time to agreement ${opt(n.meanTimeToAgreementS)}, ` +
      `from detection to agreement ${opt(n.meanDetectionToAgreementS)}, to the first redirected request ${opt(n.meanDetectionToFirstRedirectS)}` +
      ` (over the ${n.negotiatedArrangements} negotiated arrangements${n.contracts ? `; ${n.contracts} contracts signed before the run are not counted` : ''}).`,
    '',
    table(
      [
        'arrangement',
        'term',
        'state',
        'peer side',
        'agreed (min)',
        'ended (min)',
        'capacity req/s (first/peak/last)',
        'USD/GB',
        'served',
        'SLA violations',
        'fees',
        'predicted ms',
        'delivered ms',
      ],
      report.arrangements.map((a) => [
        `${a.primary}→${a.peer}${a.origin === 'contract' ? ' (contract)' : ''}`,
        a.term,
        a.endReason ? `${a.state} (${a.endReason})` : a.state,
        a.peerSide === null
          ? '—'
          : a.peerSide.endReason
            ? `${a.peerSide.state} (${a.peerSide.endReason}) at ${fmt((a.peerSide.endedAtS ?? 0) / 60)} min`
            : a.peerSide.state,
        fmt(a.agreedAtS / 60),
        a.endedAtS === null ? '—' : fmt(a.endedAtS / 60),
        `${fmt(a.capacity.initialRps)} / ${fmt(a.capacity.peakRps)} / ${fmt(a.capacity.finalRps)}`,
        a.price.perGB.toFixed(4),
        a.servedRequests,
        a.slaViolations,
        a.fees.toFixed(2),
        a.predictedLatencyMs === null ? '— (contract)' : fmt(a.predictedLatencyMs),
        a.deliveredLatencyMs === null ? '—' : fmt(a.deliveredLatencyMs),
      ]),
    ),
    ...failoverLines(report.arrangements, table),
    '',
    `Latency predictions (${p.predictors.join(', ') || 'none'}): ${p.compared} compared with delivery, mean error ${opt(p.meanErrorMs, ' ms')}, mean absolute error ${opt(p.meanAbsoluteErrorMs, ' ms')}.`,
  ];
}
