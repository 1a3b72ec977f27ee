// Reconciliation of a peer's reported deliveries against the primary's ledger: spoofed, duplicated and
// over-reported records, non-enforcing peers caught, honest peers never flagged (fixed-seed random runs),
// also end to end through the log file text.
import { describe, it, expect } from 'vitest';
import { DeliveryBatch, SEQ_UNPARSABLE, batchFromLogFile, batchToLogFile } from '../../cdni/logging/delivery-batch.js';
import { parseLogFile, writeLogFile } from '../../cdni/logging/log-file.js';
import { SeqBitset, TOKEN_EXPIRED, TOKEN_FORGED, TOKEN_MISSING, TOKEN_VALID, judgeEnforcement, reconcile } from '../../cdni/logging/reconcile.js';
import type { Ledger } from '../../cdni/logging/reconcile.js';

const CONTEXT = { epochUtcS: 1_735_689_600, host: 'ucdn.example', groupNames: ['FR', 'DE', 'CN', 'US'] };
const BLOCKED_REGION = 2;

/** mulberry32: a small seeded generator, so every run sees the same "random" requests */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What the primary issued: per seq the token the user will present and the client's region. */
function issue(n: number, seed: number, badTokenRate = 0.05, blockedRate = 0.05): { tokens: Uint8Array; regions: Uint16Array } {
  const r = rng(seed);
  const tokens = new Uint8Array(n);
  const regions = new Uint16Array(n);
  for (let s = 0; s < n; s++) {
    tokens[s] = r() < badTokenRate ? 1 + Math.floor(r() * 3) : TOKEN_VALID;
    regions[s] = r() < blockedRate ? BLOCKED_REGION : [0, 1, 3][Math.floor(r() * 3)];
  }
  return { tokens, regions };
}

function ledgerOf(issued: { tokens: Uint8Array }, reported = new SeqBitset()): Ledger {
  return { issued: issued.tokens.length, tokenState: (s) => issued.tokens[s], regionAllowed: (g) => g !== BLOCKED_REGION, reported };
}

/** A peer delivering seqs [from, to): enforcing returns 403 for bad tokens and blocked regions; a lax one serves everything. */
function peerWindow(w: { tokens: Uint8Array; regions: Uint16Array }, from: number, to: number, enforcing: boolean): DeliveryBatch {
  const b = new DeliveryBatch(CONTEXT);
  for (let s = from; s < to; s++) {
    const badToken = w.tokens[s] !== TOKEN_VALID;
    const refuse = enforcing && (badToken || w.regions[s] === BLOCKED_REGION);
    const signing = !badToken ? 200 : w.tokens[s] === TOKEN_EXPIRED ? 404 : 400;
    b.push(s, s % 97, s * 0.01, 0.05, refuse ? 403 : 200, refuse ? 300 : 10_000 + (s % 13), s % 2, w.regions[s], enforcing ? signing : 0);
  }
  return b;
}

