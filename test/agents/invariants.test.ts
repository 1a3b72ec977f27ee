// Invariants of the control plane over many seeds, crowd sizes and message-loss rates
// (property-based with fast-check, fixed seed so the cases are reproducible): a peer never commits
// more than its policy allows, every negotiation ends, every arrangement is active or ended,
// requests are conserved, and the same seed gives the same trace.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { runWithAgents, SMALL_CROWD } from './run-helpers.js';

const short = ['duration=20m'];

describe('control-plane invariants', () => {
  it('hold for any seed, crowd peak and loss rate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(3, 5, 8), fc.constantFrom(0, 0.05, 0.2), (seed, peak, loss) => {
        const sets = [...short, `workload.0.events.0.peak=${peak}x`];
        const { result, controlPlane } = runWithAgents(SMALL_CROWD, seed, sets, { lossRate: loss });
        const cp = controlPlane!;
        for (const c of cp.ledger.commitments) expect(c.committedRps).toBeLessThanOrEqual(c.allowedRps + 1e-9);
        const deadline = 30;
        for (const n of result.control.negotiations) {
          if (n.outcome === 'open') expect(n.startedAtS).toBeGreaterThan(result.durationS - 3 * deadline);
        }
        for (const a of result.control.arrangements) {
          if (a.state === 'provisioning') expect(a.agreedAtS).toBeGreaterThan(result.durationS - deadline);
          else expect(['active', 'disbanded', 'expired', 'terminated', 'failed']).toContain(a.state);
          expect(a.servedRequests).toBeGreaterThanOrEqual(0);
        }
        const r = result.requests;
        expect(r.arrived).toBe(r.served + r.rejected + r.failed + r.inFlightAtEnd);
      }),
      { numRuns: 8, seed: 20261122 },
    );
  });

  it('the same seed gives the same control-plane trace, message for message', () => {
    const a = runWithAgents(SMALL_CROWD, 7, short, { trace: true, lossRate: 0.05 }).controlPlane!.trace;
    const b = runWithAgents(SMALL_CROWD, 7, short, { trace: true, lossRate: 0.05 }).controlPlane!.trace;
    expect(a.length).toBeGreaterThan(100);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});
