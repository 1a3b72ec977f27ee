// RFC 9246 Appendix A, verbatim (keys, claim sets, signed JWTs: test/fixtures/rfc9246/README.md), and
// the HS256 vectors of Apache Traffic Server's uri_signing unit tests, through the real verifier.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { renew } from '../../cdni/uri-signing/claims.js';
import { attachToken } from '../../cdni/uri-signing/placement.js';
import { signToken, verifySignedRequest, verifyToken, type SignedRequest } from '../../cdni/uri-signing/token.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'rfc9246');
const read = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const jwks: { keys: JWK[] } = read('appendix-a-jwks.json');
const examples = read('appendix-a-examples.json');
const printed = (lines: string[]) => lines.join('');

const A1 = printed(examples['A.1'].signedJwtAsPrinted);
const A2 = printed(examples['A.2'].signedJwtAsPrinted);
const A3 = printed(examples['A.3'].signedJwtAsPrinted);
const A3_RENEWED = printed(examples['A.3'].renewedSignedJwtAsPrinted);
const EXP = 1646867369;
const NBF = 1646780969;

const request = (uri: string, token: string, more: Partial<SignedRequest> = {}): SignedRequest => ({
  uri: attachToken(uri, token, 'query').uri,
  nowS: EXP - 1,
  keys: { keys: jwks.keys },
  ...more,
});

describe('RFC 9246 Appendix A key set', () => {
  it('is the public key, the private key (same kid, plus d) and the encryption key, in that order', () => {
    expect(jwks.keys.map((k) => [k.kty, k.use, k.alg, k.d !== undefined])).toEqual([
      ['EC', 'sig', 'ES256', false],
      ['EC', 'sig', 'ES256', true],
      ['oct', 'enc', 'A128GCM', false],
    ]);
  });
});

describe('A.1 Simple Example', () => {
  it('its hash container is the RFC 6920 URL-segment form of http://cdni.example/foo/bar', () => {
    const digest = createHash('sha256').update(examples['A.1'].hashedUri).digest('base64url');
    expect(examples['A.1'].claimsBeforeSigning.cdniuc).toBe(`hash:sha-256;${digest}`);
  });

  it('verifies for that URI before exp, with exactly the printed claims', async () => {
    const verdict = await verifySignedRequest(request('http://cdni.example/foo/bar', A1));
    expect(verdict).toMatchObject({ ok: true, placement: 'query', uriWithoutToken: 'http://cdni.example/foo/bar' });
    expect(verdict.ok && verdict.claims).toEqual(examples['A.1'].claimsBeforeSigning);
  });

  it('verifies for an equivalent URI (RFC 3986 normalization: case, default port, dot segments, escapes)', async () => {
    expect((await verifySignedRequest(request('HTTP://CDNI.example:80/foo/./baz/../%62ar', A1))).ok).toBe(true);
  });

  it('verifies in the path-style and cookie placements too', async () => {
    const path = attachToken('http://cdni.example/foo/bar', A1, 'path').uri;
    expect(path).toBe(`http://cdni.example/foo/bar;URISigningPackage=${A1}`);
    expect((await verifySignedRequest({ ...request('', ''), uri: path })).ok).toBe(true);
    const cookie = { ...request('', ''), uri: 'http://cdni.example/foo/bar', cookies: [`session=1; URISigningPackage=${A1}`] };
    expect(await verifySignedRequest(cookie)).toMatchObject({ ok: true, placement: 'cookie' });
  });

  it('is refused at exp (exp ≤ now, no leeway) and for another URI', async () => {
    expect(await verifySignedRequest(request('http://cdni.example/foo/bar', A1, { nowS: EXP }))).toMatchObject({ ok: false, reason: 'expired', code: 404 });
    expect(await verifySignedRequest(request('http://cdni.example/foo/bar/', A1))).toMatchObject({ ok: false, reason: 'uri-mismatch', code: 411 });
  });

  it('is refused when a single character of the signature or payload changes', async () => {
    const [header, payload, signature] = A1.split('.');
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    for (const tampered of [`${header}.${payload}.${flip(signature, 10)}`, `${header}.${flip(payload, 5)}.${signature}`]) {
      expect((await verifySignedRequest(request('http://cdni.example/foo/bar', tampered))).ok).toBe(false);
    }
  });
});

