// The claim rules of RFC 9246 URI signing over an already-decoded (and, for cdniip/sub, already
// decrypted) token record, and Signed Token Renewal. Pure, synchronous and free of cryptography other
// than node:crypto's SHA-256 for `hash:` containers: the simulator applies the same rules to token
// records that were never signed. Depends on node built-ins and its own files only (no JOSE library).
import { BlockList, isIP } from 'node:net';
import { matchUriContainer } from './uri-container.js';
import { normalizeUri } from './uri-normalize.js';

/** Why a token's claims are refused; each has an RFC 9246 §6.4 verification code (see CLAIM_REFUSAL_CODES). */
export type ClaimRefusal =
  | 'malformed-claim'
  | 'issuer'
  | 'audience'
  | 'expired'
  | 'not-yet-valid'
  | 'renewal-claims'
  | 'jti'
  | 'version'
  | 'critical-claim'
  | 'client-ip'
  | 'uri-mismatch'
  | 'uri-malformed';

export type ClaimVerdict = { ok: true } | { ok: false; reason: ClaimRefusal; claim?: string; detail: string };

/** RFC 9246 §6.4 "CDNI URI Signing Verification Code" of each refusal (the s-uri-signing log field). */
export const CLAIM_REFUSAL_CODES: Record<ClaimRefusal, number> = {
  'malformed-claim': 400,
  issuer: 401,
  audience: 403,
  expired: 404,
  'not-yet-valid': 405,
  'renewal-claims': 406,
  jti: 407,
  version: 408,
  'critical-claim': 409,
  'client-ip': 410,
  'uri-mismatch': 411,
  'uri-malformed': 500,
};

/** The claims RFC 7519 and RFC 9246 define (a cdnicrit list must not name them, RFC 9246 §2.1.9). */
export const DEFINED_CLAIMS = [
  'iss',
  'sub',
  'aud',
  'exp',
  'nbf',
  'iat',
  'jti',
  'cdniv',
  'cdnicrit',
  'cdniip',
  'cdniuc',
  'cdniets',
  'cdnistt',
  'cdnistd',
] as const;

export type TokenClaims = Readonly<Record<string, unknown>>;

export interface ClaimRequest {
  /** the request URI with the URI Signing Package removed (it is normalized here) */
  uri: string;
  /** NumericDate seconds of the request */
  nowS: number;
  /** the client's address (checked when the token has cdniip) */
  clientIp?: string;
  /** identities this CDN accepts in `aud`; a token with `aud` needs one of them */
  audiences?: readonly string[];
  /** accepted issuers; empty or absent: any (RFC 9246 §4.4 `issuers`) */
  issuers?: readonly string[];
  /** extension claims this verifier understands and processes (the only ones cdnicrit may list) */
  understoodCriticalClaims?: readonly string[];
  /** replay store: false when this jti was seen before. Absent: jti is unsupported and a token carrying one is refused (§2.1.7) */
  isJtiFresh?: (jti: string) => boolean;
  /** base64url SHA-256 of the normalized URI, when the caller has it already */
  uriSha256?: string;
}

const refuse = (reason: ClaimRefusal, detail: string, claim?: string): ClaimVerdict => ({ ok: false, reason, detail, ...(claim ? { claim } : {}) });
const OK: ClaimVerdict = { ok: true };

