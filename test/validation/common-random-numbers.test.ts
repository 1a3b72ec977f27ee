// Common random numbers: every random stream belongs to one component of one CDN (routing per CDN,
// one stream per control-network link, workload streams keyed by region and CDN), so a comparison
// between policies or a reshuffled scenario file changes nothing it should not. Found: the router
// and network streams were shared by all CDNs and workload streams were keyed by list position.
import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { loadScenario } from '../../scenarios/load.js';
import { runScenario } from '../../scenarios/run.js';
import { buildReport } from '../../reports/report.js';
import { workloadStreamNames } from '../../cdn/workload/stream-names.js';
import { tempDir } from '../cli/helpers.js';
import { createClock } from '../../core/clock.js';
import { createStreams } from '../../core/random.js';
import { MessageNetwork } from '../../agents/network.js';

const SMALL_CROWD = join(import.meta.dirname, '../fixtures/small-crowd.yaml');

function run(file: string, sets: string[] = [], lossRate?: number) {
  const { scenario, hash, policies } = loadScenario(file, { sets });
  return runScenario(scenario, { hash, version: 'test', policies, control: lossRate === undefined ? {} : { lossRate } });
}

/** report.json without what depends on the file's content or the order of its lists */
function normalized(result: ReturnType<typeof run>['result']) {
  const report = buildReport(result) as Record<string, unknown> & {
    scenario: object;
    cdns: Record<string, unknown>;
    arrangements: { id: string }[];
    sites: { cdn: string; site: string }[];
    load: { workloads: { region: string; cdn: string }[]; regions: unknown[] };
  };
  const siteKey = (s: { cdn: string; site: string }) => `${s.cdn}/${s.site}`;
  return {
    ...report,
    scenario: null,
    cdns: Object.fromEntries(Object.entries(report.cdns).sort(([a], [b]) => (a < b ? -1 : 1))),
    arrangements: [...report.arrangements].sort((a, b) => (a.id < b.id ? -1 : 1)),
    sites: [...report.sites].sort((a, b) => (siteKey(a) < siteKey(b) ? -1 : 1)),
    load: { ...report.load, workloads: [...report.load.workloads].sort((a, b) => (`${a.region}/${a.cdn}` < `${b.region}/${b.cdn}` ? -1 : 1)) },
  };
}

describe('common random numbers', () => {
  it('reordering the CDN and workload lists changes nothing but order in the outputs', () => {
    const doc = YAML.parse(readFileSync(SMALL_CROWD, 'utf8'));
    doc.cdns.reverse();
    doc.workload.reverse();
    const reordered = join(tempDir(), 'reordered.yaml');
    writeFileSync(reordered, YAML.stringify(doc));
    const sets = ['duration=20m'];
    const a = normalized(run(SMALL_CROWD, sets, 0.1).result);
    const b = normalized(run(reordered, sets, 0.1).result);
    expect(b).toEqual(a);
  });

  it("one CDN's routing draws never shift another's: changing beta's routing share leaves alpha's redirections as they were", () => {
    const twoPrimaries = (betaShare: number) => {
      const doc = YAML.parse(readFileSync(join(import.meta.dirname, '../../scenarios/mmc.yaml'), 'utf8'));
      const site = doc.cdns[0].sites[0];
      doc.duration = '60s';
      doc.window = '10s';
      doc.cdns = [
        { id: 'alpha', role: 'primary', sites: [site] },
        { id: 'beta', role: 'primary', sites: [site] },
        { id: 'gamma', role: 'peer', sites: [{ ...site, servers: 64 }] },
      ];
      doc.workload = [
        { region: 'local', cdn: 'alpha', base: { ratePerS: 500 } },
        { region: 'local', cdn: 'beta', base: { ratePerS: 500 } },
      ];
      doc.routing = [{ cdn: 'alpha', to: 'gamma', share: 0.3 }, ...(betaShare > 0 ? [{ cdn: 'beta', to: 'gamma', share: betaShare }] : [])];
      const file = join(tempDir(), 'two.yaml');
      writeFileSync(file, YAML.stringify(doc));
      const { dataPlane } = run(file);
      return { arrived: dataPlane.metrics.cdnTotal.ownArrived[0], redirected: dataPlane.router.lanes.redirected[0] }; // lane 0: alpha's share
    };
    const without = twoPrimaries(0);
    const withShare = twoPrimaries(0.6);
    expect(without.redirected).toBeGreaterThan(0.25 * without.arrived);
    expect(withShare).toEqual(without);
  });

  it('each control-network link has its own stream: traffic on one link never changes which messages another loses', () => {
    const fates = (withOtherTraffic: boolean) => {
      const clock = createClock();
      const streams = createStreams(7);
      const network = new MessageNetwork(clock, { rttMs: () => 10, jitterMs: 3, lossRate: 0.5, linkRng: (f, t) => streams.stream(`control/link/${f}>${t}`) });
      const lost: string[] = [];
      network.observe((t) => {
        if (t.event === 'lost' && t.message.from === 'alpha') lost.push(t.message.id);
      });
      for (const id of ['alpha', 'beta', 'gamma', 'delta']) network.register(id, () => {});
      for (let i = 0; i < 200; i++) {
        network.send('alpha', { type: 'arrangement.ended', to: 'beta', arrangementId: `a${i}` });
        if (withOtherTraffic) network.send('gamma', { type: 'arrangement.ended', to: 'delta', arrangementId: `g${i}` });
      }
      clock.runUntil(10);
      return lost;
    };
    const alone = fates(false);
    expect(alone.length).toBeGreaterThan(60);
    expect(fates(true)).toEqual(alone);
  });

  it('workload streams are keyed by region and CDN; a repeated pair is numbered among its own', () => {
    expect(
      workloadStreamNames([
        { region: 'west', cdn: 'alpha' },
        { region: 'east', cdn: 'alpha' },
        { region: 'west', cdn: 'alpha' },
      ]),
    ).toEqual(['workload/west/alpha', 'workload/east/alpha', 'workload/west/alpha#2']);
  });
});
