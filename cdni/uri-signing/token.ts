// Signed JWTs for RFC 9246 URI signing, with jose: signing (HS256 with a shared oct key, ES256 with an
// EC P-256 key) and verifying a request — find the package (placement.ts), check the JWS signature
// with the issuer's key chosen by `kid`, decrypt the JWE-encrypted cdniip/sub (alg "dir"), then apply
// the claim rules (claims.ts) to the URI without the package. Depends on node built-ins, jose and its
// own files only; never reads the clock (the caller passes nowS).
import { base64url, CompactEncrypt, compactDecrypt, compactVerify, CompactSign, importJWK, type JWK } from 'jose';
import { checkClaims, CLAIM_REFUSAL_CODES, type ClaimRefusal, type ClaimRequest, type TokenClaims } from './claims.js';
import { extractToken, type Placement } from './placement.js';

export type SigningAlgorithm = 'HS256' | 'ES256';
export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ['HS256', 'ES256'];

/** Verification keys: one set for every issuer, or (when byIssuer is given) a set per `iss`. */
export interface UriSigningKeys {
  keys?: readonly JWK[];
  byIssuer?: Readonly<Record<string, readonly JWK[]>>;
}

export type TokenRefusal = ClaimRefusal | 'token-missing' | 'token-duplicate' | 'malformed-token' | 'algorithm' | 'unknown-key' | 'signature';

export interface TokenRefused {
  ok: false;
  reason: TokenRefusal;
  /** RFC 9246 §6.4 verification code; null when no verification was performed (no token) */
  code: number | null;
  claim?: string;
  detail: string;
}

export interface TokenChecked {
  ok: true;
  /** the claims, cdniip and sub decrypted */
  claims: Record<string, unknown>;
  kid?: string;
}

export type TokenVerdict = (TokenChecked & { placement: Placement; uriWithoutToken: string }) | TokenRefused;

/** RFC 9246 §6.4 codes for refusals before the claims are read (null: no verification performed). */
const TOKEN_REFUSAL_CODES: Record<Exclude<TokenRefusal, ClaimRefusal>, number | null> = {
  'token-missing': null,
  'token-duplicate': 500,
  'malformed-token': 400,
  algorithm: 400,
  'unknown-key': 400,
  signature: 400,
};

/** At most this many keys are tried for a token without `kid` (each try is a signature check). */
export const MAX_KEYS_TRIED = 32;

const refuse = (reason: TokenRefusal, detail: string, claim?: string): TokenRefused => ({
  ok: false,
  reason,
  code: reason in TOKEN_REFUSAL_CODES ? TOKEN_REFUSAL_CODES[reason as keyof typeof TOKEN_REFUSAL_CODES] : CLAIM_REFUSAL_CODES[reason as ClaimRefusal],
  detail,
  ...(claim ? { claim } : {}),
});

function decodeJsonSegment(segment: string): Record<string, unknown> | null {
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(segment)) return null;
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(base64url.decode(segment)));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Why `jwk` cannot sign or verify with `alg`, or null. */
export function keyProblem(jwk: JWK, alg: SigningAlgorithm, purpose: 'sign' | 'verify'): string | null {
  if (alg === 'HS256') return jwk.kty === 'oct' && typeof jwk.k === 'string' && jwk.k !== '' ? null : 'HS256 needs a symmetric JWK {"kty": "oct", "k": …}';
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string')
    return 'ES256 needs an EC P-256 JWK {"kty": "EC", "crv": "P-256", "x", "y"}';
  return purpose === 'sign' && typeof jwk.d !== 'string' ? 'ES256 signing needs the private key (the JWK member "d")' : null;
}

/** The algorithm a key is for: its `alg`, else HS256 for oct and ES256 for EC keys. */
export function algorithmOfKey(jwk: JWK): string | undefined {
  return jwk.alg ?? (jwk.kty === 'oct' ? 'HS256' : jwk.kty === 'EC' ? 'ES256' : undefined);
}

