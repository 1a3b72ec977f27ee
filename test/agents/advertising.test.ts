// Advertising by footprint and cascaded advertisements. A peer's advertisements (first ones and
// updates) reach only the CDNs of its bootstrap directory with users in a region its sites serve;
// a CDN whose users it cannot serve hears nothing. Relayed advertisements carry their cdnPath: in a
// cycle of interconnections A→B→C→A relaying never loops, each CDN hears each advertisement at most
// once, and the loop counts are exact; a message that comes back is dropped, and a version already
// relayed is not relayed again. A peer whose offer falls by more than ADVERT_SHRINK advertises at its
// next monitor pass, not at the next interval; a rise waits for the interval.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { stringify } from 'yaml';
import { runWithAgents } from './run-helpers.js';
import type { TraceLine } from '../../agents/control-plane.js';
import { AdvertRelay } from '../../agents/advert-relay.js';
import { CdnDirectory } from '../../agents/directory.js';
import { Knowledge } from '../../agents/knowledge.js';
import type { AgentEnv } from '../../agents/env.js';
import type { Advertisement } from '../../agents/cdni/vocabulary.js';
import type { MessageOf, Outgoing } from '../../agents/messages.js';
import { ADVERT_SHRINK } from '../../agents/protocol.js';
import { buildReport } from '../../reports/report.js';
import { loadScenario } from '../../scenarios/load.js';
import { inputErrorOf } from '../input/errors.js';

interface CdnShape {
  id: string;
  policy: string;
  site: string;
  users: string | null;
  /** a flash crowd of its own users: start (s) and peak multiple */
  crowd?: { startS: number; peak: number };
}

function scenarioFile(name: string, cdns: CdnShape[], rttMs: object): string {
  const doc = {
    name,
    seed: 1,
    duration: '330s',
    window: '30s',
    regions: [...new Set(cdns.flatMap((c) => [c.site, ...(c.users ? [c.users] : [])]))],
    network: { rttMs },
    catalog: { objects: 500, popularity: { zipf: 0.8 }, sizeBytes: { fixed: '100kB' } },
    cdns: cdns.map((c) => ({
      id: c.id,
      role: c.policy.startsWith('peer') ? 'peer' : 'primary',
      policy: c.policy,
      sites: [{ region: c.site, servers: 8, serviceTime: { exponential: { meanMs: 25 } }, queueLimit: 40 }],
    })),
    workload: cdns
      .filter((c) => c.users)
      .map((c) => ({
        region: c.users,
        cdn: c.id,
        base: { ratePerS: 50 },
        ...(c.crowd
          ? {
              events: [
                { type: 'flash-crowd', start: `${c.crowd.startS}s`, rampUp: '60s', sustain: '60s', rampDown: '60s', peak: `${c.crowd.peak}x`, hotObjects: 20 },
              ],
            }
          : {}),
      })),
  };
  const file = join(mkdtempSync(join(tmpdir(), 'autopeer-adverts-')), `${name}.yaml`);
  writeFileSync(file, stringify(doc));
  return file;
}

type Delivered = TraceLine & { type: string; from: string; to: string; body: { advertisement: Advertisement; cdnPath: string[] } };
const adverts = (trace: TraceLine[], event: 'sent' | 'delivered') =>
  trace.filter((l): l is Delivered => l.kind === 'message' && l.event === event && l.type === 'advertisement');