describe('reconcile', () => {
  it('an honest peer: every record matched, refusals not billed, bytes of legitimate deliveries only', () => {
    const w = issue(1000, 1);
    const batch = peerWindow(w, 0, 1000, true);
    const r = reconcile(batch, ledgerOf(w));
    let legit = 0;
    let bytes = 0;
    for (let s = 0; s < 1000; s++) {
      if (w.tokens[s] === TOKEN_VALID && w.regions[s] !== BLOCKED_REGION) {
        legit++;
        bytes += 10_000 + (s % 13);
      }
    }
    expect(r).toMatchObject({
      reported: 1000,
      matched: 1000,
      spoofed: 0,
      duplicated: 0,
      deliveredWithBadToken: 0,
      deliveredIntoBlockedRegion: 0,
      reconciledServed: legit,
      reconciledBytes: bytes,
      notServed: 1000 - legit,
    });
    expect(legit).toBeGreaterThan(800);
    expect(legit).toBeLessThan(1000);
    expect(judgeEnforcement(r).notEnforcing).toBe(false);
  });

  it('spoofed records: seq never issued, a negative or fractional seq, an unparsable rid', () => {
    const w = issue(100, 2, 0, 0);
    const batch = peerWindow(w, 90, 100, true);
    batch.push(100, 1, 1, 1, 200, 5, 1, 0, 200); // the next seq, not issued yet
    batch.push(5_000_000, 1, 1, 1, 200, 5, 1, 0, 200);
    batch.push(SEQ_UNPARSABLE, 1, 1, 1, 200, 5, 1, 0, 200);
    batch.push(2.5, 1, 1, 1, 200, 5, 1, 0, 200);
    const r = reconcile(batch, ledgerOf(w));
    expect(r).toMatchObject({ reported: 14, matched: 10, spoofed: 4, reconciledServed: 10 });
    expect(r.offenders.spoofed).toEqual([100, 5_000_000, -1, 2.5]);
  });

  it('duplicates within a window and across windows; over-reporting shows as duplicates and spoofs, never as extra bytes', () => {
    const w = issue(200, 3, 0, 0);
    const ledger = ledgerOf(w);
    const first = reconcile(peerWindow(w, 0, 100, true), ledger);
    expect(first).toMatchObject({ matched: 100, duplicated: 0 });
    // window 2 reports 100..199, re-reports 50..59 from window 1, and repeats 150 twice more
    const second = peerWindow(w, 100, 200, true);
    for (let s = 50; s < 60; s++) second.push(s, 0, 1, 1, 200, 10_000, 1, 0, 200);
    second.push(150, 0, 1, 1, 200, 10_000, 1, 0, 200);
    second.push(150, 0, 1, 1, 200, 10_000, 1, 0, 200);
    const r = reconcile(second, ledger);
    expect(r).toMatchObject({ reported: 112, matched: 100, duplicated: 12, spoofed: 0, reconciledServed: 100 });
    expect(r.offenders.duplicated).toEqual([50, 51, 52, 53, 54, 55, 56, 57]);
    expect(ledger.reported.size).toBe(200);
    // a peer claiming more deliveries than the primary ever redirected cannot get more than `issued` matched
    const over = peerWindow(w, 0, 200, true);
    const fresh = reconcile(over, ledgerOf(issue(150, 3, 0, 0)));
    expect(fresh).toMatchObject({ reported: 200, matched: 150, spoofed: 50 });
  });

  it('a peer that does not enforce signing or geo-blocking is detected, with the offending seqs', () => {
    const w = issue(2000, 4, 0.01, 0.01);
    const r = reconcile(peerWindow(w, 0, 2000, false), ledgerOf(w));
    const bad = [...w.tokens].filter((t) => t !== TOKEN_VALID).length;
    const blocked = [...w.regions].filter((g) => g === BLOCKED_REGION).length;
    expect(bad).toBeGreaterThan(0);
    expect(r.deliveredWithBadToken).toBe(bad);
    expect(r.deliveredIntoBlockedRegion).toBe(blocked);
    expect(r.offenders.badToken.every((s) => w.tokens[s] !== TOKEN_VALID)).toBe(true);
    expect(r.offenders.blockedRegion.every((s) => w.regions[s] === BLOCKED_REGION)).toBe(true);
    const legit = [...w.tokens].filter((t, s) => t === TOKEN_VALID && w.regions[s] !== BLOCKED_REGION).length;
    expect([r.matched, r.reconciledServed, r.notServed]).toEqual([2000, legit, 0]);
    const verdict = judgeEnforcement(r);
    expect(verdict).toMatchObject({ notEnforcing: true, signing: true, geo: true });
    expect(verdict.explanation).toBe(
      `${bad} 2xx deliveries with a missing, expired or forged token; ${blocked} 2xx deliveries into regions the metadata denies (tolerance 0): not enforcing URI signing and geo-blocking`,
    );
    // with a tolerance above the counts, the same evidence is not enough
    expect(judgeEnforcement(r, Math.max(bad, blocked)).notEnforcing).toBe(false);
    expect(judgeEnforcement({ deliveredWithBadToken: 3, deliveredIntoBlockedRegion: 0 }, 2)).toMatchObject({ notEnforcing: true, signing: true, geo: false });
  });

  it('fixed-seed random runs: honest peers are never flagged, lax ones always are', () => {
    for (let seed = 10; seed < 40; seed++) {
      const w = issue(500, seed, 0.02, 0.02);
      const honest = reconcile(peerWindow(w, 0, 500, true), ledgerOf(w));
      expect(judgeEnforcement(honest).notEnforcing, `seed ${seed}`).toBe(false);
      expect(honest.matched).toBe(500);
      const lax = reconcile(peerWindow(w, 0, 500, false), ledgerOf(w));
      const anyBad = w.tokens.some((t) => t !== TOKEN_VALID) || w.regions.some((g) => g === BLOCKED_REGION);
      expect(judgeEnforcement(lax).notEnforcing, `seed ${seed}`).toBe(anyBad);
    }
  });

  it('end to end through the log file: the peer writes, the primary parses, hash-checks and reconciles', () => {
    const w = issue(300, 5, 0.05, 0);
    const honest = peerWindow(w, 0, 300, true);
    const text = batchToLogFile(honest, { uuid: 'urn:uuid:00000000-0000-4000-8000-0000000000aa', claimedOrigin: 'logs.peer.example' });
    const r = reconcile(batchFromLogFile(parseLogFile(text, 'peer-w1.log', { requireHash: true }), CONTEXT), ledgerOf(w));
    expect(r).toMatchObject({ matched: 300, spoofed: 0, deliveredWithBadToken: 0 });
    // a peer injecting records into its own (correctly hashed) file: garbage rid, a seq never issued
    const rec = (uri: string) => ['2025-01-01', '00:00:01.000', '0.100', 'FR', 'GET', uri, 'HTTP/1.1', '200', '999999', '1', '200', null];
    const fields = [
      'date',
      'time',
      'time-taken',
      'c-groupid',
      'cs-method',
      'u-uri',
      'protocol',
      'sc-status',
      'sc-total-bytes',
      's-cached',
      's-uri-signing',
      's-uri-signing-deny-reason',
    ];
    const forged = writeLogFile({
      uuid: 'urn:uuid:00000000-0000-4000-8000-0000000000ab',
      groups: [
        {
          recordType: 'cdni_http_request_v2',
          fields,
          records: [rec('https://ucdn.example/o/1?rid=abc'), rec('https://ucdn.example/o/1?rid=300'), rec('https://ucdn.example/o/1?rid=7')],
        },
      ],
    });
    const r2 = reconcile(batchFromLogFile(parseLogFile(forged, 'peer-w2.log', { requireHash: true }), CONTEXT), ledgerOf(w, new SeqBitset()));
    expect(r2).toMatchObject({ reported: 3, spoofed: 2, matched: 1 });
    expect(r2.offenders.spoofed).toEqual([SEQ_UNPARSABLE, 300]);
    expect(r2.reconciledBytes).toBe(w.tokens[7] === TOKEN_VALID ? 999999 : 0);
  });
});

describe('SeqBitset', () => {
  it('adds, detects repeats, grows past its first words, clears', () => {
    const s = new SeqBitset();
    expect([s.add(0), s.add(31), s.add(32), s.add(0)]).toEqual([true, true, true, false]);
    expect(s.add(1_000_000)).toBe(true);
    expect(s.add(40_000_005)).toBe(true);
    expect([s.has(5), s.has(1_000_000), s.has(40_000_005), s.has(-1), s.size]).toEqual([false, true, true, false, 5]);
    s.clear();
    expect([s.has(31), s.size]).toEqual([false, 0]);
  });

  it('the token states are the four the ledger distinguishes', () => {
    expect([TOKEN_VALID, TOKEN_MISSING, TOKEN_EXPIRED, TOKEN_FORGED]).toEqual([0, 1, 2, 3]);
  });
});