/** Signs the claims as a compact JWS; the header carries the key's `kid` when it has one. */
export async function signToken(claims: TokenClaims, jwk: JWK, alg: SigningAlgorithm): Promise<string> {
  const problem = keyProblem(jwk, alg, 'sign');
  if (problem) throw new Error(problem);
  const key = await importJWK({ ...jwk, alg, ext: true }, alg);
  const header = { alg, ...(jwk.kid === undefined ? {} : { kid: jwk.kid }) };
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader(header).sign(key);
}

/** The personal claims RFC 9246 wants encrypted as JWE objects (§2.1.2 sub, §2.1.10 cdniip). */
export const PERSONAL_CLAIMS = ['cdniip', 'sub'] as const;

const isJweShaped = (value: unknown) => typeof value === 'string' && value.split('.').length === 5;

/** An oct key usable for "dir" JWE encryption: use "enc" (or no use) and 16, 24 or 32 bytes. */
export function isEncryptionKey(jwk: JWK): boolean {
  return jwk.kty === 'oct' && jwk.use !== 'sig' && typeof jwk.k === 'string' && [16, 24, 32].includes(base64url.decode(jwk.k).length);
}

/** The claims with plain-text cdniip and sub replaced by compact JWEs (alg "dir", AES-GCM by key size, the key's kid). */
export async function encryptPersonalClaims(claims: TokenClaims, jwk: JWK): Promise<Record<string, unknown>> {
  if (!isEncryptionKey(jwk)) throw new Error('JWE "dir" encryption needs an oct key of 16, 24 or 32 bytes');
  const secret = base64url.decode(jwk.k as string);
  const enc = `A${secret.length * 8}GCM`;
  const encrypted: Record<string, unknown> = { ...claims };
  for (const name of PERSONAL_CLAIMS) {
    const value = claims[name];
    if (typeof value !== 'string' || isJweShaped(value)) continue;
    const header = { alg: 'dir', enc, ...(jwk.kid === undefined ? {} : { kid: jwk.kid }) };
    encrypted[name] = await new CompactEncrypt(new TextEncoder().encode(value)).setProtectedHeader(header).encrypt(secret);
  }
  return encrypted;
}

/** The public part of a verification key, so a private JWK in the set verifies too. */
function publicPart(jwk: JWK): JWK {
  return jwk.kty === 'EC' ? { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y } : { kty: 'oct', k: jwk.k };
}

function candidateKeys(keys: readonly JWK[], alg: SigningAlgorithm, kid: unknown): JWK[] {
  const seen = new Set<string>();
  return keys
    .filter((k) => k.use !== 'enc' && (k.alg === undefined || k.alg === alg) && keyProblem(k, alg, 'verify') === null)
    .filter((k) => kid === undefined || k.kid === kid)
    .map(publicPart)
    .filter((k) => !seen.has(JSON.stringify(k)) && Boolean(seen.add(JSON.stringify(k))))
    .slice(0, MAX_KEYS_TRIED);
}

function keysForIssuer(store: UriSigningKeys, iss: unknown): readonly JWK[] | null {
  if (store.byIssuer === undefined) return store.keys ?? [];
  return typeof iss === 'string' && Object.hasOwn(store.byIssuer, iss) ? store.byIssuer[iss] : null;
}

const allKeys = (store: UriSigningKeys): JWK[] => [...(store.keys ?? []), ...Object.values(store.byIssuer ?? {}).flat()];

