// Redirection rules as users write them and as the router applies them: the scenario's `rule`
// forms and their errors, the resolved scenario writing them back, and the load- and
// proximity-aware rule choosing between a near and a far peer by its weight and the slots.
import { describe, expect, it } from 'vitest';
import { validateScenarioDocument } from '../../scenarios/load.js';
import { runScenario } from '../../scenarios/run.js';
import { inputErrorOf } from '../input/errors.js';

const F = 'scenario.yaml';
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const site = (region: string, servers = 2) => ({ region, servers, serviceTime: { exponential: { meanMs: 10 } } });
const base = (routing: Doc[]): Doc => ({
  name: 'rules',
  seed: 4,
  duration: '200s',
  window: '10s',
  peering: { enabled: false },
  regions: ['east', 'west'],
  network: { rttMs: { default: 80, sameRegion: 10 } },
  cdns: [
    { id: 'alpha', role: 'primary', sites: [site('east')] },
    { id: 'near', role: 'peer', sites: [site('east', 50)] },
    { id: 'far', role: 'peer', sites: [site('west', 50)] },
  ],
  workload: [{ region: 'east', cdn: 'alpha', base: { ratePerS: 400 } }],
  routing,
});

const issues = (doc: Doc) => inputErrorOf(() => validateScenarioDocument(doc, F)).issues;

describe('the rule field of a routing entry', () => {
  it('reads the words and the one-key mappings into rules', () => {
    const { routing } = validateScenarioDocument(
      base([
        { cdn: 'alpha', to: 'near', rule: 'overflow' },
        { cdn: 'alpha', to: 'far', rule: { threshold: 12 }, share: 0.5 },
        { cdn: 'alpha', to: 'near', rule: { loadProximity: { loadWeight: 0.3 } }, slots: 8 },
        { cdn: 'alpha', to: 'far', rule: { sla: { p95Ms: 200, interval: '10s' } } },
        { cdn: 'alpha', to: 'near', share: 0.2 },
      ]),
      F,
    );
    expect(routing.map((r) => [r.rule, r.share, r.slots])).toEqual([
      [{ kind: 'overflow' }, 1, undefined],
      [{ kind: 'threshold', inSystem: 12 }, 0.5, undefined],
      [{ kind: 'load-proximity', inSystem: null, loadWeight: 0.3 }, 1, 8],
      [{ kind: 'sla', statistic: 'p95', targetMs: 200, intervalS: 10, gain: 0.1 }, 0, undefined],
      [undefined, 0.2, undefined],
    ]);
  });

  it('conditional rules do not count in the shares that must add up to at most 1', () => {
    const doc = base([
      { cdn: 'alpha', to: 'near', share: 0.8 },
      { cdn: 'alpha', to: 'far', rule: 'overflow' },
    ]);
    expect(() => validateScenarioDocument(doc, F)).not.toThrow();
  });

  it('refuses unknown words, two keys, a negative threshold, both targets, slots without load-proximity, a share rule without a share', () => {
    const cases: [Doc, string][] = [
      [{ cdn: 'alpha', to: 'near', rule: 'spillover' }, 'routing[0].rule'],
      [{ cdn: 'alpha', to: 'near', rule: { overflow: {}, threshold: 3 } }, 'routing[0].rule'],
      [{ cdn: 'alpha', to: 'near', rule: { threshold: -1 } }, 'routing[0].rule.threshold'],
      [{ cdn: 'alpha', to: 'near', rule: { sla: { meanMs: 50, p95Ms: 80 } } }, 'routing[0].rule.sla'],
      [{ cdn: 'alpha', to: 'near', rule: { sla: { meanMs: 50, gain: 0 } } }, 'routing[0].rule.sla.gain'],
      [{ cdn: 'alpha', to: 'near', rule: 'overflow', slots: 4 }, 'routing[0].slots'],
      [{ cdn: 'alpha', to: 'near', rule: 'share' }, 'routing[0].share'],
    ];
    for (const [entry, path] of cases) {
      const found = issues(base([entry]));
      expect(found.map((i) => i.path)).toContain(path);
    }
  });
});

function peerShares(loadWeight: number, slots?: number) {
  const doc = base([{ cdn: 'alpha', to: 'near', rule: { loadProximity: { loadWeight } }, ...(slots ? { slots } : {}) }]);
  doc.routing.push({ cdn: 'alpha', to: 'far', rule: { loadProximity: { loadWeight } }, ...(slots ? { slots } : {}) });
  const scenario = validateScenarioDocument(doc, F);
  const { dataPlane } = runScenario(scenario, { hash: 'h', version: 'test' });
  const lanes = dataPlane.router.lanes;
  return { near: lanes.served[0], far: lanes.served[1], arrived: dataPlane.metrics.cdnTotal.ownArrived[0] };
}

describe('the load- and proximity-aware rule', () => {
  it('with weight 0 it sends every triggered request to the nearest peer', () => {
    const s = peerShares(0);
    expect(s.near).toBeGreaterThan(0.3 * s.arrived);
    expect(s.far).toBe(0);
  });

  it('with weight 1 it balances the in-flight load over the two peers', () => {
    const s = peerShares(1);
    expect(s.far).toBeGreaterThan(0.3 * (s.near + s.far));
    expect(s.near).toBeGreaterThan(0.3 * (s.near + s.far));
  });

  it('a peer whose slots are full is passed over for the other, however far', () => {
    // one slot each: the near peer takes one request at a time, the rest of the overflow goes far
    const s = peerShares(0, 1);
    expect(s.far).toBeGreaterThan(0);
    expect(s.near).toBeGreaterThan(0);
  });

  it("a lane's in-flight count is exactly its requests still in flight, also after its peer's site failed mid-run", () => {
    const doc = base([
      { cdn: 'alpha', to: 'near', rule: { loadProximity: { loadWeight: 0.5 } } },
      { cdn: 'alpha', to: 'far', rule: { loadProximity: { loadWeight: 0.5 } } },
    ]);
    doc.faults = [{ type: 'site-down', cdn: 'near', region: 'east', at: '100s', for: '50s' }];
    const { dataPlane } = runScenario(validateScenarioDocument(doc, F), { hash: 'h', version: 'test' });
    const req = dataPlane.requests;
    const alive = [0, 0];
    for (let r = 0; r < req.highWater; r++) if (req.alive[r] === 1 && req.lane[r] >= 0) alive[req.lane[r]]++;
    expect([dataPlane.router.lanes.inFlight[0], dataPlane.router.lanes.inFlight[1]]).toEqual(alive);
    expect(dataPlane.sites[1].totalFailed + dataPlane.sites[1].winFailed).toBeGreaterThan(0);
  });
});
