// Rules checked, on the ready geo-blocking scenario (6 minutes) over several seeds: the primary
// reconciles every peer's CDNI records with its redirect ledger; the misbehaving peer (ignores the
// metadata, reports 5% twice, makes up 20 records a log) is found not enforcing the metadata, its
// arrangement ended and never negotiated again, while the honest peer is never flagged and its records
// all match; injected spoofed records and duplicates are counted exactly; per-GB fees are paid on
// reconciled bytes only; every request is accounted for. A scenario without any CDNI field keeps no
// records and reports no cdni block.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runWithAgents, SMALL_CROWD } from './run-helpers.js';
import { tempDir } from '../cli/helpers.js';
import { buildReport } from '../../reports/report.js';

const SEEDS = [1, 2, 3];
const SHORT = ['duration=6m'];

function honestCopy(): string {
  const text = readFileSync(join(import.meta.dirname, '../../scenarios/geo-blocking.yaml'), 'utf8');
  const file = join(tempDir(), 'honest.yaml');
  writeFileSync(file, text.replace(/^ {4}misbehaviour: .*\n/m, ''));
  return file;
}

describe('CDNI log reconciliation (geo-blocking)', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: gamma is found not enforcing and cut off, beta never flagged, counts exact, fees reconciled`, () => {
      const { result } = runWithAgents('geo-blocking', seed, SHORT);
      const cdni = result.cdni;
      expect(cdni).toBeDefined();
      const arrangements = cdni?.arrangements ?? [];
      const gamma = arrangements.filter((a) => a.peer === 'gamma');
      const beta = arrangements.filter((a) => a.peer === 'beta');
      expect(gamma.length).toBeGreaterThan(0);
      expect(beta.length).toBeGreaterThan(0);
      for (const a of beta) {
        const r = a.reconciliation;
        expect(r?.notEnforcing ?? false).toBe(false);
        if (r) expect([r.spoofed, r.duplicated, r.deliveredWithBadToken, r.deliveredIntoBlockedRegion]).toEqual([0, 0, 0, 0]);
        if (r) expect(r.matched).toBe(r.reported);
      }
      for (const a of gamma.filter((x) => x.reconciliation !== null)) {
        const r = a.reconciliation!;
        expect(r.notEnforcing).toBe(true);
        expect(r.reported).toBe(r.matched + r.spoofed + r.duplicated);
        expect(r.spoofed).toBe(20 * r.logs);
        expect(r.duplicated).toBeGreaterThan(0);
        expect(r.deliveredWithBadToken + r.deliveredIntoBlockedRegion).toBeGreaterThan(0);
      }
      const report = buildReport(result);
      expect(report.cdni?.notEnforcingPeers).toEqual(['gamma']);
      // gamma's arrangements ended for it, and none was asked for after the first detection
      const detected = Math.min(...gamma.map((a) => a.reconciliation?.detectedAtS ?? Infinity));
      const rows = result.control.arrangements;
      for (const a of rows.filter((x) => x.peer === 'gamma')) {
        expect(a.requestedAtS).toBeLessThanOrEqual(detected);
        if (a.cdni?.notEnforcing) expect(a.endReason).toBe('sla-violation');
      }
      // fees: with no reservation fee, exactly the reconciled bytes at the agreed price
      for (const a of rows) {
        expect(a.reservationPerRpsHour).toBe(0);
        expect(a.fees).toBeCloseTo(((a.cdni?.reconciledBytes ?? 0) * a.pricePerGB) / 1e9, 12);
      }
      // refused requests are failures: every request is accounted for
      const q = result.requests;
      expect(q.arrived).toBe(q.served + q.rejected + q.failed + q.inFlightAtEnd);
      const refused = arrangements.reduce((s, a) => s + Object.values(a.refused).reduce((x, y) => x + y, 0), 0);
      expect(q.failed).toBeGreaterThanOrEqual(refused);
      expect(refused).toBeGreaterThan(0);
    });
  }

  it('with no misbehaving peer, nobody is flagged on any seed', () => {
    const file = honestCopy();
    for (const seed of SEEDS) {
      const { result } = runWithAgents(file, seed, SHORT);
      const flagged = (result.cdni?.arrangements ?? []).filter((a) => a.reconciliation?.notEnforcing);
      expect(flagged).toEqual([]);
      expect(result.control.arrangements.every((a) => a.endReason !== 'sla-violation')).toBe(true);
    }
  });

  it('tokens drawn but no URI signing required: nothing refused for tokens, and no honest peer flagged for serving them', () => {
    const { result } = runWithAgents(honestCopy(), 1, [...SHORT, 'cdns.alpha.metadata.uriSigning=false']);
    const arrangements = result.cdni?.arrangements ?? [];
    expect(arrangements.length).toBeGreaterThan(0);
    for (const a of arrangements) {
      expect([a.refused.tokenMissing, a.refused.tokenExpired, a.refused.tokenForged]).toEqual([0, 0, 0]);
      expect(a.reconciliation?.deliveredWithBadToken ?? 0).toBe(0);
      expect(a.reconciliation?.notEnforcing ?? false).toBe(false);
    }
  });

  it('a scenario without CDNI fields has no cdni block and keeps no records', () => {
    const { result, dataPlane } = runWithAgents(SMALL_CROWD, 1, ['duration=3m']);
    expect(result.cdni).toBeUndefined();
    expect(dataPlane.cdni).toBeNull();
    expect('cdni' in buildReport(result)).toBe(false);
    expect(result.control.arrangements.every((a) => a.cdni === undefined)).toBe(true);
  });
});
