// Failover across CDNs with agents: a peer's site that fails mid-crowd is detected by the primary's
// health checks (protocol HEALTH_CHECKS: every 5 s, down after 3 misses, so 15–20 s after the
// failure), requests sent there fail only until then, and the arrangement ends as failed once its
// peer has been believed down for longer than the silent-peer detection — the data-plane belief and
// the control-plane failure agree, and the peer still gets its capacity back. Whenever the failure
// falls (t = 0, during the ramp, at a window boundary), arrived = served + rejected + failed + in flight.
import { describe, expect, it } from 'vitest';
import { runWithAgents, SMALL_CROWD } from './run-helpers.js';
import { HEALTH_CHECKS, SILENT_INTERVALS } from '../../agents/protocol.js';
import { buildReport } from '../../reports/report.js';
import { renderReportMarkdown } from '../../reports/markdown.js';

const FAIL_AT_S = 14 * 60;
const detectionBounds = [HEALTH_CHECKS.misses * HEALTH_CHECKS.intervalS, (HEALTH_CHECKS.misses + 1) * HEALTH_CHECKS.intervalS];

describe('a peer site failing mid-crowd', () => {
  const { result } = runWithAgents(SMALL_CROWD, 1, [`faults=[{at: ${FAIL_AT_S}s, type: site-down, cdn: beta, region: west, for: 4m}]`]);
  const hit = result.control.arrangements.filter((a) => a.peer === 'beta' && a.agreedAtS < FAIL_AT_S && (a.endedAtS ?? Infinity) > FAIL_AT_S);

  it('is detected by health checks within [misses·interval, (misses+1)·interval], and only requests before that fail', () => {
    expect(hit.length).toBeGreaterThan(0);
    for (const a of hit) {
      const f = a.failover!;
      expect(f.detections).toHaveLength(1);
      const d = f.detections[0];
      expect(d.failureAtS).toBe(FAIL_AT_S);
      expect(d.detectionS!).toBeGreaterThanOrEqual(detectionBounds[0]);
      expect(d.detectionS!).toBeLessThanOrEqual(detectionBounds[1]);
      expect(f.failedBeforeDetection).toBeGreaterThan(0);
      expect(f.lostS).toBe(f.failedBeforeDetection * 3);
      expect(f.failedOverToPeer + f.sentHome).toBeGreaterThan(0);
    }
    // every failed request is one sent before detection, or one in beta's site when it failed (at most its servers + queue)
    const beforeDetection = result.control.arrangements.reduce((n, a) => n + (a.failover?.failedBeforeDetection ?? 0), 0);
    expect(result.requests.failed - beforeDetection).toBeGreaterThanOrEqual(0);
    expect(result.requests.failed - beforeDetection).toBeLessThanOrEqual(16 + 40);
  });

  it('ends the arrangement as failed once its peer has been believed down longer than the silent-peer detection; the peer releases it', () => {
    // the small crowd's windows are 30 s: delivery logs every 10 s, a silent peer after 3 of them
    const silentS = SILENT_INTERVALS * 10;
    for (const a of hit) {
      expect(a.state).toBe('failed');
      const detectedS = a.failover!.detections[0].detectedAtS;
      expect(a.endedAtS!).toBeGreaterThan(detectedS + silentS);
      expect(a.endedAtS!).toBeLessThanOrEqual(detectedS + silentS + 2 * 5 + 1);
      expect(a.peerSide?.state).toBe('ended');
      expect(a.peerSide!.endedAtS!).toBeLessThanOrEqual(a.endedAtS! + 60 + 5);
    }
  });

  it('no arrangement agreed while beta was down ever sends it a request that fails (a new lane waits for its first answered probe)', () => {
    const later = result.control.arrangements.filter((a) => a.peer === 'beta' && a.agreedAtS >= FAIL_AT_S);
    for (const a of later) expect(a.failover?.failedBeforeDetection ?? 0).toBe(0);
  });
});

describe('failover in the reports', () => {
  it('report.json has a failover block only on arrangements whose lane saw something; report.md a table only then', () => {
    const failing = runWithAgents(SMALL_CROWD, 1, [`faults=[{at: ${FAIL_AT_S}s, type: site-down, cdn: beta, region: west, for: 4m}]`]).result;
    const entries = buildReport(failing).arrangements;
    const hit = entries.find((a) => a.failover !== undefined && a.failover.detections.length > 0)!;
    expect(hit.failover!.detections[0]).toMatchObject({ region: 'west', failureAtS: FAIL_AT_S });
    expect(renderReportMarkdown(failing)).toContain(`| ${hit.id} | west: `);
    const calm = runWithAgents(SMALL_CROWD, 1).result;
    expect(buildReport(calm).arrangements.every((a) => !('failover' in a))).toBe(true);
    expect(renderReportMarkdown(calm)).not.toContain('Failover (health checks');
  });
});

describe('arrived = served + rejected + failed + in flight with agents, wherever a peer fails', () => {
  // t = 0, during the ramp (10m–12m), at a window boundary (12m: windows of 30 s), mid-crowd; sites and whole CDNs
  const cases = [
    [1, 'site-down', 0],
    [2, 'site-down', 11 * 60 + 7],
    [3, 'site-down', 12 * 60],
    [4, 'cdn-down', 13 * 60 + 0.5],
    [5, 'cdn-down', 0],
  ] as const;
  for (const [seed, type, atS] of cases) {
    it(`seed ${seed}: ${type} of beta at ${atS} s`, () => {
      const fault =
        type === 'site-down' ? `{at: ${atS}s, type: site-down, cdn: beta, region: west, for: 3m}` : `{at: ${atS}s, type: cdn-down, cdn: beta, for: 3m}`;
      const { result } = runWithAgents(SMALL_CROWD, seed, [`faults=[${fault}]`]);
      const r = result.requests;
      expect(r.arrived).toBe(r.served + r.rejected + r.failed + r.inFlightAtEnd);
      for (const a of result.control.arrangements) {
        for (const d of a.failover?.detections ?? []) {
          if (d.detectionS !== null && d.failureAtS! > a.agreedAtS) {
            expect(d.detectionS).toBeGreaterThanOrEqual(detectionBounds[0]);
            expect(d.detectionS).toBeLessThanOrEqual(detectionBounds[1]);
          }
        }
      }
    });
  }
});
