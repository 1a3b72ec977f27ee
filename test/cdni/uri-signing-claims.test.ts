// The crypto-free claim rules (claims.ts), the URI normalization, the POSIX ERE matcher and the token
// placement, including a table of claim behaviours taken from Apache Traffic Server's uri_signing
// plugin (its README, jwt.cc and unit tests) with the rows where RFC 9246 makes us differ marked.
import { describe, expect, it } from 'vitest';
import { checkClaims, findMalformedClaim, parseIpPrefix, renew, type ClaimRequest } from '../../cdni/uri-signing/claims.js';
import { compilePosixEre } from '../../cdni/uri-signing/posix-ere.js';
import { normalizeUri, removeDotSegments } from '../../cdni/uri-signing/uri-normalize.js';
import { hashContainer, uriSha256 } from '../../cdni/uri-signing/uri-container.js';
import { attachToken, extractToken, stripToken } from '../../cdni/uri-signing/placement.js';

const NOW = 1_700_000_000;
const base: ClaimRequest = { uri: 'http://foobar.local/testDir/file', nowS: NOW, audiences: ['tester'] };
const REGEX = 'regex:http://foobar.local/testDir/*';
const verdictOf = (claims: Record<string, unknown>, request: Partial<ClaimRequest> = {}) => {
  const v = checkClaims(claims, { ...base, ...request });
  return v.ok ? 'valid' : v.reason;
};

