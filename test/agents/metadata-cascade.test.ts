// Content metadata passed down a cascade with the real agents (agents/metadata-cascade): alpha (told
// by the origin) requires signed URIs, licenses its content for west only and sets a 2-minute cache
// TTL; beta, a transit, serves alpha under a contract and passes alpha's traffic on to gamma under
// its own. beta's arrangement with gamma starts before alpha's metadata reaches beta, so beta sends
// it again (revision 1) once it has alpha's rules, as an `upstream` entry with cdn-path
// [alpha, beta]; gamma's lane then enforces them with its own (the shortest TTL holds), and alpha's
// requests beta passes on are judged there by them (forged tokens refused by gamma). gamma, a
// transit too, has a contract with beta: alpha's entry would go back to beta (on its path), so it
// is left out — a loop avoided — and beta's own fields are no content rules (beta is a transit).
// gamma logs its deliveries over beta's lane, so beta reconciles and pays them.
// Unit rules of the cascade: one entry per owner, the shortest path, none with the receiver on it,
// none for a transit's own fields; a CDN the origin tells passes nothing on; a peer takes metadata
// only from the arrangement's primary, and only a newer revision; updates are resent until acked.
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../reports/report.js';
import { MetadataCascade } from '../../agents/metadata-cascade.js';
import type { AgentEnv } from '../../agents/env.js';
import type { ArrangementMetadata } from '../../agents/cdni/vocabulary.js';
import { compileLocationsAll, compileTimesAll } from '../../cdn/metadata/acl.js';
import { ServedArrangements } from '../../agents/peer/served-arrangements.js';
import { Ledger } from '../../agents/ledger.js';
import { createXstateClock } from '../../core/xstate-clock.js';
import type { Outgoing } from '../../agents/messages.js';
import type { Sla } from '../../agents/cdni/vocabulary.js';
import { world } from '../cdn/content-world.js';
import { MetadataUpdates } from '../../agents/primary/metadata-updates.js';
import { MAX_RETRIES } from '../../agents/protocol.js';
import { createClock } from '../../core/clock.js';
import { lineWorld, runDocument, transitDocument } from './transit-world.js';

const DOC = transitDocument('transit-metadata', {
  alpha: { metadata: { uriSigning: true, cacheTtl: '2m', locations: [{ action: 'allow', regions: ['west'] }] } },
  users: { tokens: { missing: 0, expired: 0, forged: 0.2 } },
  contracts: [{ primary: 'gamma', peer: 'beta', regions: ['west'], capacityRps: 100, pricePerGB: 0.004, duration: '20m' }],
  doc: lineWorld(150, [{ a: 'west', b: 'east', ms: 90 }]),
});

/** an arrangement's metadata for the unit tests: pull from the origin, no rules, a one-minute TTL, unless given */
const metadata = (fields: Partial<ArrangementMetadata>): ArrangementMetadata => ({
  arrangementId: 'x',
  source: { kind: 'origin', region: 'o' },
  allowedRegions: [],
  cacheTtlS: 60,
  uriSigning: false,
  replication: 'pull',
  prepositionObjects: [],
  ...fields,
});

type Line = { tS: number; kind: string; type?: string; event?: string; from?: string; to?: string; body?: { metadata?: ArrangementMetadata } };

