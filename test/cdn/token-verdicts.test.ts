// Rule checked: the per-request verdict table of token states (built once at start) says exactly what
// RFC 9246's claim rules (cdni/uri-signing/claims.ts checkClaims) say of each state's token record: a
// valid token passes (code 200), an expired one is refused as `expired` (404), a not-yet-valid one as
// `not-yet-valid` (405); a forged one fails its signature before its claims are read (400); a missing
// one is refused with no verification performed (0). And the token draws use their own stream only
// when a workload declares a mix, with the declared shares.
import { describe, expect, it } from 'vitest';
import { checkClaims, CLAIM_REFUSAL_CODES } from '../../cdni/uri-signing/claims.js';
import {
  buildVerdictTable,
  judgeToken,
  REFUSED_NONE,
  REFUSED_TOKEN_EXPIRED,
  REFUSED_TOKEN_FORGED,
  REFUSED_TOKEN_MISSING,
  SAMPLE_REQUEST,
  tokenRecords,
  TOKEN_EXPIRED,
  TOKEN_FORGED,
  TOKEN_MISSING,
  TOKEN_VALID,
} from '../../cdn/metadata/token-verdicts.js';
import { TokenDraws } from '../../cdn/metadata/token-draws.js';
import { createStreams } from '../../core/random.js';

const request = { uri: SAMPLE_REQUEST.uri, nowS: SAMPLE_REQUEST.nowS, audiences: ['peer'], issuers: ['primary'] };

describe('token verdict table (RFC 9246 claim rules, evaluated once)', () => {
  it('agrees with checkClaims for the valid, expired and not-yet-valid records', () => {
    const r = tokenRecords();
    expect(checkClaims(r.valid.claims, request)).toEqual({ ok: true });
    const expired = checkClaims(r.expired.claims, request);
    expect(expired.ok === false && expired.reason).toBe('expired');
    const early = checkClaims(r.notYetValid.claims, request);
    expect(early.ok === false && early.reason).toBe('not-yet-valid');
    expect(judgeToken(r.valid)).toMatchObject({ refused: REFUSED_NONE, code: 200 });
    expect(judgeToken(r.expired)).toMatchObject({ refused: REFUSED_TOKEN_EXPIRED, code: CLAIM_REFUSAL_CODES.expired });
    expect(judgeToken(r.notYetValid).code).toBe(CLAIM_REFUSAL_CODES['not-yet-valid']);
  });

  it('a forged token (bad signature) is refused whatever its claims; a missing one without verification', () => {
    const r = tokenRecords();
    expect(checkClaims(r.forged.claims, request).ok).toBe(true);
    expect(judgeToken(r.forged)).toMatchObject({ refused: REFUSED_TOKEN_FORGED, code: 400 });
    expect(judgeToken(null)).toMatchObject({ refused: REFUSED_TOKEN_MISSING, code: 0 });
  });

  it('the table built at start has the verdict of each state', () => {
    const t = buildVerdictTable();
    expect([TOKEN_VALID, TOKEN_MISSING, TOKEN_EXPIRED, TOKEN_FORGED].map((s) => [t.refused[s], t.code[s]])).toEqual([
      [REFUSED_NONE, 200],
      [REFUSED_TOKEN_MISSING, 0],
      [REFUSED_TOKEN_EXPIRED, 404],
      [REFUSED_TOKEN_FORGED, 400],
    ]);
  });

  it('the exp boundary is exact: exp = now is expired, exp = now + 1 is not (no leeway)', () => {
    const base = tokenRecords().valid;
    const at = (exp: number) => judgeToken({ ...base, claims: { ...base.claims, exp } }).refused;
    expect(at(SAMPLE_REQUEST.nowS)).toBe(REFUSED_TOKEN_EXPIRED);
    expect(at(SAMPLE_REQUEST.nowS + 1)).toBe(REFUSED_NONE);
  });
});

describe('token draws', () => {
  it('draws nothing for a workload without a mix (its other streams do not shift)', () => {
    const streams = createStreams(7);
    const draws = new TokenDraws([{ region: 'r', cdn: 'a' }], streams);
    expect(draws.any).toBe(false);
    expect(draws.draw(0)).toBe(TOKEN_VALID);
  });

  it('draws each state with its declared share (100,000 draws; 4.5σ binomial tolerance)', () => {
    const n = 100_000;
    const mix = { missing: 0.01, expired: 0.02, forged: 0.005 };
    const draws = new TokenDraws([{ region: 'r', cdn: 'a', tokens: mix }], createStreams(3));
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) counts[draws.draw(0)]++;
    const check = (state: number, p: number) => expect(Math.abs(counts[state] - n * p)).toBeLessThan(4.5 * Math.sqrt(n * p * (1 - p)));
    check(TOKEN_MISSING, mix.missing);
    check(TOKEN_EXPIRED, mix.expired);
    check(TOKEN_FORGED, mix.forged);
  });
});