// Source: github.com/apache/trafficserver, plugins/experimental/uri_signing/ — README.md "Supported
// Claims" / "Unsupported Claims", jwt.cc (jwt_validate, jwt_check_aud, jwt_check_uri) and
// unit_tests/uri_signing_test.cc (TEST_CASE "1" [JWSParsingTest], "6" [AudTests]). `ats` is what ATS
// decides; `ours` what RFC 9246 asks, with the reason when the two differ.
const ATS_CLAIM_TABLE: { row: string; claims: Record<string, unknown>; request?: Partial<ClaimRequest>; ats: string; ours: string; why?: string }[] = [
  {
    row: 'TEST 1 standard JWT',
    claims: { cdniets: 30, cdnistt: 1, exp: 7284188499, iss: 'Content Access Manager', cdniuc: REGEX },
    ats: 'valid',
    ours: 'valid',
  },
  {
    row: 'TEST 1 standard JWT as written (uri-regex:)',
    claims: { cdniets: 30, cdnistt: 1, exp: 7284188499, iss: 'Content Access Manager', cdniuc: 'uri-regex:http://foobar.local/testDir/*' },
    ats: 'valid',
    ours: 'malformed-claim',
    why: '"uri-regex:" is the draft form; RFC 9246 §2.1.15 defines only hash: and regex: (and jwt_validate never looks at cdniuc)',
  },
  {
    row: 'TEST 1 unknown claim',
    claims: { cdniets: 30, cdnistt: 1, exp: 7284188499, iss: 'Content Access Manager', cdniuc: REGEX, jamesBond: 'Something,Something_else' },
    ats: 'valid',
    ours: 'valid',
  },
  {
    row: 'TEST 1 unsupported cdnicrit',
    claims: { cdniets: 30, cdnistt: 1, exp: 7284188499, iss: 'x', cdniuc: REGEX, cdnicrit: 'Something,Something_else' },
    ats: 'invalid',
    ours: 'critical-claim',
  },
  { row: 'TEST 1 no exp claim', claims: { cdniets: 30, cdnistt: 1, iss: 'Content Access Manager', cdniuc: REGEX }, ats: 'valid', ours: 'valid' },
  {
    row: 'TEST 1 cdniip, no client address',
    claims: { cdniets: 30, cdnistt: 1, cdniip: '123.123.123.123', iss: 'x', cdniuc: REGEX },
    ats: 'invalid',
    ours: 'client-ip',
  },
  {
    row: 'TEST 1 cdniip, matching client',
    claims: { cdniets: 30, cdnistt: 1, cdniip: '123.123.123.123', iss: 'x', cdniuc: REGEX },
    request: { clientIp: '123.123.123.123' },
    ats: 'invalid',
    ours: 'valid',
    why: 'ATS does not support cdniip at all; RFC 9246 §2.1.10 accepts a client inside the address or prefix',
  },
  { row: 'TEST 1 cdnistd -2', claims: { cdniets: 30, cdnistt: 1, cdnistd: -2, iss: 'x', cdniuc: REGEX }, ats: 'invalid', ours: 'malformed-claim' },
  {
    row: 'jwt_validate: no iss',
    claims: { cdniuc: REGEX },
    ats: 'invalid',
    ours: 'valid',
    why: 'iss is optional in RFC 9246 §2.1.1 unless issuers are configured',
  },
  {
    row: 'jwt_validate: no iss, issuers configured',
    claims: { cdniuc: REGEX },
    request: { issuers: ['Content Access Manager'] },
    ats: 'invalid',
    ours: 'issuer',
  },
  { row: 'jwt_validate: cdniv 2', claims: { iss: 'x', cdniv: 2, cdniuc: REGEX }, ats: 'invalid', ours: 'version' },
  { row: 'jwt_validate: cdniv 1', claims: { iss: 'x', cdniv: 1, cdniuc: REGEX }, ats: 'valid', ours: 'valid' },
  { row: 'jwt_validate: exp in the past', claims: { iss: 'x', exp: NOW - 1, cdniuc: REGEX }, ats: 'invalid', ours: 'expired' },
  {
    row: 'jwt_validate: exp == now',
    claims: { iss: 'x', exp: NOW, cdniuc: REGEX },
    ats: 'valid',
    ours: 'expired',
    why: 'ATS tests now() > exp; RFC 9246 §2.1.4 refuses exp "equal to or earlier than" the request time',
  },
  { row: 'jwt_validate: nbf in the future', claims: { iss: 'x', nbf: NOW + 1, cdniuc: REGEX }, ats: 'invalid', ours: 'not-yet-valid' },
  { row: 'jwt_validate: nbf == now', claims: { iss: 'x', nbf: NOW, cdniuc: REGEX }, ats: 'valid', ours: 'valid' },
  { row: 'jwt_validate: jti, no replay store', claims: { iss: 'x', jti: 'nonce', cdniuc: REGEX }, ats: 'invalid', ours: 'jti' },
  {
    row: 'jwt_validate: cdnistt 2',
    claims: { iss: 'x', cdnistt: 2, cdniets: 30, cdniuc: REGEX },
    ats: 'invalid',
    ours: 'valid',
    why: 'RFC 9246 §6.5 registers 2 (renewal by query string)',
  },
  { row: 'jwt_validate: cdnistt 3', claims: { iss: 'x', cdnistt: 3, cdniets: 30, cdniuc: REGEX }, ats: 'invalid', ours: 'malformed-claim' },
  {
    row: 'README: cdnistt without cdniets',
    claims: { iss: 'x', cdnistt: 1, cdniuc: REGEX },
    ats: 'valid',
    ours: 'renewal-claims',
    why: 'RFC 9246 §3.2.1: both must be present (ATS just skips the renewal)',
  },
  { row: 'TEST 6 aud string match', claims: { aud: 'tester', cdniuc: REGEX }, ats: 'valid', ours: 'valid' },
  { row: 'TEST 6 aud array match', claims: { aud: ['foo', 'bar', 'tester'], cdniuc: REGEX }, ats: 'valid', ours: 'valid' },
  { row: 'TEST 6 aud string mismatch', claims: { aud: 'foo', cdniuc: REGEX }, ats: 'invalid', ours: 'audience' },
  { row: 'TEST 6 aud array mismatch', claims: { aud: ['foo', 'bar', 'foobar'], cdniuc: REGEX }, ats: 'invalid', ours: 'audience' },
  { row: 'TEST 6 integer aud', claims: { aud: 1, cdniuc: REGEX }, ats: 'invalid', ours: 'malformed-claim' },
  {
    row: 'TEST 6 integer in a matching aud array',
    claims: { aud: [1, 'foo', 'bar', 'tester'], cdniuc: REGEX },
    ats: 'valid',
    ours: 'malformed-claim',
    why: 'RFC 7519 §4.1.3: aud is a string or an array of strings',
  },
  { row: 'TEST 6 aud case differs (string)', claims: { aud: 'TESTer', cdniuc: REGEX }, ats: 'invalid', ours: 'audience' },
  { row: 'TEST 6 aud case differs (array)', claims: { aud: [1, 'foo', 'bar', 'Tester'], cdniuc: REGEX }, ats: 'invalid', ours: 'malformed-claim' },
  { row: 'jwt_check_aud: aud set, no id configured', claims: { aud: 'tester', cdniuc: REGEX }, request: { audiences: [] }, ats: 'invalid', ours: 'audience' },
  {
    row: 'jwt_check_uri: no cdniuc',
    claims: { iss: 'x' },
    ats: 'valid',
    ours: 'malformed-claim',
    why: 'ATS skips the URI check; RFC 9246 §2.1.11 makes cdniuc mandatory',
  },
  { row: 'jwt_check_uri: unknown container kind', claims: { iss: 'x', cdniuc: 'glob:http://foobar.local/*' }, ats: 'invalid', ours: 'malformed-claim' },
  { row: 'jwt_check_uri: regex mismatch', claims: { iss: 'x', cdniuc: 'regex:^http://other\\.local/' }, ats: 'invalid', ours: 'uri-mismatch' },
];

