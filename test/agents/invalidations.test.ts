// CI/T invalidations and their cascade (RFC 8007 §4.6), on a small in-memory message network with a
// fixed one-way delay: a CDN the origin tells (contracted) sends one command per peer with cdn-path
// [itself]; a peer applies it (hostile objects ignored) and answers `complete`; a transit (not
// contracted) relays it with itself appended, never to a CDN on the path, answers `active` at once and
// `complete` only once every peer it relayed to is complete, `failed`/`ecdn` when one failed or went
// silent; a command with the receiver's own id on the path is rejected (`ereject`) and neither applied
// nor relayed; a resend is answered with the status it has, never redone; a cycle never loops; and
// over random topologies and loss no command goes back onto its path and every command ends.
import { describe, expect, it } from 'vitest';
import { SimClock, callbackHandler } from '../../core/clock.js';
import { Invalidations } from '../../agents/invalidations.js';
import type { AgentEnv } from '../../agents/env.js';
import type { ArrangementRecord } from '../../agents/ledger.js';
import type { Message, Outgoing } from '../../agents/messages.js';
import type { ContentChange } from '../../cdn/port/cdn-port.js';
import { INVALIDATION_RETRIES } from '../../agents/protocol.js';
import fc from 'fast-check';

const DELAY_S = 0.01;
/** retryMs for a 2 s negotiation deadline: 200 ms */
const PARAMS = { negotiationDeadlineS: 2 };

interface Cdn {
  inv: Invalidations;
  applied: number[][];
  change: (c: ContentChange) => void;
}

function world(contracted: Record<string, boolean>, arrangements: [string, string][], drop: (m: Message) => boolean = () => false) {
  const clock = new SimClock();
  const ledger = { arrangements: arrangements.map(([primary, peer], i) => record(primary, peer, i)) };
  const cdns = new Map<string, Cdn>();
  const messages: Message[] = [];
  let ids = 0;
  const network = {
    nextId: (from: string) => `${from}-${++ids}`,
    send: (from: string, outgoing: Outgoing, id = `${from}-${++ids}`) => {
      const m = { id, from, ...outgoing } as Message;
      messages.push(m);
      if (drop(m)) return id;
      clock.scheduleAfter(
        DELAY_S,
        callbackHandler(() => {
          const to = cdns.get(m.to)?.inv;
          if (m.type === 'trigger.invalidate') to?.onInvalidate(m);
          if (m.type === 'trigger.status') to?.onStatus(m);
        }),
      );
      return id;
    },
  };
  for (const [id, isContracted] of Object.entries(contracted)) {
    const cdn = { applied: [] as number[][], change: (_c: ContentChange) => {} } as Cdn;
    const port = {
      catalogObjects: 100,
      content: {
        onChange: (listener: (c: ContentChange) => void) => (cdn.change = listener),
        invalidate: (objects: number[]) => cdn.applied.push([...objects]),
      },
    };
    const env = { id, clock, ledger, network, port, params: PARAMS } as unknown as AgentEnv;
    cdn.inv = new Invalidations(env, isContracted);
    cdns.set(id, cdn);
  }
  const change = (objects: number[]): ContentChange => ({ atS: 0, objects, versions: objects.map(() => 1), signal: 'invalidate', inlineBelowBytes: 0 });
  const of = (type: Message['type']) => messages.filter((m) => m.type === type);
  return { clock, cdns, messages, of, change, ledger, cdn: (id: string) => cdns.get(id) as Cdn };
}

function record(primary: string, peer: string, i: number): ArrangementRecord {
  return {
    id: `${primary}>${peer}#${i}`,
    primary,
    peer,
    activeAtS: 0,
    content: { source: 'primary', trigger: null, invalidations: { sent: 0, resent: 0, acked: 0, failed: 0 } },
  } as unknown as ArrangementRecord;
}

const statuses = (w: ReturnType<typeof world>, from: string) =>
  w.of('trigger.status').flatMap((m) => (m.type === 'trigger.status' && m.from === from ? [[m.status, ...(m.errors ?? [])].join(' ')] : []));