function describe(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

const isNumericDate = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const isNonNegativeInteger = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
const isStringArray = (v: unknown) => Array.isArray(v) && v.every((item) => typeof item === 'string');

const SHAPES: readonly (readonly [string, string, (v: unknown) => boolean])[] = [
  ['iss', 'a string', (v) => typeof v === 'string'],
  ['sub', 'a string', (v) => typeof v === 'string'],
  ['aud', 'a string or an array of strings', (v) => typeof v === 'string' || isStringArray(v)],
  ['exp', 'a NumericDate (a finite JSON number)', isNumericDate],
  ['nbf', 'a NumericDate (a finite JSON number)', isNumericDate],
  ['iat', 'a NumericDate (a finite JSON number)', isNumericDate],
  ['jti', 'a string', (v) => typeof v === 'string'],
  ['cdniv', 'a JSON integer', Number.isInteger],
  ['cdnicrit', 'a comma-separated string of claim names (or an array of them)', (v) => typeof v === 'string' || isStringArray(v)],
  ['cdniip', 'a string (an IP address or CIDR prefix once decrypted)', (v) => typeof v === 'string'],
  ['cdniuc', 'a string ("hash:…" or "regex:…")', (v) => typeof v === 'string'],
  ['cdniets', 'a non-negative finite JSON number (seconds)', (v) => isNumericDate(v) && (v as number) >= 0],
  ['cdnistt', 'a JSON integer 0, 1 or 2 (RFC 9246 §6.5)', (v) => v === 0 || v === 1 || v === 2],
  ['cdnistd', 'a non-negative JSON integer', isNonNegativeInteger],
];

/** The first claim with the wrong JSON type or value range, or a missing cdniuc: its name, what was expected and what was found. */
export function claimShapeIssue(claims: TokenClaims): { claim: string; expected: string; found: string } | null {
  for (const [name, expected, valid] of SHAPES) {
    if (Object.hasOwn(claims, name) && !valid(claims[name])) return { claim: name, expected, found: describe(claims[name]) };
  }
  if (!Object.hasOwn(claims, 'cdniuc')) return { claim: 'cdniuc', expected: 'the mandatory URI Container claim (RFC 9246 §2.1.11)', found: 'nothing' };
  return null;
}

/** claimShapeIssue as a refusal; null when every claim is well-formed. */
export function findMalformedClaim(claims: TokenClaims): ClaimVerdict | null {
  const issue = claimShapeIssue(claims);
  return issue && refuse('malformed-claim', `${issue.claim}: expected ${issue.expected}, found ${issue.found}`, issue.claim);
}

function checkCriticalClaims(claims: TokenClaims, understood: readonly string[]): ClaimVerdict {
  if (!Object.hasOwn(claims, 'cdnicrit')) return OK;
  const raw = claims.cdnicrit as string | string[];
  const names = typeof raw === 'string' ? raw.split(',').map((n) => n.trim()) : raw;
  const problem = (detail: string) => refuse('critical-claim', `cdnicrit: ${detail}`, 'cdnicrit');
  if (names.length === 0 || names.includes('')) return problem('an empty list or an empty name');
  if (new Set(names).size !== names.length) return problem('a claim name listed twice');
  for (const name of names) {
    if ((DEFINED_CLAIMS as readonly string[]).includes(name)) return problem(`"${name}" is defined by RFC 9246 itself and must not be listed`);
    if (!Object.hasOwn(claims, name)) return problem(`"${name}" is not a claim of this token`);
    if (!understood.includes(name)) return problem(`"${name}" is an extension this verifier does not understand`);
  }
  return OK;
}

function checkIssuerAndAudience(claims: TokenClaims, request: ClaimRequest): ClaimVerdict {
  const issuers = request.issuers ?? [];
  if (issuers.length > 0 && !issuers.includes(claims.iss as string)) {
    return refuse('issuer', `iss ${describe(claims.iss)} is not one of the accepted issuers`, 'iss');
  }
  if (!Object.hasOwn(claims, 'aud')) return OK;
  const audiences = typeof claims.aud === 'string' ? [claims.aud] : (claims.aud as string[]);
  const mine = request.audiences ?? [];
  if (!audiences.some((a) => mine.includes(a)))
    return refuse('audience', `aud ${describe(claims.aud)} names none of this CDN's identities ${describe(mine)}`, 'aud');
  return OK;
}

/** RFC 9246 §2.1.4/2.1.5, no leeway: refused when exp ≤ now or nbf > now. */
function checkTimes(claims: TokenClaims, nowS: number): ClaimVerdict {
  if (Object.hasOwn(claims, 'exp') && (claims.exp as number) <= nowS) return refuse('expired', `exp ${claims.exp} is not after now ${nowS}`, 'exp');
  if (Object.hasOwn(claims, 'nbf') && (claims.nbf as number) > nowS) return refuse('not-yet-valid', `nbf ${claims.nbf} is after now ${nowS}`, 'nbf');
  return OK;
}

function checkRenewalPair(claims: TokenClaims): ClaimVerdict {
  const hasTransport = Object.hasOwn(claims, 'cdnistt');
  if (hasTransport === Object.hasOwn(claims, 'cdniets')) return OK;
  return refuse('renewal-claims', 'cdnistt and cdniets come together or not at all (RFC 9246 §3.2.1)', hasTransport ? 'cdniets' : 'cdnistt');
}

/** `[2001:db8::1/32]`, `2001:db8::1/32`, `192.0.2.7`, `[::1]` ⇒ address and prefix length; null when not an address. */
export function parseIpPrefix(text: string): { address: string; family: 'ipv4' | 'ipv6'; prefix: number } | null {
  const unbracketed = text.trim().replace(/^\[(.*)\]$/, '$1');
  const [rawAddress, rawPrefix, ...rest] = unbracketed.split('/');
  const address = rawAddress.replace(/^\[(.*)\]$/, '$1');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return null;
  const bits = version === 4 ? 32 : 128;
  const prefix = rawPrefix === undefined ? bits : /^\d{1,3}$/.test(rawPrefix) ? Number(rawPrefix) : NaN;
  if (!(prefix >= 0 && prefix <= bits)) return null;
  return { address, family: version === 4 ? 'ipv4' : 'ipv6', prefix };
}

function checkClientIp(claims: TokenClaims, clientIp: string | undefined): ClaimVerdict {
  if (!Object.hasOwn(claims, 'cdniip')) return OK;
  const range = parseIpPrefix(claims.cdniip as string);
  if (range === null) return refuse('malformed-claim', `cdniip: expected an IP address or CIDR prefix (decrypted), found ${describe(claims.cdniip)}`, 'cdniip');
  const client = clientIp === undefined ? null : parseIpPrefix(clientIp);
  if (client === null) return refuse('client-ip', `cdniip is set but the client address ${describe(clientIp)} is missing or not an address`, 'cdniip');
  const allowed = new BlockList();
  allowed.addSubnet(range.address, range.prefix, range.family);
  if (client.family !== range.family || !allowed.check(client.address, client.family)) {
    return refuse('client-ip', `client ${client.address} is outside ${range.address}/${range.prefix}`, 'cdniip');
  }
  return OK;
}

function checkUri(claims: TokenClaims, request: ClaimRequest): ClaimVerdict {
  const normalized = normalizeUri(request.uri);
  if (!normalized.ok) return refuse('uri-malformed', `request URI: ${normalized.error}`);
  const match = matchUriContainer(claims.cdniuc as string, normalized.uri, request.uriSha256);
  if (!match.ok) return refuse('malformed-claim', `cdniuc: ${match.error}`, 'cdniuc');
  return match.matches ? OK : refuse('uri-mismatch', `cdniuc ${describe(claims.cdniuc)} does not match ${normalized.uri}`, 'cdniuc');
}

function checkJti(claims: TokenClaims, isJtiFresh: ClaimRequest['isJtiFresh']): ClaimVerdict {
  if (!Object.hasOwn(claims, 'jti')) return OK;
  if (isJtiFresh === undefined) return refuse('jti', 'jti is set and this verifier keeps no replay store (RFC 9246 §2.1.7)', 'jti');
  return isJtiFresh(claims.jti as string) ? OK : refuse('jti', `jti ${describe(claims.jti)} was used before`, 'jti');
}

/**
 * Applies every RFC 9246 claim rule to a decoded token record and a request; the first rule broken
 * is the verdict. The URI container is matched last but one (it may be a regular expression), and the
 * replay store is asked last, so it only hears of otherwise valid tokens.
 */
export function checkClaims(claims: TokenClaims, request: ClaimRequest): ClaimVerdict {
  const shape = findMalformedClaim(claims);
  if (shape) return shape;
  if (Object.hasOwn(claims, 'cdniv') && claims.cdniv !== 1)
    return refuse('version', `cdniv ${claims.cdniv} is not 1 (the only version, RFC 9246 §2.1.8)`, 'cdniv');
  const rules: (() => ClaimVerdict)[] = [
    () => checkCriticalClaims(claims, request.understoodCriticalClaims ?? []),
    () => checkIssuerAndAudience(claims, request),
    () => checkTimes(claims, request.nowS),
    () => checkRenewalPair(claims),
    () => checkClientIp(claims, request.clientIp),
    () => checkUri(claims, request),
    () => checkJti(claims, request.isJtiFresh),
  ];
  for (const rule of rules) {
    const verdict = rule();
    if (!verdict.ok) return verdict;
  }
  return OK;
}

export type RenewalTransport = 'cookie' | 'query';

export type RenewalPlan =
  | { ok: true; transport: RenewalTransport; claims: Record<string, unknown>; scopePath: string }
  | { ok: false; reason: 'not-requested' | 'renewal-claims' | 'path-too-short' | 'uri-malformed'; detail: string };

/** RFC 9246 §6.5: the transport each cdnistt value designates (0: renewal not enabled). */
export const SIGNED_TOKEN_TRANSPORTS: Record<number, RenewalTransport | null> = { 0: null, 1: 'cookie', 2: 'query' };

type RenewalRefusal = Extract<RenewalPlan, { ok: false }>;

/** The path the renewed token covers: the first cdnistd segments of the URI's path (0: any path, "/"). */
function scopePath(uri: string | undefined, depth: number): RenewalRefusal | { ok: true; path: string } {
  if (depth === 0) return { ok: true, path: '/' };
  if (uri === undefined) return { ok: false, reason: 'uri-malformed', detail: `cdnistd ${depth} needs the request URI` };
  const normalized = normalizeUri(uri);
  if (!normalized.ok) return { ok: false, reason: 'uri-malformed', detail: normalized.error };
  const segments = normalized.path.split('/').slice(1);
  if (segments.length < depth) {
    return { ok: false, reason: 'path-too-short', detail: `cdnistd ${depth} exceeds the ${segments.length} path segments of ${normalized.uri}` };
  }
  return { ok: true, path: `/${segments.slice(0, depth).join('/')}` };
}

/**
 * Signed Token Renewal (RFC 9246 §3): the next token's claims — exp = nowS + cdniets, iat = nowS when
 * the token had one, everything else unchanged — and how to send it per cdnistt. `uri` (token
 * removed) is needed when cdnistd > 0. Call it only for a token that verified at nowS.
 */
export function renew(claims: TokenClaims, nowS: number, uri?: string): RenewalPlan {
  const hasTransport = Object.hasOwn(claims, 'cdnistt');
  if (!hasTransport && !Object.hasOwn(claims, 'cdniets')) return { ok: false, reason: 'not-requested', detail: 'the token has neither cdnistt nor cdniets' };
  const shape = findMalformedClaim(claims) ?? checkRenewalPair(claims);
  if (!shape.ok) return { ok: false, reason: 'renewal-claims', detail: shape.detail };
  const transport = SIGNED_TOKEN_TRANSPORTS[claims.cdnistt as number];
  if (transport === null) return { ok: false, reason: 'not-requested', detail: 'cdnistt 0: signed token transport is not enabled' };
  const depth = (claims.cdnistd as number | undefined) ?? 0;
  const scope = scopePath(uri, depth);
  if (!scope.ok) return scope;
  const next: Record<string, unknown> = { ...claims, exp: nowS + (claims.cdniets as number) };
  if (Object.hasOwn(claims, 'iat')) next.iat = nowS;
  return { ok: true, transport, claims: next, scopePath: scope.path };
}