describe('advertising by footprint', () => {
  // west and central are 20 ms apart; far is 150 ms from both, beyond the 100 ms footprint reach
  const file = scenarioFile(
    'footprint',
    [
      { id: 'alpha', policy: 'reciprocal', site: 'west', users: 'west' },
      { id: 'beta', policy: 'peer-default', site: 'central', users: 'central' },
      { id: 'delta', policy: 'peer-default', site: 'far', users: null },
      { id: 'omega', policy: 'reciprocal', site: 'far', users: 'far' },
    ],
    { default: 150, sameRegion: 10, pairs: [{ a: 'west', b: 'central', ms: 20 }] },
  );
  const { controlPlane } = runWithAgents(file, 1, [], { trace: true });
  const cp = controlPlane!;
  const sent = adverts(cp.trace, 'sent');
  const to = (from: string) => [...new Set(sent.filter((l) => l.from === from).map((l) => l.to))].sort();

  it('a peer advertises only to the CDNs with users in a region its sites serve, updates included', () => {
    // alpha and beta serve west and central: alpha's users, beta's; far is beyond their reach
    expect(to('alpha')).toEqual(['beta']);
    expect(to('beta')).toEqual(['alpha']);
    // delta and omega serve far, where only omega has users; delta has no users, so no one advertises to it
    expect(to('delta')).toEqual(['omega']);
    expect(to('omega')).toEqual([]);
    expect(sent.some((l) => l.to === 'delta')).toBe(false);
    // every version goes to the same CDNs: a 5½-minute run at 1-minute intervals re-advertises
    const versions = (from: string) => new Set(sent.filter((l) => l.from === from).map((l) => l.body.advertisement.version));
    expect(versions('beta').size).toBeGreaterThan(1);
    for (const from of ['alpha', 'beta', 'delta']) expect(sent.filter((l) => l.from === from).length).toBe(versions(from).size);
    // a direct advertisement carries its origin as its path, and the profile the regions it serves
    expect(sent.every((l) => l.body.cdnPath.length === 1 && l.body.cdnPath[0] === l.from)).toBe(true);
    const beta = sent.find((l) => l.from === 'beta')!.body.advertisement;
    expect(beta.profiles[0].servedRegions).toEqual(['central', 'west']);
  });

  it('what a primary knows is what reached it: nothing from beyond its users’ reach', () => {
    const knows = (id: string) => cp.agents.find((a) => a.env.id === id)!.knowledge.validAds(0);
    expect(knows('alpha').map((ad) => ad.peer)).toEqual(['beta']);
    expect(knows('omega').map((ad) => ad.peer)).toEqual(['delta']);
  });
});

describe('a peer whose offer falls advertises at once', () => {
  // beta's own users crowd from 90 s (4x over a minute): what it can offer falls to nothing, then comes back
  const file = scenarioFile(
    'shrinking-offer',
    [
      { id: 'alpha', policy: 'reciprocal', site: 'west', users: 'west' },
      { id: 'beta', policy: 'peer-default', site: 'central', users: 'central', crowd: { startS: 90, peak: 4 } },
    ],
    { default: 150, sameRegion: 10, pairs: [{ a: 'west', b: 'central', ms: 20 }] },
  );
  const { controlPlane } = runWithAgents(file, 1, [], { trace: true });
  const fromBeta = adverts(controlPlane!.trace, 'sent').filter((l) => l.from === 'beta');
  const offers = fromBeta.map((l) => ({ tS: l.tS, capacity: l.body.advertisement.profiles[0].capacityRps }));
  const INTERVAL_S = 60;

  it('re-advertises before the interval is up only when the offer fell by more than ADVERT_SHRINK', () => {
    const early = offers.filter((o, i) => i > 0 && o.tS - offers[i - 1].tS < INTERVAL_S - 1e-9);
    // the crowd makes it fall: at least one early advertisement, and it is at a monitor pass (5 s)
    expect(early.length).toBeGreaterThan(0);
    for (const o of early) {
      const before = offers[offers.indexOf(o) - 1];
      expect(o.capacity).toBeLessThan((1 - ADVERT_SHRINK) * before.capacity);
      expect(Math.abs(o.tS / 5 - Math.round(o.tS / 5))).toBeLessThan(1e-9);
    }
  });

  it('a rise waits for the interval: every advertisement that offers more comes a full interval after the last', () => {
    const rises = offers.filter((o, i) => i > 0 && o.capacity > offers[i - 1].capacity);
    expect(rises.length).toBeGreaterThan(0);
    for (const o of rises) expect(o.tS - offers[offers.indexOf(o) - 1].tS).toBeGreaterThanOrEqual(INTERVAL_S - 1e-9);
  });
});