describe('a CDN the origin tells originates one invalidate per peer, and a peer applies and answers it', () => {
  it('one command per peer with cdn-path [origin]; hostile objects dropped; complete acknowledged', () => {
    const w = world({ alpha: true, beta: true, gamma: true }, [
      ['alpha', 'beta'],
      ['alpha', 'beta'], // the latest of two arrangements with one peer: one command
      ['alpha', 'gamma'],
    ]);
    w.cdn('alpha').change(w.change([1, -1, 2.5, 3, 1e9]));
    w.clock.run();
    const commands = w.of('trigger.invalidate');
    expect(commands.map((m) => [m.to, m.type === 'trigger.invalidate' && m.cdnPath])).toEqual([
      ['beta', ['alpha']],
      ['gamma', ['alpha']],
    ]);
    expect(w.cdn('beta').applied).toEqual([[1, 3]]);
    expect(statuses(w, 'beta')).toEqual(['complete']);
    expect(w.ledger.arrangements[1].content?.invalidations).toEqual({ sent: 1, resent: 0, acked: 1, failed: 0 });
    expect(w.ledger.arrangements[0].content?.invalidations.sent).toBe(0);
    expect(w.cdn('alpha').inv.counts.originated).toBe(2);
  });

  it('an expiry change sends nothing; a CDN the origin does not tell originates nothing', () => {
    const w = world({ alpha: true, beta: false }, [['alpha', 'beta']]);
    w.cdn('alpha').change({ ...w.change([1]), signal: 'expiry' });
    w.cdn('beta').change(w.change([1])); // never subscribed: the listener is the no-op default
    w.clock.run();
    expect(w.messages).toEqual([]);
  });

  it('a contracted peer with peers of its own does not relay: it originates for itself', () => {
    const w = world({ alpha: true, beta: true, gamma: true }, [
      ['alpha', 'beta'],
      ['beta', 'gamma'],
    ]);
    w.cdn('alpha').change(w.change([1]));
    w.clock.run();
    expect(w.of('trigger.invalidate').map((m) => m.to)).toEqual(['beta']);
    expect(statuses(w, 'beta')).toEqual(['complete']);
  });
});