describe('claim rules, table from Apache Traffic Server uri_signing', () => {
  it.each(ATS_CLAIM_TABLE)('$row: ATS $ats, RFC 9246 $ours', ({ claims, request, ats, ours, why }) => {
    expect(verdictOf(claims, request)).toBe(ours);
    // every row where our verdict differs from ATS's in validity says why
    if ((ours === 'valid') !== (ats === 'valid')) expect(why).toBeTruthy();
  });
});

describe('claim rules, RFC 9246 details', () => {
  const claims = { cdniuc: REGEX };

  it('cdniv absent means 1; only 1 is accepted; a non-integer is malformed', () => {
    expect([verdictOf({ ...claims }), verdictOf({ ...claims, cdniv: 1 }), verdictOf({ ...claims, cdniv: 0 }), verdictOf({ ...claims, cdniv: '1' })]).toEqual([
      'valid',
      'valid',
      'version',
      'malformed-claim',
    ]);
  });

  it('cdnicrit: understood extensions present in the token pass; empty, duplicate, RFC-defined, absent or unknown names are refused', () => {
    const token = { ...claims, ext1: true, ext2: 1 };
    const understood = { understoodCriticalClaims: ['ext1', 'ext2'] };
    expect(verdictOf({ ...token, cdnicrit: 'ext1,ext2' }, understood)).toBe('valid');
    expect(verdictOf({ ...token, cdnicrit: ['ext1'] }, understood)).toBe('valid');
    for (const bad of ['', 'ext1,ext1', 'ext1,exp', 'ext3', 'ext1,']) expect(verdictOf({ ...token, cdnicrit: bad }, understood)).toBe('critical-claim');
    expect(verdictOf({ ...token, cdnicrit: 'ext1' })).toBe('critical-claim');
  });

  it('issuers: empty accepts any issuer, otherwise iss must be listed', () => {
    expect(verdictOf({ ...claims, iss: 'a' }, { issuers: [] })).toBe('valid');
    expect(verdictOf({ ...claims, iss: 'a' }, { issuers: ['a', 'b'] })).toBe('valid');
    expect(verdictOf({ ...claims, iss: 'c' }, { issuers: ['a', 'b'] })).toBe('issuer');
  });

  it('cdniip: an address, a CIDR prefix or a bracketed IPv6 prefix; both families', () => {
    expect(verdictOf({ ...claims, cdniip: '192.0.2.0/24' }, { clientIp: '192.0.2.200' })).toBe('valid');
    expect(verdictOf({ ...claims, cdniip: '192.0.2.0/24' }, { clientIp: '192.0.3.1' })).toBe('client-ip');
    expect(verdictOf({ ...claims, cdniip: '[2001:db8::1/32]' }, { clientIp: '[2001:db8::7]' })).toBe('valid');
    expect(verdictOf({ ...claims, cdniip: '2001:db8::1' }, { clientIp: '2001:db8::2' })).toBe('client-ip');
    expect(verdictOf({ ...claims, cdniip: 'not an address' }, { clientIp: '192.0.2.1' })).toBe('malformed-claim');
    expect(parseIpPrefix('10.0.0.0/33')).toBeNull();
    expect(parseIpPrefix('eyJ.a..b.c')).toBeNull();
  });

  it('hash: containers, with or without a precomputed hash, and RFC 6920 truncated forms', () => {
    const uri = 'http://cdni.example/foo/bar';
    expect(verdictOf({ cdniuc: hashContainer(uri) }, { uri })).toBe('valid');
    expect(verdictOf({ cdniuc: hashContainer(uri) }, { uri, uriSha256: uriSha256(uri) })).toBe('valid');
    expect(verdictOf({ cdniuc: hashContainer(uri) }, { uri, uriSha256: uriSha256('http://other/') })).toBe('uri-mismatch');
    const truncated = Buffer.from(uriSha256(uri), 'base64url').subarray(0, 16).toString('base64url');
    expect(verdictOf({ cdniuc: `hash:sha-256-128;${truncated}` }, { uri })).toBe('valid');
    expect(verdictOf({ cdniuc: `hash:md5;${truncated}` }, { uri })).toBe('malformed-claim');
  });

  it('a request URI that cannot be normalized is refused as malformed (code 500), not as a mismatch', () => {
    expect(verdictOf(claims, { uri: 'http://foobar.local/a b' })).toBe('uri-malformed');
    expect(verdictOf(claims, { uri: 'ftp://foobar.local/testDir/x' })).toBe('uri-malformed');
  });

  it.each([
    ['exp as a string', { exp: String(NOW + 100) }],
    ['exp NaN', { exp: NaN }],
    ['exp Infinity', { exp: Infinity }],
    ['exp true', { exp: true }],
    ['nbf an object', { nbf: { $date: NOW } }],
    ['iat null', { iat: null }],
    ['cdniets negative', { cdniets: -5, cdnistt: 1 }],
    ['cdnistd fractional', { cdnistd: 1.5 }],
    ['iss a number', { iss: 5 }],
    ['jti an array', { jti: ['a'] }],
    ['cdniuc a number', { cdniuc: 7 }],
  ])('odd value: %s is malformed', (_what, odd) => {
    expect(verdictOf({ ...claims, ...odd })).toBe('malformed-claim');
  });

  it('odd but well-typed times: a negative exp has expired, a huge one has not', () => {
    expect(verdictOf({ ...claims, exp: -1 })).toBe('expired');
    expect(verdictOf({ ...claims, exp: 1e308 })).toBe('valid');
    expect(verdictOf({ ...claims, nbf: -1e308 })).toBe('valid');
  });

  it('findMalformedClaim names the claim, what was expected and what was found', () => {
    expect(findMalformedClaim({ cdniuc: REGEX, exp: '17' })).toEqual({
      ok: false,
      reason: 'malformed-claim',
      claim: 'exp',
      detail: 'exp: expected a NumericDate (a finite JSON number), found "17"',
    });
  });
});

