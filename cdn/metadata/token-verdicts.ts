// The verdict of each token state a request can carry, decided once at start by applying RFC 9246's
// claim rules (cdni/uri-signing/claims.ts) to a token record per state — so the hot path reads one
// table entry instead of verifying anything. A forged token is one whose signature does not verify:
// it is refused before its claims are read (RFC 9246 §4.2 step 4). Must not depend on agents,
// policies or reports; no cryptography per request.
import { checkClaims, CLAIM_REFUSAL_CODES, type ClaimVerdict, type TokenClaims } from '../../cdni/uri-signing/claims.js';
import { TOKEN_EXPIRED, TOKEN_FORGED, TOKEN_MISSING, TOKEN_VALID } from '../../cdni/logging/reconcile.js';

export { TOKEN_EXPIRED, TOKEN_FORGED, TOKEN_MISSING, TOKEN_VALID };

/** why the peer refused a request by the metadata (0: it did not) */
export const REFUSED_NONE = 0;
export const REFUSED_GEO = 1;
export const REFUSED_TIME = 2;
export const REFUSED_TOKEN_MISSING = 3;
export const REFUSED_TOKEN_EXPIRED = 4;
export const REFUSED_TOKEN_FORGED = 5;
/** the causes by code (index 0 unused), as the report names them */
export const REFUSAL_CAUSES = ['none', 'geo', 'time', 'tokenMissing', 'tokenExpired', 'tokenForged'] as const;

/** the RFC 9246 §6.4 verification code for a bad signature (the s-uri-signing log field) */
export const SIGNATURE_REFUSAL_CODE = 400;
export const VERIFIED_CODE = 200;
export const NOT_VERIFIED_CODE = 0;

/** a decoded token record: its claims, and whether its signature verified with the issuer's key */
export interface TokenRecord {
  claims: TokenClaims;
  signatureValid: boolean;
}

/** the request every record is judged against: a URI the primary signs, at run time `nowS` */
export const SAMPLE_REQUEST = { uri: 'https://content.example/o/1', nowS: 1_767_225_600 } as const;
const ISSUER = 'primary';
const AUDIENCE = 'peer';
const CONTAINER = 'regex:^https://content\\.example/o/[0-9]+$';

/** the token record of each state (TOKEN_MISSING has none), relative to SAMPLE_REQUEST.nowS */
export function tokenRecords(nowS = SAMPLE_REQUEST.nowS): { valid: TokenRecord; expired: TokenRecord; notYetValid: TokenRecord; forged: TokenRecord } {
  const base = { iss: ISSUER, aud: AUDIENCE, cdniv: 1, cdniuc: CONTAINER, iat: nowS - 60 };
  return {
    valid: { claims: { ...base, exp: nowS + 3600 }, signatureValid: true },
    expired: { claims: { ...base, exp: nowS - 1 }, signatureValid: true },
    notYetValid: { claims: { ...base, exp: nowS + 3600, nbf: nowS + 60 }, signatureValid: true },
    forged: { claims: { ...base, exp: nowS + 3600 }, signatureValid: false },
  };
}

/** The verdict on one token record (null: no token) — what a verifying peer decides for it. */
export function judgeToken(record: TokenRecord | null, nowS = SAMPLE_REQUEST.nowS): { refused: number; code: number; verdict: ClaimVerdict | null } {
  if (record === null) return { refused: REFUSED_TOKEN_MISSING, code: NOT_VERIFIED_CODE, verdict: null };
  if (!record.signatureValid) return { refused: REFUSED_TOKEN_FORGED, code: SIGNATURE_REFUSAL_CODE, verdict: null };
  const verdict = checkClaims(record.claims, { uri: SAMPLE_REQUEST.uri, nowS, audiences: [AUDIENCE], issuers: [ISSUER] });
  if (verdict.ok) return { refused: REFUSED_NONE, code: VERIFIED_CODE, verdict };
  const refused = verdict.reason === 'expired' ? REFUSED_TOKEN_EXPIRED : REFUSED_TOKEN_FORGED;
  return { refused, code: CLAIM_REFUSAL_CODES[verdict.reason], verdict };
}

/** Per token state (TOKEN_VALID … TOKEN_FORGED): the refusal cause and the log's verification code. */
export interface VerdictTable {
  refused: Uint8Array;
  code: Uint16Array;
}

/** The verdict table, built once at start with the real claim rules. */
export function buildVerdictTable(): VerdictTable {
  const records = tokenRecords();
  const byState: (TokenRecord | null)[] = [];
  byState[TOKEN_VALID] = records.valid;
  byState[TOKEN_MISSING] = null;
  byState[TOKEN_EXPIRED] = records.expired;
  byState[TOKEN_FORGED] = records.forged;
  const table = { refused: new Uint8Array(byState.length), code: new Uint16Array(byState.length) };
  byState.forEach((record, state) => {
    const { refused, code } = judgeToken(record);
    table.refused[state] = refused;
    table.code[state] = code;
  });
  return table;
}
