// Cascades: a peer passes redirected requests on under its own arrangements (here static routing
// entries), to any depth; a request carries its path, a CDN never forwards to one on it (the loop is
// routed around: another lane, or served), a hop limit stops forwarding, per-lane accounting counts
// every hop, and every request is accounted for. Fixed RTTs make the redirection cost exact.
import { describe, expect, it } from 'vitest';
import { validateScenarioDocument } from '../../scenarios/load.js';
import { runScenario } from '../../scenarios/run.js';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const site = (region: string) => ({ region, servers: 500, serviceTime: { deterministic: { ms: 10 } } });

function run(routing: Doc[], redirection: Doc = {}, cdns = ['a', 'b', 'c'], faults: Doc[] = []) {
  const regions = ['r0', 'r1', 'r2', 'r3'];
  const doc: Doc = {
    name: 'cascade',
    seed: 3,
    duration: '120s',
    window: '30s',
    peering: { enabled: false },
    regions,
    network: { rttMs: { default: 40, sameRegion: 10 }, redirection: { mode: 'iterative', ...redirection } },
    cdns: cdns.map((id, i) => ({ id, role: i === 0 ? 'primary' : 'peer', sites: [site(regions[i])] })),
    workload: [{ region: 'r0', cdn: 'a', base: { ratePerS: 50 } }],
    routing,
    faults,
  };
  return runScenario(validateScenarioDocument(doc, 'cascade.yaml'), { hash: 'h', version: 'test' });
}

const accounted = (r: { arrived: number; served: number; rejected: number; failed: number; inFlightAtEnd: number }) =>
  expect(r.arrived).toBe(r.served + r.rejected + r.failed + r.inFlightAtEnd);

describe('cascades', () => {
  it('a → b → c: b passes everything on to c; both lanes count every delivery; the user pays both routers', () => {
    const { result, dataPlane } = run([
      { cdn: 'a', to: 'b', share: 1 },
      { cdn: 'b', to: 'c', share: 1 },
    ]);
    accounted(result.requests);
    const served = result.requests.served;
    expect(result.cascades.servedByHops).toEqual([0, 0, served]);
    const lanes = dataPlane.router.lanes;
    expect([lanes.served[0], lanes.served[1]]).toEqual([served, served]);
    expect(dataPlane.metrics.cdnTotal.served[2]).toBe(served);
    // a's 302 (10, same region) + b's router (r0↔r1 40) + c's site (r0↔r2 40) = 90; network 40; service 10
    expect(result.latencyBreakdown.redirected.redirectionMs).toBeCloseTo(90, 9);
    expect(result.latencyMs.mean).toBeCloseTo(140, 6);
  });

  it('a cycle a → b → c → a never loops: c does not send back to a, it serves; loops avoided are counted', () => {
    const { result } = run([
      { cdn: 'a', to: 'b', share: 1 },
      { cdn: 'b', to: 'c', share: 1 },
      { cdn: 'c', to: 'a', share: 1 },
    ]);
    accounted(result.requests);
    expect(result.cascades.servedByHops).toEqual([0, 0, result.requests.served]);
    expect(result.cascades.loopsAvoided).toBe(result.requests.arrived);
  });

  it('a loop is routed around to another lane: c → a is on the path, so c → d takes it', () => {
    const { result, dataPlane } = run(
      [
        { cdn: 'a', to: 'b', share: 1 },
        { cdn: 'b', to: 'c', share: 1 },
        { cdn: 'c', to: 'a', share: 0.5 },
        { cdn: 'c', to: 'd', share: 0.5 },
      ],
      {},
      ['a', 'b', 'c', 'd'],
    );
    accounted(result.requests);
    expect(result.cascades.servedByHops).toEqual([0, 0, 0, result.requests.served]);
    expect(dataPlane.metrics.cdnTotal.served[3]).toBe(result.requests.served);
    expect(result.cascades.loopsAvoided).toBeGreaterThan(0.4 * result.requests.arrived);
  });

  it('maxHops: 1 ("do not cascade beyond you"): b serves what a sent it; the forwards stopped are counted', () => {
    const { result } = run(
      [
        { cdn: 'a', to: 'b', share: 1 },
        { cdn: 'b', to: 'c', share: 1 },
      ],
      { maxHops: 1 },
    );
    accounted(result.requests);
    expect(result.cascades.servedByHops).toEqual([0, result.requests.served]);
    expect(result.cascades.hopLimited).toBe(result.requests.arrived);
  });

  it('recursive hops: each router asks the next (router ↔ router + lookup), the user goes straight to the last site', () => {
    const { result } = run(
      [
        { cdn: 'a', to: 'b', share: 1 },
        { cdn: 'b', to: 'c', share: 1 },
      ],
      { mode: 'recursive', recursiveLookupMs: 5 },
    );
    // a's 302 (10) + a→b routers (r0↔r1 40 + 5) + b→c (r1↔r2 40 + 5) = 100
    expect(result.latencyBreakdown.redirected.redirectionMs).toBeCloseTo(100, 9);
  });

  it("the last peer's site fails mid-run: its requests fail, the rest are accounted for, every hop lane's in-flight count is exact", () => {
    const chain = [
      { cdn: 'a', to: 'b', share: 1 },
      { cdn: 'b', to: 'c', share: 1 },
    ];
    const { result, dataPlane } = run(chain, {}, ['a', 'b', 'c'], [{ type: 'site-down', cdn: 'c', region: 'r2', at: '60s', for: '30s' }]);
    accounted(result.requests);
    expect(result.requests.failed).toBeGreaterThan(0);
    const lanes = dataPlane.router.lanes;
    const req = dataPlane.requests;
    let alive = 0;
    for (let r = 0; r < req.highWater; r++) if (req.alive[r] === 1 && req.lane[r] === 0) alive++;
    expect([lanes.inFlight[0], lanes.inFlight[1]]).toEqual([alive, alive]);
    // while c is down, b serves what a sends it (a one-hop cascade)
    expect(result.cascades.servedByHops[1]).toBeGreaterThan(0);
  });
});