describe('renewal', () => {
  const claims = { cdniuc: REGEX, cdnistt: 2, cdniets: 600, iat: 1, exp: NOW + 5 };

  it('new exp = now + cdniets (not old exp + cdniets), iat = now, transport per cdnistt', () => {
    expect(renew(claims, NOW)).toEqual({ ok: true, transport: 'query', scopePath: '/', claims: { ...claims, exp: NOW + 600, iat: NOW } });
  });

  it('cdnistt 0 or no renewal claims: nothing to renew; only one of the pair: refused', () => {
    expect(renew({ ...claims, cdnistt: 0 }, NOW)).toMatchObject({ ok: false, reason: 'not-requested' });
    expect(renew({ cdniuc: REGEX }, NOW)).toMatchObject({ ok: false, reason: 'not-requested' });
    expect(renew({ cdniuc: REGEX, cdnistt: 1 }, NOW)).toMatchObject({ ok: false, reason: 'renewal-claims' });
  });
});

// Source: apache/trafficserver uri_signing unit_tests/uri_signing_test.cc TEST_CASE "3" [RemoveDotSegmentsTest]
describe('removeDotSegments (ATS TEST 3)', () => {
  it.each([
    ['../bar', 'bar'],
    ['./bar', 'bar'],
    ['.././bar', 'bar'],
    ['./../bar', 'bar'],
    ['/foo/./bar', '/foo/bar'],
    ['/bar/./', '/bar/'],
    ['/.', '/'],
    ['/bar/.', '/bar/'],
    ['/foo/../bar', '/bar'],
    ['/bar/../', '/'],
    ['/..', '/'],
    ['/bar/..', '/'],
    ['/foo/bar/..', '/foo/'],
    ['.', ''],
    ['..', ''],
    ['foo/bar/..', 'foo/'],
    ['', ''],
    ['/foo/bar/././something/../foobar', '/foo/bar/foobar'],
    [`/${'a'.repeat(70000)}`, `/${'a'.repeat(70000)}`],
    [`${'/../'.repeat(512)}bar`, '/bar'],
  ])('%s ⇒ %s', (path, expected) => {
    expect(removeDotSegments(path)).toBe(expected);
  });
});

