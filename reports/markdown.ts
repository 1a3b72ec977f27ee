// report.md: the human summary of one run — what was simulated, where requests went, the latency
// users saw, each CDN's load and economics, and the busiest windows.
import type { RunResult } from './run-result.js';
import { buildReport } from './report.js';

const fmt = (x: number, digits = 1) => (Number.isInteger(x) ? x.toLocaleString('en-US') : x.toFixed(digits));
const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function renderReportMarkdown(result: RunResult): string {
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
      `in ${report.timeline.length} windows of ${fmt(s.windowS)} s; ${s.cdns.length} CDNs, ${s.regions.length} regions, peering ${s.peering.enabled ? 'enabled' : 'disabled'}.`,
    '',
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
      [[fmt(report.latencyMs.mean), fmt(report.latencyMs.p50), fmt(report.latencyMs.p95), fmt(report.latencyMs.p99), fmt(report.latencyMs.max),
        fmt(report.waitMs.mean, 2), fmt(report.waitMs.p95, 2), pct(r.waitedShare)]],
    ),
    '',
    '## CDNs',
    '',
    table(
      ['CDN', 'role', 'servers', 'arrived', 'served', 'for others', 'rejected', 'util. mean', 'util. max', 'p95 ms', 'cache hits', 'revenue', 'cost', 'utility'],
      Object.entries(report.cdns).map(([id, c]) => [
        id, c.role, c.servers, c.arrived, c.served, c.servedForOthers, c.rejected, pct(c.utilization.mean), pct(c.utilization.max),
        fmt(c.latencyMs.p95), c.cacheHitRatio === null ? '—' : pct(c.cacheHitRatio),
        c.economics.revenue.toFixed(2), c.economics.cost.toFixed(2), c.economics.utility.toFixed(2),
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
    `Arrangements: ${report.arrangements.length}; negotiations started: ${report.negotiations.started}.`,
    '',
  ].join('\n');
}
