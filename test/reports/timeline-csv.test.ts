// timeline.csv is tidy: one row per window × CDN × site, a header that never changes with the
// scenario, counts only (no per-second rates), and counts that add up to the report's totals.
// timeline-cdn.csv is the same per window × CDN.
import { describe, expect, it } from 'vitest';
import { CDN_TIMELINE_CSV_HEADER, renderCdnTimelineCsv, renderTimelineCsv, TIMELINE_CSV_HEADER, toCsv } from '../../reports/csv.js';
import { buildReport } from '../../reports/report.js';
import { loadScenario } from '../../scenarios/load.js';
import { runScenario } from '../../scenarios/run.js';
import { runWithAgents, SMALL_CROWD } from '../agents/run-helpers.js';

/** rows as objects by header (the files written here have no quoted cells) */
function parse(csv: string): Record<string, string>[] {
  const [header, ...lines] = csv
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  return lines.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
}
const sum = (rows: Record<string, string>[], field: string) => rows.reduce((n, r) => n + Number(r[field]), 0);

describe('timeline.csv', () => {
  const { result } = runWithAgents(SMALL_CROWD, 1, ['duration=20m']);
  const csv = renderTimelineCsv(result);
  const rows = parse(csv);
  const mmc = (() => {
    const { scenario, hash } = loadScenario('mmc', { sets: ['duration=1m', 'window=20s'] });
    return runScenario(scenario, { hash, version: 'test' }).result;
  })();

  it('has the same header for two different scenarios (3 CDNs and 4 sites, 1 CDN and 1 site)', () => {
    const header = (text: string) => text.split('\n')[0];
    expect(header(csv)).toBe(TIMELINE_CSV_HEADER.join(','));
    expect(header(renderTimelineCsv(mmc))).toBe(header(csv));
    expect(renderCdnTimelineCsv(mmc).split('\n')[0]).toBe(renderCdnTimelineCsv(result).split('\n')[0]);
  });

  it('never mixes rates with counts: no column is per second, and units are in the names', () => {
    for (const h of [...TIMELINE_CSV_HEADER, ...CDN_TIMELINE_CSV_HEADER]) expect(h).not.toMatch(/PerS$/);
    expect(TIMELINE_CSV_HEADER).toEqual(expect.arrayContaining(['windowStartS', 'windowS', 'utilizationShare', 'cdnLatencyP95Ms', 'offeredDemand']));
  });

  it('has one row per window × CDN × site, each naming the scenario, hash, seed, window, CDN, site and region', () => {
    expect(rows).toHaveLength(result.timeline.length * result.sites.length);
    expect(rows.map((r) => `${r.windowStartS}|${r.cdn}|${r.site}`)).toEqual(
      result.timeline.flatMap((t) => result.sites.map((s) => `${t.tS}|${s.cdn}|${s.site}`)),
    );
    for (const r of rows) expect([r.scenario, r.hash, r.seed, r.windowS]).toEqual(['small-crowd', result.hash, '1', '30']);
    expect(parse(renderTimelineCsv(mmc))).toHaveLength(3);
  });

  it('counts add up to the report: arrived, served and rejected over a CDN’s sites are its totals, offered demand its own users’', () => {
    const report = buildReport(result);
    for (const [id, c] of Object.entries(report.cdns)) {
      const mine = rows.filter((r) => r.cdn === id);
      expect([sum(mine, 'arrived'), sum(mine, 'served'), sum(mine, 'rejected'), sum(mine, 'failed')]).toEqual([c.arrived, c.served, c.rejected, c.failed]);
      expect(sum(mine, 'offeredDemand')).toBe(c.own.arrived);
    }
    expect(sum(rows, 'arrived')).toBe(report.requests.arrived - report.requests.failed);
  });

  it('capacity is what the site could serve in the window (its requests/s × windowS)', () => {
    const alpha = rows.filter((r) => r.cdn === 'alpha');
    for (const r of alpha) expect(Number(r.capacity)).toBeCloseTo(result.sites[0].capacityRps * 30, 6);
  });
});

describe('timeline-cdn.csv', () => {
  const { result } = runWithAgents(SMALL_CROWD, 1, ['duration=20m']);
  const rows = parse(renderCdnTimelineCsv(result));

  it('has one row per window × CDN whose counts sum to the CDN’s totals and its own users’ outcomes', () => {
    expect(rows).toHaveLength(result.timeline.length * result.cdns.length);
    const report = buildReport(result);
    for (const [id, c] of Object.entries(report.cdns)) {
      const mine = rows.filter((r) => r.cdn === id);
      expect([sum(mine, 'arrived'), sum(mine, 'served'), sum(mine, 'servedForOthers'), sum(mine, 'rejected')]).toEqual([
        c.arrived,
        c.served,
        c.servedForOthers,
        c.rejected,
      ]);
      expect([sum(mine, 'ownArrived'), sum(mine, 'ownServedLocal'), sum(mine, 'ownServedByPeers')]).toEqual([
        c.own.arrived,
        c.own.servedLocal,
        c.own.servedByPeers,
      ]);
    }
    expect(sum(rows, 'ownServedByPeers')).toBe(report.requests.servedByPeers);
    expect(sum(rows, 'ownServedByPeers')).toBeGreaterThan(0);
  });
});

describe('CSV cells', () => {
  it('quote commas, quotes, newlines and carriage returns so a hostile name cannot add a column or a row', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,"y"\nz', 'r\rs'],
          [null, 1],
        ],
      ),
    ).toBe('a,b\n"x,""y""\nz","r\rs"\n,1\n');
  });
});