// Source: apache/trafficserver uri_signing unit_tests/uri_signing_test.cc TEST_CASE "4" [NormalizeTest]
describe('normalizeUri (ATS TEST 4)', () => {
  it.each([
    ['http://www.foobar.com', 'http://www.foobar.com/'],
    ['http://www.foobar.com?query1=foo&query2=bar', 'http://www.foobar.com/?query1=foo&query2=bar'],
    ['http://www.foobar.com:9301?query1=foo&query2=bar', 'http://www.foobar.com:9301/?query1=foo&query2=bar'],
    ['http://foo%40:PaSsword@www.Foo%42ar.coM:80/', 'http://foo%40:PaSsword@www.foobar.com/'],
    ['http://foobar.com:80/Something/Here', 'http://foobar.com/Something/Here'],
    ['https://foobar.com:443/Something/Here', 'https://foobar.com/Something/Here'],
    ['http://foobar.com:443/Something/Here', 'http://foobar.com:443/Something/Here'],
    ['https://foobar.com:80/Something/Here', 'https://foobar.com:80/Something/Here'],
    ['https://foobar.com:80/Something/Here/././foobar/../foo', 'https://foobar.com:80/Something/Here/foo'],
    ['https://foobar.com:80/Something/Here?query1=/././foo/../bar', 'https://foobar.com:80/Something/Here?query1=/././foo/../bar'],
    ['https://kelloggs%54ester.com/%53omething/Here', 'https://kelloggstester.com/Something/Here'],
    ['https://kelloggs%54ester.com/%53omething/Here%3f', 'https://kelloggstester.com/Something/Here%3F'],
    ['https://foo:something@kellogs%54ester.com:443/%53omething/.././here', 'https://foo:something@kellogstester.com/here'],
    ['https://admin:443@cdn.example.com:443/content/video.mp4', 'https://admin:443@cdn.example.com/content/video.mp4'],
    ['http://a:b:c@www.example.com:80/index.html', 'http://a:b:c@www.example.com/index.html'],
    ['https://MyUser:MyPass@WWW.EXAMPLE.COM:443/Path', 'https://MyUser:MyPass@www.example.com/Path'],
    ['http://cache:secret@edge.example.net:80/video?quality=hd#t=10', 'http://cache:secret@edge.example.net/video?quality=hd#t=10'],
    ['https://registry.internal:443@cdn.example.com:443/v2/image/manifests/latest', 'https://registry.internal:443@cdn.example.com/v2/image/manifests/latest'],
  ])('%s ⇒ %s', (uri, expected) => {
    expect(normalizeUri(uri)).toMatchObject({ ok: true, uri: expected });
  });

  it.each(['ht', 'ht:', 'http://www.foobar.co%4', 'http://www.foobar.co%4psomethin/Path', 'https://foo:something@', 'http://', 'http:///////', 'http://?/'])(
    '%s is refused',
    (uri) => {
      expect(normalizeUri(uri).ok).toBe(false);
    },
  );
});