describe('a transit CDN relays down the cascade (RFC 8007 §4.6)', () => {
  it('appends itself, skips CDNs on the path, answers active at once and complete only when the downstream is', () => {
    const w = world({ alpha: true, beta: false, gamma: false }, [
      ['alpha', 'beta'],
      ['beta', 'gamma'],
      ['beta', 'alpha'], // alpha is on the path: never relayed to
    ]);
    w.cdn('alpha').change(w.change([4]));
    w.clock.run();
    const relayed = w.of('trigger.invalidate').filter((m) => m.from === 'beta');
    expect(relayed.map((m) => [m.to, m.type === 'trigger.invalidate' && m.cdnPath])).toEqual([['gamma', ['alpha', 'beta']]]);
    expect(w.cdn('gamma').applied).toEqual([[4]]);
    expect(statuses(w, 'beta')).toEqual(['active', 'complete']);
    const completeAt = (from: string) => w.messages.findIndex((m) => m.type === 'trigger.status' && m.from === from && m.status === 'complete');
    expect(completeAt('beta')).toBeGreaterThan(completeAt('gamma'));
    expect(w.cdn('beta').inv.counts).toMatchObject({ relayed: 1, skippedOnPath: 1 });
    expect(w.ledger.arrangements[0].content?.invalidations.acked).toBe(1);
  });

  it('a downstream that never answers: given up after INVALIDATION_RETRIES, the transit answers failed with ecdn', () => {
    const w = world(
      { alpha: true, beta: false, gamma: false },
      [
        ['alpha', 'beta'],
        ['beta', 'gamma'],
      ],
      (m) => m.to === 'gamma',
    );
    w.cdn('alpha').change(w.change([4]));
    w.clock.run();
    const toGamma = w.ledger.arrangements[1].content?.invalidations;
    expect(toGamma).toEqual({ sent: 1, resent: INVALIDATION_RETRIES, acked: 0, failed: 1 });
    const beta = statuses(w, 'beta'); // alpha's polls meanwhile are answered `active`
    expect(new Set(beta.slice(0, -1))).toEqual(new Set(['active']));
    expect(beta.at(-1)).toBe('failed ecdn');
    expect(w.ledger.arrangements[0].content?.invalidations).toMatchObject({ acked: 0, failed: 1 });
    expect(w.cdn('beta').inv.counts.downstreamFailed).toBe(1);
  });

  it('an active answer keeps the primary polling past its retry budget, until the final status', () => {
    // beta is worked on for 5 s (longer than INVALIDATION_RETRIES resends of 200 ms) and says so
    const w = world({ alpha: true }, [['alpha', 'beta']]);
    w.cdn('alpha').change(w.change([4]));
    const command = w.of('trigger.invalidate')[0];
    const status = (s: 'active' | 'complete') => () =>
      w.cdn('alpha').inv.onStatus({
        type: 'trigger.status',
        id: `b-${w.clock.now}`,
        from: 'beta',
        to: 'alpha',
        arrangementId: command.type === 'trigger.invalidate' ? command.arrangementId : '',
        triggerId: command.type === 'trigger.invalidate' ? command.triggerId : '',
        trigger: 'invalidate',
        status: s,
      });
    for (let t = 0.5; t < 5; t += 1) w.clock.scheduleAt(t, callbackHandler(status('active')));
    w.clock.scheduleAt(5, callbackHandler(status('complete')));
    w.clock.run();
    const toBeta = w.ledger.arrangements[0].content?.invalidations;
    expect(toBeta?.resent).toBeGreaterThan(INVALIDATION_RETRIES);
    expect(toBeta).toMatchObject({ acked: 1, failed: 0 });
  });

  it('a resend is answered with the status it has: applied and relayed once', () => {
    // the first complete from beta is lost: alpha resends, beta answers again without redoing anything
    let lost = 0;
    const w = world(
      { alpha: true, beta: false, gamma: false },
      [
        ['alpha', 'beta'],
        ['beta', 'gamma'],
      ],
      (m) => m.from === 'beta' && m.type === 'trigger.status' && lost++ < 3,
    );
    w.cdn('alpha').change(w.change([4]));
    w.clock.run();
    expect(w.cdn('beta').applied).toEqual([[4]]);
    expect(w.of('trigger.invalidate').filter((m) => m.from === 'beta')).toHaveLength(1);
    expect(w.ledger.arrangements[0].content?.invalidations).toMatchObject({ acked: 1, failed: 0 });
  });

  it('its own id on the path: rejected with ereject, neither applied nor relayed', () => {
    const w = world({ alpha: true, beta: false, gamma: false }, [['beta', 'gamma']]);
    w.cdn('beta').inv.onInvalidate({
      type: 'trigger.invalidate',
      id: 'x-1',
      from: 'alpha',
      to: 'beta',
      arrangementId: 'alpha>beta#9',
      triggerId: 't',
      objects: [1],
      versions: [1],
      inlineBelowBytes: 0,
      cdnPath: ['gamma', 'beta', 'alpha'],
    });
    w.clock.run();
    expect(w.cdn('beta').applied).toEqual([]);
    expect(w.of('trigger.invalidate')).toEqual([]);
    expect(statuses(w, 'beta')).toEqual(['failed ereject']);
    expect(w.cdn('beta').inv.counts.loopsRejected).toBe(1);
  });

  it('a cycle alpha → beta → gamma → alpha: every CDN applies once, the command never comes back, all complete', () => {
    const w = world({ alpha: true, beta: false, gamma: false }, [
      ['alpha', 'beta'],
      ['beta', 'gamma'],
      ['gamma', 'alpha'],
      ['gamma', 'beta'],
    ]);
    w.cdn('alpha').change(w.change([7]));
    w.clock.run();
    const commands = w.of('trigger.invalidate');
    expect(commands.map((m) => `${m.from}>${m.to}`)).toEqual(['alpha>beta', 'beta>gamma']);
    for (const m of commands) if (m.type === 'trigger.invalidate') expect(m.cdnPath).not.toContain(m.to);
    expect(w.cdn('alpha').applied).toEqual([]);
    expect(w.cdn('gamma').applied).toEqual([[7]]);
    expect(w.cdn('gamma').inv.counts.skippedOnPath).toBe(2);
    expect(w.ledger.arrangements[0].content?.invalidations.acked).toBe(1);
  });

  it('loss of half the messages: every command still ends (complete or failed), none loops', () => {
    let draws = 12345;
    const coin = () => (draws = (draws * 1103515245 + 12345) % 2147483648) / 2147483648 < 0.5;
    const w = world(
      { alpha: true, beta: false, gamma: false, delta: false },
      [
        ['alpha', 'beta'],
        ['alpha', 'gamma'],
        ['beta', 'gamma'],
        ['gamma', 'delta'],
        ['delta', 'beta'],
      ],
      coin,
    );
    for (let k = 0; k < 5; k++)
      w.clock.scheduleAt(
        k,
        callbackHandler(() => w.cdn('alpha').change(w.change([k]))),
      );
    w.clock.run();
    for (const a of w.ledger.arrangements) {
      const c = a.content?.invalidations;
      if (c && c.sent > 0) expect(c.acked + c.failed).toBe(c.sent);
    }
    for (const m of w.of('trigger.invalidate')) if (m.type === 'trigger.invalidate') expect(m.cdnPath).not.toContain(m.to);
    expect(w.cdn('alpha').applied).toEqual([]);
  });
});

