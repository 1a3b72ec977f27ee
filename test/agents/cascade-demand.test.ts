// A peer's demand includes what it was sent: a CDN that is primary and peer (reciprocal) groups the
// regions it serves for others with its own users', counts the requests redirected to it as demand,
// and routes them on under its own arrangements — a cascade the agents drive. Here alpha (isolated:
// it only routes over its contract) sends its crowd to beta; beta, over its target with alpha's
// traffic, passes part of it to gamma under its own contract: requests served two hops away (until
// beta, short of room for its own users, ends alpha's contract: a transit peer does not yet count its
// own arrangements as room).
import { describe, expect, it } from 'vitest';
import { lineWorld, runDocument, site as cachedSite, type Doc } from './transit-world.js';

const site = (region: string, servers: number) => cachedSite(region, servers, false);

describe("a peer's demand includes what it was sent", () => {
  it('beta passes on part of what alpha sent it under its own contract with gamma', () => {
    const doc: Doc = {
      name: 'transit',
      seed: 1,
      duration: '40m',
      window: '30s',
      ...lineWorld(),
      cdns: [
        { id: 'alpha', role: 'primary', policy: 'isolated', sites: [site('west', 8)] },
        { id: 'beta', role: 'primary', policy: 'reciprocal', sites: [site('central', 12)] },
        { id: 'gamma', role: 'primary', policy: 'reciprocal', sites: [site('east', 24)] },
      ],
      workload: [
        {
          region: 'west',
          cdn: 'alpha',
          base: { ratePerS: 180 },
          events: [{ type: 'flash-crowd', start: '8m', rampUp: '3m', sustain: '15m', rampDown: '4m', peak: '6x' }],
        },
        { region: 'central', cdn: 'beta', base: { ratePerS: 200 } },
        { region: 'east', cdn: 'gamma', base: { ratePerS: 150 } },
      ],
      contracts: [
        { primary: 'alpha', peer: 'beta', regions: ['west'], capacityRps: 700, pricePerGB: 0.004, duration: '40m' },
        { primary: 'beta', peer: 'gamma', regions: ['west', 'central'], capacityRps: 600, pricePerGB: 0.004, duration: '40m' },
        { primary: 'gamma', peer: 'beta', regions: ['west', 'east'], capacityRps: 200, pricePerGB: 0.004, duration: '40m' },
      ],
    };
    const { result } = runDocument(doc);
    const r = result.requests;
    expect(r.arrived).toBe(r.served + r.rejected + r.failed + r.inFlightAtEnd);
    expect(result.cascades.servedByHops[2]).toBeGreaterThan(1000);
    expect(result.cascades.loopsAvoided).toBe(0);
  });
});
