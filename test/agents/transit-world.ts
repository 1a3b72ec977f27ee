// The small world of the cascade tests: three regions on a line, west – central – east (25 ms
// between neighbours, `farMs` otherwise, 10 ms within one), a site helper, a catalog and origin for
// the runs that cache, the 20-minute transit run (alpha's crowd, beta a small transit, gamma
// behind it), and a runner that validates a scenario document and runs it with its agents.
import { validateScenarioDocument } from '../../scenarios/load.js';
import { loadScenarioPolicies } from '../../scenarios/policies.js';
import { runScenario } from '../../scenarios/run.js';
import type { ControlPlaneOptions } from '../../agents/control-plane.js';

export type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** one site of `servers` exponential 25 ms servers with 40 waiting places (and a 200 MB cache when `cached`) */
export const site = (region: string, servers: number, cached = true) => ({
  region,
  servers,
  serviceTime: { exponential: { meanMs: 25 } },
  queueLimit: 40,
  ...(cached ? { cache: { capacity: '200MB' } } : {}),
});

/** the line's regions and round trips, with any further pairs */
export function lineWorld(farMs = 150, pairs: { a: string; b: string; ms: number }[] = []): Doc {
  return {
    regions: ['west', 'central', 'east'],
    network: {
      rttMs: {
        default: farMs,
        sameRegion: 10,
        pairs: [{ a: 'west', b: 'central', ms: 25 }, { a: 'central', b: 'east', ms: 25 }, ...pairs],
      },
    },
  };
}

/** a catalog of 2000 objects of about 200 kB and an origin in central, for runs with caches */
export const CACHED_CONTENT: Doc = {
  origin: { region: 'central', bandwidth: '10Gbit/s' },
  catalog: { objects: 2000, popularity: { zipf: 0.8 }, sizeBytes: { lognormal: { median: '200kB', sigma: 1 } } },
};

/** validate a document (a copy: the caller's stays as it is) and run it with its agents */
export function runDocument(doc: Doc, control: ControlPlaneOptions = {}) {
  const file = `/tmp/${String(doc.name)}.yaml`;
  const scenario = validateScenarioDocument(structuredClone(doc), file);
  const policies = loadScenarioPolicies(scenario, file);
  return runScenario(scenario, { hash: 'h', version: 'test', policies, control });
}

/** what a transit run may add: alpha's fields (its metadata), its users' fields (tokens), more contracts, the document's own fields */
export interface TransitExtras {
  alpha?: Doc;
  users?: Doc;
  contracts?: Doc[];
  doc?: Doc;
}

/**
 * 20 minutes of alpha's users in west (180 requests/s, a 10x crowd from 5 to 19 min) under contract
 * with beta (a two-server transit in central), which passes them on to gamma (24 servers in east)
 * under its own contract; caches, and the line world (or `doc.regions`/`doc.network` given).
 */
export function transitDocument(name: string, extras: TransitExtras = {}): Doc {
  return {
    name,
    seed: 1,
    duration: '20m',
    window: '30s',
    ...lineWorld(),
    ...CACHED_CONTENT,
    cdns: [
      { id: 'alpha', role: 'primary', policy: 'isolated', sites: [site('west', 8)], ...extras.alpha },
      { id: 'beta', role: 'peer', policy: 'reciprocal', sites: [site('central', 2)] },
      { id: 'gamma', role: 'peer', policy: 'reciprocal', sites: [site('east', 24)] },
    ],
    workload: [
      {
        region: 'west',
        cdn: 'alpha',
        base: { ratePerS: 180 },
        ...extras.users,
        events: [{ type: 'flash-crowd', start: '5m', rampUp: '2m', sustain: '10m', rampDown: '2m', peak: '10x' }],
      },
    ],
    contracts: [
      { primary: 'alpha', peer: 'beta', regions: ['west'], capacityRps: 700, pricePerGB: 0.004, duration: '20m' },
      { primary: 'beta', peer: 'gamma', regions: ['west'], capacityRps: 600, pricePerGB: 0.004, duration: '20m' },
      ...(extras.contracts ?? []),
    ],
    ...extras.doc,
  };
}