describe('any topology, any loss (property, fast-check with a fixed seed)', () => {
  const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
  const topology = fc.integer({ min: 2, max: 6 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      edges: fc.uniqueArray(
        fc.tuple(fc.nat(n - 1), fc.nat(n - 1)).filter(([x, y]) => x !== y),
        { maxLength: n * (n - 1), selector: ([x, y]) => `${x}>${y}` },
      ),
      loss: fc.double({ min: 0, max: 0.7, noNaN: true }),
      seed: fc.integer({ min: 1, max: 1e6 }),
    }),
  );

  it('no command goes to a CDN on its path, every command ends, and with no loss every CDN reachable from the origin applies the change', () => {
    fc.assert(
      fc.property(topology, ({ n, edges, loss, seed }) => {
        let draws = seed;
        const coin = () => (draws = (draws * 1103515245 + 12345) % 2147483648) / 2147483648 < loss;
        const contracted = Object.fromEntries(ids.slice(0, n).map((id, i) => [id, i === 0]));
        const w = world(
          contracted,
          edges.map(([x, y]) => [ids[x], ids[y]] as [string, string]),
          coin,
        );
        w.cdn('a').change(w.change([1]));
        w.clock.run();
        for (const m of w.of('trigger.invalidate')) {
          if (m.type !== 'trigger.invalidate') continue;
          expect(m.cdnPath).not.toContain(m.to);
          expect(new Set(m.cdnPath).size).toBe(m.cdnPath.length);
        }
        for (const r of w.ledger.arrangements) {
          const c = r.content?.invalidations;
          if (c) expect(c.acked + c.failed).toBe(c.sent);
        }
        if (loss > 0) return;
        // reachable from a over arrangement edges: each applies the change, and a's commands all complete
        const reach = new Set(['a']);
        for (let grew = true; grew; ) {
          grew = false;
          for (const [x, y] of edges) if (reach.has(ids[x]) && !reach.has(ids[y]) && (grew = true)) reach.add(ids[y]);
        }
        for (const id of reach) if (id !== 'a') expect(w.cdn(id).applied.length).toBeGreaterThan(0);
        for (const r of w.ledger.arrangements) if (r.primary === 'a' && r.content) expect(r.content.invalidations.failed).toBe(0);
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});