describe('cascaded advertisements', () => {
  // every CDN serves and has users in one region; each is interconnected with the next: A→B→C→A
  const cycle = { a: ['b'], b: ['c'], c: ['a'] };
  const file = scenarioFile(
    'cycle',
    ['a', 'b', 'c'].map((id) => ({ id, policy: 'reciprocal', site: 'west', users: 'west' })),
    { default: 10, sameRegion: 10 },
  );
  const { controlPlane } = runWithAgents(file, 1, [], { trace: true, interconnections: cycle, relayAdvertisements: true });
  const cp = controlPlane!;
  const agent = (id: string) => cp.agents.find((a) => a.env.id === id)!;
  const delivered = adverts(cp.trace, 'delivered');
  const sent = adverts(cp.trace, 'sent');

  it('never loops: each CDN hears each advertisement at most once, and never its own', () => {
    const seen = new Map<string, number>();
    for (const l of delivered) {
      const key = `${l.to}<${l.body.advertisement.peer}@${l.body.advertisement.version}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      expect(l.body.cdnPath).not.toContain(l.to);
      expect(l.body.advertisement.peer).not.toBe(l.to);
    }
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(delivered.length).toBe(sent.length);
    expect(delivered.every((l) => l.body.cdnPath.length <= 2)).toBe(true);
  });

  it('counts are exact: each version relayed once by the next CDN, and stopped before it returns to its origin', () => {
    const next = { a: 'b', b: 'c', c: 'a' } as const;
    for (const origin of ['a', 'b', 'c'] as const) {
      const versions = new Set(sent.filter((l) => l.from === origin && l.body.cdnPath.length === 1).map((l) => l.body.advertisement.version)).size;
      expect(versions).toBeGreaterThan(1);
      const relay = next[origin];
      const last = next[relay];
      // origin → relay (direct), relay → last (relayed, path [origin, relay]), last ↛ origin (on the path)
      expect(sent.filter((l) => l.body.advertisement.peer === origin && l.from === origin).map((l) => l.to)).toEqual(Array(versions).fill(relay));
      expect(sent.filter((l) => l.body.advertisement.peer === origin && l.from === relay).map((l) => l.body.cdnPath)).toEqual(
        Array(versions).fill([origin, relay]),
      );
      expect(sent.filter((l) => l.body.advertisement.peer === origin && l.from === last)).toEqual([]);
      expect(agent(relay).relay.counts.relayed).toBe(versions);
      expect(agent(last).relay.counts.skippedOnPath).toBe(versions);
    }
    for (const id of ['a', 'b', 'c']) {
      const { counts } = agent(id).relay;
      expect(counts.loopsDropped).toBe(0);
      expect(counts.alreadyRelayed).toBe(0);
      expect(agent(id).relay.loopsAvoided).toBe(counts.skippedOnPath);
    }
    // a relayed advertisement is known as reachable through the relay, not as a direct candidate
    expect(
      agent('c')
        .knowledge.validAds(0)
        .map((ad) => ad.peer),
    ).toEqual(['b']);
    expect(
      agent('c')
        .knowledge.relayed()
        .map((r) => [r.advertisement.peer, r.via]),
    ).toEqual([['a', 'b']]);
  });
});

describe('cascaded advertisements switched on by the scenario (peering.control.relayAdvertisements)', () => {
  const cycle = { a: ['b'], b: ['c'], c: ['a'] };
  const file = scenarioFile(
    'cycle-flag',
    ['a', 'b', 'c'].map((id) => ({ id, policy: 'reciprocal', site: 'west', users: 'west' })),
    { default: 10, sameRegion: 10 },
  );

  it('on: the transits relay, and report.json counts it in cascades.control; off (absent): no relay and no block', () => {
    const on = runWithAgents(file, 1, ['peering.control.relayAdvertisements=true'], { interconnections: cycle });
    const relayed = on.controlPlane!.agents.reduce((n, a) => n + a.relay.counts.relayed, 0);
    expect(relayed).toBeGreaterThan(0);
    expect(buildReport(on.result).cascades.control?.advertisements).toEqual({ relayed, alreadyRelayed: 0, loopsAvoided: relayed });
    const off = runWithAgents(file, 1, [], { interconnections: cycle });
    expect(off.controlPlane!.agents.every((a) => a.relay.counts.relayed === 0)).toBe(true);
    expect(buildReport(off.result).cascades).not.toHaveProperty('control');
  });

  it('kept in the resolved scenario only when given; anything but true or false is refused by its path', () => {
    expect(loadScenario(file, { sets: ['peering.control.relayAdvertisements=false'] }).scenario.peering.control).toEqual({
      lossRate: 0,
      jitterMs: 0,
      relayAdvertisements: false,
    });
    expect(loadScenario(file).scenario.peering.control).toEqual({ lossRate: 0, jitterMs: 0 });
    const error = inputErrorOf(() => loadScenario(file, { sets: ['peering.control.relayAdvertisements=often'] }));
    expect(error.issues.map((i) => i.path)).toEqual(['peering.control.relayAdvertisements']);
  });
});

describe('the relay of one agent', () => {
  const directory = new CdnDirectory(['a', 'b', 'c', 'd'].map((id) => ({ id, userRegions: ['west'] })));
  function relayOf(id: string) {
    const out: Outgoing[] = [];
    const env = {
      id,
      world: { directory },
      network: { send: (_from: string, m: Outgoing) => out.push(m) },
    } as unknown as AgentEnv;
    const knowledge = new Knowledge();
    return { relay: new AdvertRelay(env, knowledge, true), knowledge, out };
  }
  const ad = (peer: string, version: number): Advertisement => ({
    peer,
    version,
    issuedAtS: 0,
    validForS: 100,
    profiles: [{ ...({} as Advertisement['profiles'][0]), servedRegions: ['west'] }],
  });
  const message = (from: string, to: string, advertisement: Advertisement, cdnPath: string[]): MessageOf<'advertisement'> => ({
    id: `${from}#1`,
    from,
    to,
    type: 'advertisement',
    advertisement,
    cdnPath,
  });

  it('drops an advertisement whose path holds its own id, and counts the loop', () => {
    const { relay, knowledge, out } = relayOf('b');
    relay.receive(message('c', 'b', ad('a', 1), ['a', 'b', 'c']));
    expect(relay.counts).toEqual({ loopsDropped: 1, skippedOnPath: 0, alreadyRelayed: 0, relayed: 0 });
    expect(out).toEqual([]);
    expect(knowledge.validAds(0)).toEqual([]);
    expect(knowledge.relayed()).toEqual([]);
  });

  it('relays a version once (diamond: heard twice, passed on once), never an older one, never to the path', () => {
    const { relay, out } = relayOf('d');
    relay.receive(message('b', 'd', ad('a', 2), ['a', 'b']));
    // to the directory's CDNs with users the advertisement serves, not itself, not a or b (on the path)
    expect(out.map((m) => [m.to, (m as MessageOf<'advertisement'>).cdnPath])).toEqual([['c', ['a', 'b', 'd']]]);
    relay.receive(message('c', 'd', ad('a', 2), ['a', 'c']));
    relay.receive(message('c', 'd', ad('a', 1), ['a', 'c']));
    expect(out.length).toBe(1);
    expect(relay.counts).toEqual({ loopsDropped: 0, skippedOnPath: 2, alreadyRelayed: 1, relayed: 1 });
    relay.receive(message('a', 'd', ad('a', 3), ['a']));
    expect(out.map((m) => m.to)).toEqual(['c', 'b', 'c']);
    expect(relay.counts.relayed).toBe(3);
  });
});