describe('a transit passes its upstream metadata on, and the next CDN enforces it', () => {
  const { result, dataPlane, controlPlane } = runDocument(DOC, { trace: true });
  const pushes = ((controlPlane?.trace ?? []) as Line[]).filter((t) => t.type === 'metadata.push' && t.event === 'delivered');

  it('beta sends gamma alpha’s rules again once it has them: revision 1, cdn-path [alpha, beta]', () => {
    const toGamma = pushes.filter((t) => t.from === 'beta' && t.to === 'gamma').map((t) => t.body?.metadata);
    expect(toGamma[0]?.upstream).toBeUndefined(); // sent at the start, before alpha's metadata reached beta
    const update = toGamma.find((m) => m?.revision === 1);
    expect(update?.upstream).toEqual([{ cdnPath: ['alpha', 'beta'], locations: [{ action: 'allow', regions: ['west'] }], cacheTtlS: 120, uriSigning: true }]);
  });

  it('gamma’s lane from beta enforces alpha’s rules too: its cache TTL is alpha’s 2 minutes, not beta’s default hour', () => {
    const lanes = dataPlane.router.lanes;
    const lane = lanes.laneFor('contract-2:beta>gamma', dataPlane.cdnIndex('beta'), dataPlane.cdnIndex('gamma'));
    expect(dataPlane.cdni?.lanes.ttlS[lane]).toBe(120);
  });

  it('alpha’s requests beta passes on are judged by gamma with alpha’s rules: forged tokens refused there, none delivered', () => {
    expect(result.cascades.servedByHops[2]).toBeGreaterThan(0);
    const row = (id: string) => result.cdni?.arrangements.find((a) => a.id === id);
    expect(row('contract-2:beta>gamma')?.refused.tokenForged).toBeGreaterThan(0);
    expect(row('contract-1:alpha>beta')?.reconciliation?.deliveredWithBadToken).toBe(0);
  });

  it('gamma logs what it delivered over beta’s lane: beta reconciles it and pays gamma; beta still reports it to alpha', () => {
    const cdni = (id: string) => result.cdni?.arrangements.find((a) => a.id === id);
    const arrangement = (id: string) => result.control.arrangements.find((a) => a.id === id);
    const downstream = cdni('contract-2:beta>gamma')?.reconciliation;
    expect(downstream?.reported).toBeGreaterThan(0);
    expect(downstream?.matched).toBe(downstream?.reported);
    expect(downstream?.spoofed).toBe(0);
    expect(downstream?.deliveredWithBadToken).toBe(0);
    expect(downstream?.reconciledServed).toBe(arrangement('contract-2:beta>gamma')?.servedRequests);
    expect(arrangement('contract-2:beta>gamma')?.fees).toBeGreaterThan(0);
    // alpha's ledger numbers every request it sent to beta, those gamma served included
    const upstream = cdni('contract-1:alpha>beta')?.reconciliation;
    expect(upstream?.reconciledServed).toBe(arrangement('contract-1:alpha>beta')?.servedRequests);
  });

  it('gamma passes nothing of alpha’s back to beta (on its path): a loop avoided, and the report counts it', () => {
    const toBeta = pushes.filter((t) => t.from === 'gamma' && t.to === 'beta').map((t) => t.body?.metadata);
    expect(toBeta.length).toBeGreaterThan(0);
    for (const m of toBeta) expect(m?.upstream).toBeUndefined();
    const control = buildReport(result).cascades.control;
    expect(control?.metadata.updates).toBeGreaterThanOrEqual(1);
    expect(control?.metadata.relayed).toBeGreaterThanOrEqual(1);
    expect(control?.metadata.loopsAvoided).toBeGreaterThanOrEqual(1);
  });
});