async function checkSignature(token: string, alg: SigningAlgorithm, candidates: readonly JWK[]): Promise<string | null> {
  let lastError = 'no key';
  for (const jwk of candidates) {
    try {
      await compactVerify(token, await importJWK(jwk, alg), { algorithms: [alg] });
      return null;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
  }
  return `the signature does not verify with ${candidates.length} candidate key(s): ${lastError}`;
}

const CONTENT_ENCRYPTION = ['A128GCM', 'A192GCM', 'A256GCM'];

/** cdniip and sub are JWE objects (RFC 9246 §2.1.2, §2.1.10): decrypted with a "dir" oct key by `kid`; plain strings pass as they are. */
async function decryptPersonalClaims(claims: Record<string, unknown>, store: UriSigningKeys): Promise<TokenRefused | null> {
  for (const name of PERSONAL_CLAIMS) {
    const value = claims[name];
    if (typeof value !== 'string' || !isJweShaped(value)) continue;
    const kid = decodeJsonSegment(value.split('.')[0])?.kid;
    const secrets = allKeys(store).filter((k) => k.kty === 'oct' && k.use !== 'sig' && typeof k.k === 'string' && (kid === undefined || k.kid === kid));
    let plaintext: string | null = null;
    for (const secret of secrets) {
      try {
        const options = { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: CONTENT_ENCRYPTION };
        plaintext = new TextDecoder().decode((await compactDecrypt(value, base64url.decode(secret.k as string), options)).plaintext);
        break;
      } catch {
        // the next key, if any
      }
    }
    if (plaintext === null)
      return refuse(
        name === 'cdniip' ? 'client-ip' : 'malformed-claim',
        `${name}: cannot decrypt its JWE (no matching "dir" key${kid ? ` with kid "${kid}"` : ''})`,
        name,
      );
    claims[name] = plaintext;
  }
  return null;
}

/** Verifies one compact JWS against the keys, then its claims against the request (URI already without the token). */
export async function verifyToken(token: string, store: UriSigningKeys, request: ClaimRequest): Promise<TokenChecked | TokenRefused> {
  const parts = token.split('.');
  const header = parts.length === 3 ? decodeJsonSegment(parts[0]) : null;
  const claims = parts.length === 3 ? decodeJsonSegment(parts[1]) : null;
  if (header === null || claims === null)
    return refuse('malformed-token', 'expected a compact JWS: three base64url parts, a JSON header and a JSON object of claims');
  if (!SIGNING_ALGORITHMS.includes(header.alg as SigningAlgorithm))
    return refuse('algorithm', `header alg ${JSON.stringify(header.alg)} is not HS256 or ES256`);
  const alg = header.alg as SigningAlgorithm;
  const issuerKeys = keysForIssuer(store, claims.iss);
  if (issuerKeys === null) return refuse('unknown-key', `no keys for issuer ${JSON.stringify(claims.iss)}`, 'iss');
  const candidates = candidateKeys(issuerKeys, alg, header.kid);
  if (candidates.length === 0)
    return refuse('unknown-key', `no ${alg} verification key${header.kid === undefined ? '' : ` with kid ${JSON.stringify(header.kid)}`}`);
  const signatureProblem = await checkSignature(token, alg, candidates);
  if (signatureProblem) return refuse('signature', signatureProblem);
  const undecryptable = await decryptPersonalClaims(claims, store);
  if (undecryptable) return undecryptable;
  const verdict = checkClaims(claims, request);
  if (!verdict.ok) return refuse(verdict.reason, verdict.detail, verdict.claim);
  return { ok: true, claims, ...(typeof header.kid === 'string' ? { kid: header.kid } : {}) };
}

export interface SignedRequest extends Omit<ClaimRequest, 'uri'> {
  /** the request URI as received, package included */
  uri: string;
  /** Cookie header values */
  cookies?: readonly string[];
  /** the URI Signing Package attribute name (default URISigningPackage) */
  attribute?: string;
  keys: UriSigningKeys;
}

/** The whole verification of a request: find the package, check its signature, then its claims. */
export async function verifySignedRequest(request: SignedRequest): Promise<TokenVerdict> {
  const lookup = extractToken(request.uri, request.cookies ?? [], { attribute: request.attribute });
  if (!lookup.ok) return refuse(lookup.reason, lookup.detail);
  const { token, placement, uriWithoutToken } = lookup.found;
  const verdict = await verifyToken(token, request.keys, { ...request, uri: uriWithoutToken });
  return verdict.ok ? { ...verdict, placement, uriWithoutToken } : verdict;
}