describe('POSIX ERE matcher', () => {
  const matches = (pattern: string, input: string) => {
    const compiled = compilePosixEre(pattern);
    if (!compiled.ok) throw new Error(compiled.error);
    return compiled.matcher.test(input);
  };

  // Source: apache/trafficserver uri_signing unit_tests/uri_signing_test.cc TEST_CASE "5" [RegexTests]
  it.each([
    ['http://kelloggsTester.souza.local/KellogsDir/*', 'http://kelloggsTester.souza.local/KellogsDir/some_manifest.m3u8', true],
    ['money\\$', 'money$bags', true],
    ['.+foobar$', 'foobarfoofoo', false],
    ['.+foobar$', 'foofoofoobar', true],
    ['(abab){2}', 'abababab', true],
    ['(abab){2}', 'abab', false],
    ['cat|dog', 'dog', true],
  ])('ATS TEST 5: %s on %s ⇒ %s', (pattern, input, expected) => {
    expect(matches(pattern, input)).toBe(expected);
  });

  it('ATS TEST 5: back-references are not supported (refused to compile: \\1 is undefined in an ERE)', () => {
    expect(compilePosixEre('(b*a)\\1$')).toMatchObject({ ok: false });
  });

  it('the RFC 9246 §2.1.15.2 example, once JSON-unescaped', () => {
    const pattern = '[^:]*\\://[^/]*/dir/content/quality_[^/]*/segment.{3}\\.mp4(\\?.*)?';
    expect(matches(pattern, 'https://cdn.example/dir/content/quality_hd/segment001.mp4?x=1')).toBe(true);
    expect(matches(pattern, 'https://cdn.example/dir/content/quality_hd/segment01.mp4')).toBe(false);
  });

  it.each([
    ['[[:digit:]]{3}\\.ts$', '/a/123.ts', true],
    ['[[:digit:]]{3}\\.ts$', '/a/12.ts', false],
    ['[]a]', ']', true],
    ['[^]a]', 'a]', false],
    ['[\\.]', '\\', true],
    ['[a-]', '-', true],
    ['[[.-.]]x', '-x', true],
    ['^abc', 'xabc', false],
    ['b', 'abc', true],
    ['a.c', 'a\nc', true],
    ['(a|)b', 'b', true],
    ['a)', 'a)', true],
  ])('%s on %j ⇒ %s', (pattern, input, expected) => {
    expect(matches(pattern, input)).toBe(expected);
  });

  it.each(['\\d+', '\\w', 'a{2,1}', 'a{256}', '*a', 'a|+b', '(ab', '[abc', '[[:word:]]', 'a{', '[z-a]', '[[.space.]]', 'x\\'])('refuses %s', (pattern) => {
    expect(compilePosixEre(pattern).ok).toBe(false);
  });

  it('hostile patterns stay linear: catastrophic-backtracking classics finish fast on a long URI', () => {
    const uri = `http://x/${'a'.repeat(5000)}!`;
    const started = process.hrtime.bigint();
    for (const pattern of ['(a+)+$', '(a|a)*b', '(a*)*b', '(.*a){12}x', '^(a|aa)+$', '(([a-z])+.)+[A-Z]([a-z])+']) expect(matches(pattern, uri)).toBe(false);
    expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(5);
  });

  it('patterns that expand past the state bound are refused instead of run', () => {
    expect(compilePosixEre('(a{255}){255}')).toMatchObject({ ok: false });
    expect(compilePosixEre('x'.repeat(5000))).toMatchObject({ ok: false });
  });
});