describe('the cascade’s rules (MetadataCascade)', () => {
  const meta = (upstream?: ArrangementMetadata['upstream']) =>
    metadata({ arrangementId: 'x', cacheTtlS: 600, uriSigning: true, ...(upstream ? { upstream } : {}) });
  const cascade = (id: string, transit = true) => new MetadataCascade({ id } as AgentEnv, transit);

  it('one entry per owner with the shortest path, itself appended; none with the peer on its path, none for a transit’s own fields', () => {
    const c = cascade('beta');
    c.accept('a>beta', 'alpha', meta());
    // a transit's own fields are no content rules: only what it passes on counts
    c.accept('t>beta', 'tau', { ...meta([{ cdnPath: ['omega', 'tau'], cacheTtlS: 60, uriSigning: false }]), transit: true });
    c.accept(
      'd>beta',
      'delta',
      meta([
        { cdnPath: ['alpha', 'delta'], cacheTtlS: 60, uriSigning: false },
        { cdnPath: ['epsilon', 'delta'], cacheTtlS: 60, uriSigning: false },
      ]),
    );
    expect(c.upstreamFor('gamma')?.map((e) => e.cdnPath)).toEqual([
      ['alpha', 'beta'],
      ['omega', 'tau', 'beta'],
      ['delta', 'beta'],
      ['epsilon', 'delta', 'beta'],
    ]);
    expect(c.upstreamFor('alpha')?.map((e) => e.cdnPath)).toEqual([
      ['omega', 'tau', 'beta'],
      ['delta', 'beta'],
      ['epsilon', 'delta', 'beta'],
    ]);
    c.sent(c.upstreamFor('alpha'), false);
    c.heldBack('alpha');
    expect(c.counts).toEqual({ relayed: 3, updates: 0, updatesFailed: 0, loopsAvoided: 2 });
  });

  it('a received entry with the receiver on its path is not enforced; a released arrangement’s rules are no longer passed on', () => {
    const c = cascade('beta');
    expect(
      c
        .enforced(
          meta([
            { cdnPath: ['beta', 'gamma'], cacheTtlS: 1, uriSigning: true },
            { cdnPath: ['alpha'], cacheTtlS: 1, uriSigning: true },
          ]),
        )
        .map((e) => e.cdnPath),
    ).toEqual([['alpha']]);
    expect(c.counts.loopsAvoided).toBe(1);
    let changes = 0;
    c.onChange(() => changes++);
    c.accept('a>beta', 'alpha', meta());
    c.release('a>beta');
    expect(changes).toBe(2);
    expect(c.upstreamFor('gamma')).toBeUndefined();
  });

  it('a CDN the origin tells passes nothing on', () => {
    const c = cascade('beta', false);
    c.accept('a>beta', 'alpha', meta());
    expect(c.upstreamFor('gamma')).toBeUndefined();
  });

  it('enforced together: every LocationACL and TimeWindowACL must allow', () => {
    const regions = ['west', 'central', 'east'];
    expect([
      ...compileLocationsAll(
        [
          undefined,
          [
            { action: 'deny', regions: ['east'] },
            { action: 'allow', regions: ['west', 'central'] },
          ],
          [{ action: 'allow', regions: ['west'] }],
        ],
        regions,
      ),
    ]).toEqual([1, 0, 0]);
    const t = compileTimesAll([
      [{ action: 'allow', windows: [{ startS: 0, endS: 100 }] }],
      [
        { action: 'deny', windows: [{ startS: 50, endS: 60 }] },
        { action: 'allow', windows: [{ startS: -1e9, endS: 1e9 }] },
      ],
    ]);
    const at = (s: number) => t.allowed[t.bounds.filter((b) => b <= s).length];
    expect([at(-1), at(0), at(49), at(50), at(59.9), at(60), at(99), at(100)]).toEqual([0, 1, 1, 0, 0, 1, 1, 0]);
  });
});

