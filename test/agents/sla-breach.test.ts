// SLA judging per window and the breach rule as a policy decision: with a p95 target no peer can
// meet, every judged window is a violation; the default `breach` (consecutiveViolations >=
// maxViolations) ends the arrangement for it, a policy whose `breach` says false keeps it.
import { describe, it, expect } from 'vitest';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runWithAgents, SMALL_CROWD } from './run-helpers.js';
import { slaMet, SLA_MIN_SAMPLES, windowFee } from '../../agents/sla.js';
import { tempDir } from '../cli/helpers.js';

function scenarioWithPolicy(primary: Record<string, string>) {
  const dir = tempDir();
  const scenario = join(dir, 'crowd.yaml');
  copyFileSync(SMALL_CROWD, scenario);
  const body = Object.entries(primary)
    .map(([k, v]) => `  ${k}: '${v}'`)
    .join('\n');
  writeFileSync(join(dir, 'strict.yaml'), `name: strict\nroles: [primary]\nparams:\n  slaP95: 1 ms\n  maxViolations: 2\nprimary:\n${body}\n`);
  return scenario;
}

describe('SLA breach', () => {
  it('the default breach rule ends an arrangement after maxViolations missed windows in a row', () => {
    const { result } = runWithAgents(scenarioWithPolicy({ seek: 'rejectedShare > 0.001' }), 1, ['cdns.alpha.policy=strict.yaml']);
    const ended = result.control.arrangements.filter((a) => a.endReason === 'sla-violation');
    expect(ended.length).toBeGreaterThan(0);
    for (const a of ended) expect(a.slaViolations).toBeGreaterThanOrEqual(2);
  });

  it('a policy whose breach says false keeps its arrangements through every violation', () => {
    const { result } = runWithAgents(scenarioWithPolicy({ seek: 'rejectedShare > 0.001', breach: 'false' }), 1, ['cdns.alpha.policy=strict.yaml']);
    expect(result.control.arrangements.some((a) => a.slaViolations >= 2)).toBe(true);
    expect(result.control.arrangements.every((a) => a.endReason !== 'sla-violation')).toBe(true);
  });

  it('a window is judged only with enough requests; slow and rejected shares are checked against the targets', () => {
    const qos = { p95LatencyMs: 100, maxRejectedShare: 0.01 };
    expect(slaMet({ served: SLA_MIN_SAMPLES - 1, slow: SLA_MIN_SAMPLES - 1, rejected: 0, bytes: 0, latencySumMs: 0 }, qos)).toBe(true);
    expect(slaMet({ served: 100, slow: 5, rejected: 1, bytes: 0, latencySumMs: 0 }, qos)).toBe(true);
    expect(slaMet({ served: 100, slow: 6, rejected: 0, bytes: 0, latencySumMs: 0 }, qos)).toBe(false);
    expect(slaMet({ served: 100, slow: 0, rejected: 2, bytes: 0, latencySumMs: 0 }, qos)).toBe(false);
  });

  it('a window fee is the bytes at the per-GB price plus the reservation of the agreed capacity', () => {
    const sla = { pricePerGB: 0.01, reservationPerRpsHour: 0.001, capacityRps: 100 } as Parameters<typeof windowFee>[1];
    expect(windowFee({ served: 0, slow: 0, rejected: 0, bytes: 2e9, latencySumMs: 0 }, sla, 3600)).toBeCloseTo(0.02 + 0.1, 12);
  });
});