describe('A.2 Complex Example', () => {
  const uri = 'http://cdni.example/foo/bar/123.png';
  const complex = (more: Partial<SignedRequest> = {}) =>
    request(uri, A2, { nowS: NBF, audiences: ['dCDN LLC'], clientIp: '2001:db8::1', isJtiFresh: () => true, ...more });

  it('verifies at nbf for the audience "dCDN LLC" and client 2001:db8::1; sub and cdniip decrypt to the RFC plaintexts', async () => {
    const verdict = await verifySignedRequest(complex());
    expect(verdict.ok).toBe(true);
    expect(verdict.ok && verdict.claims).toEqual({
      ...examples['A.2'].claimsBeforeSigning,
      sub: examples['A.2'].subPlaintext,
      cdniip: examples['A.2'].cdniipPlaintext,
    });
  });

  it('the JWEs printed beside the claim set are the ones inside it', () => {
    expect(printed(examples['A.2'].cdniipJweAsPrinted)).toBe(examples['A.2'].claimsBeforeSigning.cdniip);
    expect(printed(examples['A.2'].subJweAsPrinted)).toBe(examples['A.2'].claimsBeforeSigning.sub);
  });

  it('accepts any client in 2001:db8::/32', async () => {
    expect((await verifySignedRequest(complex({ clientIp: '2001:db8:ffff::42' }))).ok).toBe(true);
  });

  it.each([
    ['before nbf', { nowS: NBF - 1 }, 'not-yet-valid', 405],
    ['at exp', { nowS: EXP }, 'expired', 404],
    ['another audience', { audiences: ['other CDN'] }, 'audience', 403],
    ['no audience configured', { audiences: [] }, 'audience', 403],
    ['a client outside the prefix', { clientIp: '2001:db9::1' }, 'client-ip', 410],
    ['an IPv4 client', { clientIp: '192.0.2.1' }, 'client-ip', 410],
    ['no client address', { clientIp: undefined }, 'client-ip', 410],
    ['a replayed jti', { isJtiFresh: () => false }, 'jti', 407],
    ['no replay store', { isJtiFresh: undefined }, 'jti', 407],
    ['an issuer not accepted', { issuers: ['someone else'] }, 'issuer', 401],
    ['no decryption key', { keys: { keys: jwks.keys.slice(0, 2) } }, 'client-ip', 410],
  ] as const)('is refused with %s', async (_what, more, reason, code) => {
    expect(await verifySignedRequest(complex(more as Partial<SignedRequest>))).toMatchObject({ ok: false, reason, code });
  });

  it('is refused for URIs its regex does not match', async () => {
    for (const other of ['http://cdni.example/foo/bar/12.png', 'http://cdni.example/foo/bar/1234.png', 'http://cdni.example/foo/bar/123.jpg']) {
      expect(await verifySignedRequest({ ...complex(), uri: attachToken(other, A2, 'query').uri })).toMatchObject({ reason: 'uri-mismatch' });
    }
  });
});