describe('a peer takes an arrangement’s metadata only from its primary, and only a newer revision', () => {
  function serving() {
    const w = world();
    const sent: Outgoing[] = [];
    const env = {
      id: 'beta',
      clock: w.clock,
      xclock: createXstateClock(w.clock),
      port: w.peer,
      ledger: new Ledger(),
      world: { windowS: 10 },
      params: { negotiationDeadlineS: 2 },
      network: { send: (_from: string, m: Outgoing) => sent.push(m), nextId: () => 'id' },
    } as unknown as AgentEnv;
    const accepted: number[] = [];
    const cascade = {
      accept: (_a: string, _p: string, m: ArrangementMetadata) => accepted.push(m.revision ?? 0),
      release: () => {},
    } as unknown as MetadataCascade;
    const served = new ServedArrangements(env, { allowed: () => 1e6, reserve: () => 0, committedChanged: () => {} }, cascade);
    const sla = { arrangementId: 'alpha>beta#1', primary: 'alpha', peer: 'beta', regions: ['b'], capacityRps: 10, durationS: 100, startS: 0 } as unknown as Sla;
    served.add(sla);
    const push = (from: string, revision?: number) =>
      served.onMetadata({
        type: 'metadata.push',
        id: `m-${from}-${revision}`,
        from,
        to: 'beta',
        arrangementId: 'alpha>beta#1',
        metadata: { ...meta(), ...(revision === undefined ? {} : { revision }) },
      });
    const acks = () => sent.flatMap((m) => (m.type === 'metadata.ack' ? [`${m.to} ${m.accepted}${m.revision === undefined ? '' : ` r${m.revision}`}`] : []));
    return { push, acks, accepted };
  }
  const meta = () => metadata({ arrangementId: 'alpha>beta#1' });

  it('a push from a CDN that is not the primary is refused and changes nothing', () => {
    const s = serving();
    s.push('mallory', 5);
    expect(s.acks()).toEqual(['mallory false r5']);
    expect(s.accepted).toEqual([]);
  });

  it('the first metadata, a resend of it, a newer revision, an older one: put in place twice, every push acknowledged with its revision', () => {
    const s = serving();
    s.push('alpha');
    s.push('alpha');
    s.push('alpha', 2);
    s.push('alpha', 1);
    expect(s.accepted).toEqual([0, 2]);
    expect(s.acks()).toEqual(['alpha true', 'alpha true', 'alpha true r2', 'alpha true r1']);
  });
});

describe('a transit sends its arrangements’ metadata again when its upstream changes (MetadataUpdates)', () => {
  function updates() {
    const clock = createClock();
    const sent: Outgoing[] = [];
    const env = {
      id: 'beta',
      clock,
      params: { negotiationDeadlineS: 2 },
      network: { send: (_f: string, m: Outgoing) => sent.push(m), nextId: () => 'm1' },
    } as unknown as AgentEnv;
    const cascade = new MetadataCascade(env, true);
    const u = new MetadataUpdates(env, cascade);
    const base = metadata({ arrangementId: 'beta>gamma#1', transit: true });
    u.track('beta>gamma#1', 'gamma', base);
    const pushes = () => sent.flatMap((m) => (m.type === 'metadata.push' ? [m.metadata.revision] : []));
    return { clock, cascade, u, pushes, base };
  }
  const upstreamMeta = metadata({ arrangementId: 'alpha>beta#1', cacheTtlS: 30, uriSigning: true });

  it('unanswered: the new revision is resent MAX_RETRIES times under one id, then given up', () => {
    const t = updates();
    t.cascade.accept('alpha>beta#1', 'alpha', upstreamMeta);
    t.clock.run();
    expect(t.pushes()).toEqual(Array(MAX_RETRIES + 1).fill(1));
    expect(t.cascade.counts.updatesFailed).toBe(1);
  });

  it('acknowledged: no resend; the same upstream again sends nothing; an ended arrangement gets nothing', () => {
    const t = updates();
    t.cascade.accept('alpha>beta#1', 'alpha', upstreamMeta);
    t.u.acked({ type: 'metadata.ack', id: 'a', from: 'gamma', to: 'beta', arrangementId: 'beta>gamma#1', accepted: true, revision: 1 });
    t.cascade.accept('alpha>beta#1', 'alpha', upstreamMeta);
    t.clock.run();
    expect(t.pushes()).toEqual([1]);
    t.u.drop('beta>gamma#1');
    t.cascade.release('alpha>beta#1');
    t.clock.run();
    expect(t.pushes()).toEqual([1]);
    expect(t.cascade.counts.updatesFailed).toBe(0);
  });
});