describe('token placement (RFC 9246 §2, §2.1.15)', () => {
  it('the RFC §2 example: token=SIGNEDJWT between two form parameters', () => {
    const lookup = extractToken('http://example.com/media/path?come=data&token=SIGNEDJWT&other=data', [], { attribute: 'token' });
    expect(lookup).toEqual({
      ok: true,
      found: { token: 'SIGNEDJWT', placement: 'query', uriWithoutToken: 'http://example.com/media/path?come=data&other=data' },
    });
  });

  it.each([
    ['http://h/p?URISigningPackage=T', 'http://h/p'],
    ['http://h/p?a=1&URISigningPackage=T', 'http://h/p?a=1'],
    ['http://h/p?URISigningPackage=T&a=1', 'http://h/p?a=1'],
    ['http://h/p?URISigningPackage=T#frag', 'http://h/p#frag'],
    ['http://h/p;URISigningPackage=T', 'http://h/p'],
    ['http://h/p;URISigningPackage=T/q', 'http://h/p/q'],
    ['http://h/p;URISigningPackage=T?a=1', 'http://h/p?a=1'],
    ['http://h/p;URISigningPackage=T;x=1', 'http://h/p;x=1'],
  ])('strips %s ⇒ %s', (uri, expected) => {
    expect(stripToken(uri)).toBe(expected);
  });

  it('ignores look-alikes: another parameter name, a path segment, the fragment', () => {
    expect(extractToken('http://h/URISigningPackage=T')).toMatchObject({ reason: 'token-missing' });
    expect(extractToken('http://h/p?XURISigningPackage=T')).toMatchObject({ reason: 'token-missing' });
    expect(extractToken('http://h/p#URISigningPackage=T')).toMatchObject({ reason: 'token-missing' });
  });

  it('two packages in the URI are refused; a URI package wins over a cookie; the first cookie is taken', () => {
    expect(extractToken('http://h/p;URISigningPackage=A?URISigningPackage=B')).toMatchObject({ ok: false, reason: 'token-duplicate' });
    expect(extractToken('http://h/p?URISigningPackage=A&URISigningPackage=B')).toMatchObject({ ok: false, reason: 'token-duplicate' });
    expect(extractToken('http://h/p?URISigningPackage=A', ['URISigningPackage=B'])).toMatchObject({ found: { token: 'A', placement: 'query' } });
    expect(extractToken('http://h/p', ['x=1; URISigningPackage=C', 'URISigningPackage=D'])).toMatchObject({
      found: { token: 'C', placement: 'cookie', uriWithoutToken: 'http://h/p' },
    });
  });

  it.each(['http://h/p', 'http://h/p?a=1', 'http://h/p?a=1#f', 'http://h/', 'http://h/p;x=1'])('attach then strip is the identity for %s', (uri) => {
    for (const placement of ['query', 'path'] as const) {
      const attached = attachToken(uri, 'aaa.bbb.ccc', placement).uri;
      expect(extractToken(attached)).toMatchObject({ ok: true, found: { token: 'aaa.bbb.ccc', placement, uriWithoutToken: uri } });
    }
    expect(attachToken(uri, 'aaa.bbb.ccc', 'cookie')).toEqual({ uri, cookie: 'URISigningPackage=aaa.bbb.ccc' });
  });
});