describe('A.3 Signed Token Renewal Example', () => {
  const uri = 'http://cdni.example/foo/bar/001.ts';

  it('verifies for a matching segment URI before exp', async () => {
    const verdict = await verifySignedRequest(request(uri, A3));
    expect(verdict.ok && verdict.claims).toEqual(examples['A.3'].claimsBeforeSigning);
  });

  it('renewal moves exp to now + cdniets, by cookie (cdnistt 1), for the first 2 path segments (cdnistd 2)', () => {
    const nowS = EXP - 10;
    const plan = renew(examples['A.3'].claimsBeforeSigning, nowS, uri);
    expect(plan).toEqual({ ok: true, transport: 'cookie', scopePath: '/foo/bar', claims: { ...examples['A.3'].claimsBeforeSigning, exp: nowS + 30 } });
  });

  it('renewing at the first token’s exp gives exactly the renewed claim set the RFC prints (exp + 30)', () => {
    // The RFC's renewed exp (1646867399) is the old exp + cdniets, i.e. a renewal at t = exp; §2.1.4
    // refuses the token itself at that instant, so this only checks the arithmetic of renew().
    const plan = renew(examples['A.3'].claimsBeforeSigning, EXP, uri);
    expect(plan.ok && plan.claims).toEqual(examples['A.3'].renewedClaimsBeforeSigning);
  });

  it('the renewed token the RFC prints verifies with the same key and carries the renewed claims', async () => {
    const verdict = await verifyToken(A3_RENEWED, { keys: jwks.keys }, { uri, nowS: EXP });
    expect(verdict.ok && verdict.claims).toEqual(examples['A.3'].renewedClaimsBeforeSigning);
  });

  it('no renewal token when the path has fewer segments than cdnistd', () => {
    expect(renew(examples['A.3'].claimsBeforeSigning, EXP - 10, 'http://cdni.example/x')).toMatchObject({ ok: false, reason: 'path-too-short' });
  });
});

describe('Apache Traffic Server HS256 vectors (uri_signing_test.cc, TEST_CASE "8")', () => {
  const ats = read('ats-hs256-vectors.json');
  const keys = { byIssuer: { [ats.configIssuer]: ats.keys as JWK[] } };
  const atsRequest = (token: string): SignedRequest => ({
    uri: attachToken(ats.requestUriAsInTest, token, 'query').uri,
    nowS: 1_700_000_000,
    keys,
    audiences: [ats.configId],
  });

  const vectors: [string, string, string][] = ats.tokens.map((t: { section: string; atsExpects: string; token: string }) => [t.section, t.atsExpects, t.token]);
  it.each(vectors)('%s: ATS expects %s', async (section, atsExpects, token) => {
    const verdict = await verifySignedRequest(atsRequest(token));
    if (section === 'Validation of Valid Aud Array Mixed types in JWS') {
      // ATS skips the integer in ["bad", 1, "foobar", "tester"]; RFC 7519 §4.1.3 makes aud an array of strings, so we refuse
      expect(verdict).toMatchObject({ ok: false, reason: 'malformed-claim', claim: 'aud' });
    } else if (atsExpects === 'valid') expect(verdict.ok).toBe(true);
    else expect(verdict).toMatchObject({ ok: false, reason: 'audience' });
  });

  it('a key set without the signing key refuses the signature; another issuer has no keys', async () => {
    const token = ats.tokens[0].token;
    const without5 = { byIssuer: { [ats.configIssuer]: (ats.keys as JWK[]).filter((k) => k.kid !== '5') } };
    expect(await verifySignedRequest({ ...atsRequest(token), keys: without5 })).toMatchObject({ ok: false, reason: 'signature' });
    expect(await verifySignedRequest({ ...atsRequest(token), keys: { byIssuer: { 'Second Issuer': ats.keys } } })).toMatchObject({ reason: 'unknown-key' });
  });
});

describe('refusals of the token itself, before any claim is read', () => {
  const uri = 'http://cdni.example/foo/bar';
  const [, A1_PAYLOAD, A1_SIGNATURE] = A1.split('.');
  const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
  const verdictFor = (token: string) => verifySignedRequest(request(uri, token));

  it.each([
    ['alg none, no signature', `${b64({ alg: 'none' })}.${A1_PAYLOAD}.`],
    ['alg none, the RFC signature kept', `${b64({ alg: 'none', kid: jwks.keys[0].kid })}.${A1_PAYLOAD}.${A1_SIGNATURE}`],
    ['alg HS512', `${b64({ alg: 'HS512' })}.${A1_PAYLOAD}.${A1_SIGNATURE}`],
    ['alg RS256', `${b64({ alg: 'RS256' })}.${A1_PAYLOAD}.${A1_SIGNATURE}`],
    ['alg ES384', `${b64({ alg: 'ES384', kid: jwks.keys[0].kid })}.${A1_PAYLOAD}.${A1_SIGNATURE}`],
    ['no alg', `${b64({ kid: jwks.keys[0].kid })}.${A1_PAYLOAD}.${A1_SIGNATURE}`],
  ])('%s ⇒ algorithm', async (_what, token) => {
    expect(await verdictFor(token)).toMatchObject({ ok: false, reason: 'algorithm', code: 400 });
  });

  it.each([
    ['one part', 'abc'],
    ['two parts', `${b64({ alg: 'ES256' })}.${A1_PAYLOAD}`],
    ['four parts', `${A1}.x`],
    ['a header that is not base64url', `!!!.${A1_PAYLOAD}.${A1_SIGNATURE}`],
    ['a header that is not JSON', `${b64('not json')}.${A1_PAYLOAD}.${A1_SIGNATURE}`],
    ['a header that is a JSON array', `${b64(['ES256'])}.${A1_PAYLOAD}.${A1_SIGNATURE}`],
    ['claims that are a JSON array', `${b64({ alg: 'ES256' })}.${b64([1, 2])}.${A1_SIGNATURE}`],
    ['claims that are invalid UTF-8', `${b64({ alg: 'ES256' })}.${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}.${A1_SIGNATURE}`],
    ['an empty package', ''],
  ])('%s ⇒ malformed-token', async (_what, token) => {
    expect(await verdictFor(token)).toMatchObject({ ok: false, reason: 'malformed-token' });
  });

  it('HS256 signed with the public EC key as the HMAC secret (algorithm confusion) finds no key', async () => {
    const ecPublic = jwks.keys[0];
    const confused = await signToken(examples['A.1'].claimsBeforeSigning, { kty: 'oct', kid: ecPublic.kid, k: b64(JSON.stringify(ecPublic)) }, 'HS256');
    expect(await verdictFor(confused)).toMatchObject({ ok: false, reason: 'unknown-key' });
  });

  it('an unknown kid, and a valid signature by a key outside the set', async () => {
    expect(await verdictFor(`${b64({ alg: 'ES256', kid: 'nobody' })}.${A1_PAYLOAD}.${A1_SIGNATURE}`)).toMatchObject({ reason: 'unknown-key' });
    const stranger = { kty: 'oct', kid: 'stranger', k: b64('a secret nobody shared with us') };
    const token = await signToken(examples['A.1'].claimsBeforeSigning, stranger, 'HS256');
    expect(await verdictFor(token)).toMatchObject({ reason: 'unknown-key' });
    expect(await verifySignedRequest({ ...request(uri, token), keys: { keys: [{ ...stranger, k: b64('another secret') }] } })).toMatchObject({
      reason: 'signature',
    });
  });

  it('a signature over other claims (the A.1 signature on the A.3 payload)', async () => {
    expect(await verdictFor(`${A3.split('.')[0]}.${A3.split('.')[1]}.${A1_SIGNATURE}`)).toMatchObject({ reason: 'signature' });
  });

  it('sign → verify with the RFC key pair reproduces the claims (ES256 signatures are randomized, so not the RFC bytes)', async () => {
    const token = await signToken(examples['A.1'].claimsBeforeSigning, jwks.keys[1], 'ES256');
    expect(token).not.toBe(A1);
    const verdict = await verifySignedRequest(request(uri, token));
    expect(verdict.ok && verdict.claims).toEqual(examples['A.1'].claimsBeforeSigning);
  });
});
