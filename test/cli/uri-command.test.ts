// `autopeer uri sign` / `autopeer uri verify` through the real CLI (in-process, and once through the
// built executable): round trips in every placement, exit codes, and invalid input (exit 2 with the
// file, the field, what was expected and what was found; never a stack trace).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliAsync } from '../../cli/program.js';
import { TOKEN_REFUSED_EXIT } from '../../cli/uri-command.js';
import { tempDir } from './helpers.js';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCliAsync(argv, { out: (t) => (stdout += t), err: (t) => (stderr += t), isTty: false });
  return { code, stdout, stderr };
}

const dir = tempDir();
const RFC_JWKS = join(import.meta.dirname, '..', 'fixtures', 'rfc9246', 'appendix-a-jwks.json');
const HS_KEY = join(dir, 'hs256.jwk');
writeFileSync(HS_KEY, JSON.stringify({ kty: 'oct', kid: 'ucdn-2026', alg: 'HS256', k: Buffer.alloc(32, 7).toString('base64url') }));
const NOW = 1_800_000_000;
const CLAIMS = JSON.stringify({
  iss: 'ucdn.example',
  aud: 'AS64500:0',
  exp: NOW + 60,
  cdniuc: 'regex:^https://video\\.csp\\.example/vod/m1/.*$',
  cdniets: 30,
  cdnistt: 1,
});
const SEGMENT = 'https://video.csp.example/vod/m1/seg-001.ts';
const noTrace = (stderr: string) => expect(stderr).not.toMatch(/internal error|\n\s+at /);
const verify = (...more: string[]) => cli('uri', 'verify', '--key', HS_KEY, '--audience', 'AS64500:0', '--now', String(NOW), ...more);

describe('autopeer uri sign → verify', () => {
  it('HS256, query placement: the signed URI verifies (exit 0) and the verdict names the renewal', async () => {
    const signed = await cli('uri', 'sign', '--key', HS_KEY, '--claims', CLAIMS, '--uri', SEGMENT);
    expect(signed).toMatchObject({ code: 0, stderr: '' });
    expect(signed.stdout).toMatch(/^https:\/\/video\.csp\.example\/vod\/m1\/seg-001\.ts\?URISigningPackage=[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const verdict = await verify('--uri', signed.stdout.trim());
    expect(verdict.code).toBe(0);
    expect(JSON.parse(verdict.stdout)).toMatchObject({
      valid: true,
      placement: 'query',
      uriWithoutToken: SEGMENT,
      kid: 'ucdn-2026',
      claims: JSON.parse(CLAIMS),
      renewal: { transport: 'cookie', exp: NOW + 30, scopePath: '/' },
    });
  });

  it('path and cookie placements', async () => {
    const path = await cli('uri', 'sign', '--key', HS_KEY, '--claims', CLAIMS, '--uri', SEGMENT, '--placement', 'path');
    expect(path.stdout).toContain('seg-001.ts;URISigningPackage=');
    expect((await verify('--uri', path.stdout.trim())).code).toBe(0);
    const cookie = await cli('uri', 'sign', '--key', HS_KEY, '--claims', CLAIMS, '--uri', SEGMENT, '--placement', 'cookie');
    const [uri, header] = cookie.stdout.trim().split('\n');
    expect(uri).toBe(SEGMENT);
    expect(header).toMatch(/^Cookie: URISigningPackage=/);
    const verdict = await verify('--uri', uri, '--cookie', header.slice('Cookie: '.length));
    expect(JSON.parse(verdict.stdout)).toMatchObject({ valid: true, placement: 'cookie' });
  });

  it('ES256 with the RFC 9246 Appendix A private key (picked from the set by having "d"), claims from a file', async () => {
    const claimsFile = join(dir, 'claims.json');
    writeFileSync(claimsFile, JSON.stringify({ iss: 'uCDN Inc', exp: NOW + 60, cdniuc: 'regex:^http://cdni\\.example/' }));
    const token = await cli('uri', 'sign', '--key', RFC_JWKS, '--claims', claimsFile);
    expect(token.code).toBe(0);
    expect(JSON.parse(Buffer.from(token.stdout.split('.')[0], 'base64url').toString())).toEqual({
      alg: 'ES256',
      kid: 'P5UpOv0eMq1wcxLf7WxIg09JdSYGYFDOWkldueaImf0',
    });
    const verdict = await cli(
      'uri',
      'verify',
      '--key',
      RFC_JWKS,
      '--uri',
      `http://cdni.example/x?URISigningPackage=${token.stdout.trim()}`,
      '--now',
      String(NOW),
    );
    expect(verdict.code).toBe(0);
  });

  it('the RFC 9246 A.1 token verifies through the CLI at the time the example allows', async () => {
    const a1 = [
      'eyJhbGciOiJFUzI1NiIsImtpZCI6IlA1VXBPdjBlTXExd2N4TGY3V3hJZzA5SmRTWU',
      'dZRkRPV2tsZHVlYUltZjAifQ.eyJleHAiOjE2NDY4NjczNjksImlzcyI6InVDRE4gS',
      'W5jIiwiY2RuaXVjIjoiaGFzaDpzaGEtMjU2OzJ0ZGVyZldQYTg2S3U3WW56VzUxWVV',
      'wN2RHVWpCU18zU1czRUx4NGhtV1kifQ.TaNlJM3D96i_9J9XvlICO6FUIDFTqt3E2Y',
      'JkEUOLfcH0b89wYRKTbJ9Yj6h_GRgSoZoQO0cps3yUPcWGK3smCw',
    ].join('');
    const uri = `http://cdni.example/foo/bar?URISigningPackage=${a1}`;
    expect((await cli('uri', 'verify', '--key', RFC_JWKS, '--uri', uri, '--now', '1646867368')).code).toBe(0);
    const late = await cli('uri', 'verify', '--key', RFC_JWKS, '--uri', uri, '--now', '1646867369');
    expect(late.code).toBe(TOKEN_REFUSED_EXIT);
    expect(JSON.parse(late.stdout)).toMatchObject({ valid: false, reason: 'expired', code: 404, claim: 'exp' });
  });
});

describe('autopeer uri sign: cdniip and sub travel encrypted (RFC 9246 §2.1.2, §2.1.10)', () => {
  const personal = JSON.stringify({ iss: 'uCDN Inc', sub: 'UserToken', cdniip: '192.0.2.0/24', exp: NOW + 60, cdniuc: 'regex:^http://cdni\\.example/' });

  it('with the key file\'s "dir" key: JWEs in the token, plain text again in the verdict', async () => {
    const token = (await cli('uri', 'sign', '--key', RFC_JWKS, '--claims', personal)).stdout.trim();
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    for (const name of ['sub', 'cdniip']) expect(payload[name].split('.')).toHaveLength(5);
    expect(JSON.stringify(payload)).not.toContain('192.0.2');
    const uri = `http://cdni.example/a?URISigningPackage=${token}`;
    const verdict = await cli('uri', 'verify', '--key', RFC_JWKS, '--uri', uri, '--now', String(NOW), '--client-ip', '192.0.2.77');
    expect(JSON.parse(verdict.stdout)).toMatchObject({ valid: true, claims: { sub: 'UserToken', cdniip: '192.0.2.0/24' } });
    const outside = await cli('uri', 'verify', '--key', RFC_JWKS, '--uri', uri, '--now', String(NOW), '--client-ip', '198.51.100.1');
    expect(JSON.parse(outside.stdout)).toMatchObject({ valid: false, reason: 'client-ip', code: 410 });
  });

  it('without one: signed in clear, with a warning on stderr', async () => {
    const signed = await cli('uri', 'sign', '--key', HS_KEY, '--claims', personal);
    expect(signed.code).toBe(0);
    expect(signed.stderr).toContain('warning: cdniip and sub left unencrypted');
  });
});

describe('autopeer uri verify refusals (exit TOKEN_REFUSED_EXIT, verdict JSON on stdout)', () => {
  const signedUri = async (claims = CLAIMS) => (await cli('uri', 'sign', '--key', HS_KEY, '--claims', claims, '--uri', SEGMENT)).stdout.trim();

  it.each([
    ['expired', ['--audience', 'AS64500:0', '--now', String(NOW + 60)], 'expired'],
    ['another audience', ['--audience', 'AS64501:0'], 'audience'],
    ['no audience given', [], 'audience'],
    ['an issuer not accepted', ['--audience', 'AS64500:0', '--issuer', 'csp.example'], 'issuer'],
  ])('%s', async (_what, more, reason) => {
    const r = await cli('uri', 'verify', '--key', HS_KEY, '--uri', await signedUri(), '--now', String(NOW), ...more);
    expect(r.code).toBe(TOKEN_REFUSED_EXIT);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: false, reason });
    expect(r.stderr).toBe('');
  });

  it('another URI, a tampered token, a missing token, two tokens', async () => {
    const uri = await signedUri();
    expect(JSON.parse((await verify('--uri', uri.replace('/m1/', '/m2/'))).stdout).reason).toBe('uri-mismatch');
    expect(JSON.parse((await verify('--uri', uri.slice(0, -2) + (uri.endsWith('AA') ? 'BB' : 'AA'))).stdout).reason).toBe('signature');
    expect(JSON.parse((await verify('--uri', SEGMENT)).stdout)).toMatchObject({ reason: 'token-missing', code: null });
    expect(JSON.parse((await verify('--uri', `${uri}&${uri.split('?')[1]}`)).stdout).reason).toBe('token-duplicate');
  });

  it('a token signed with another key of the same kid', async () => {
    const other = join(dir, 'other.jwk');
    writeFileSync(other, JSON.stringify({ kty: 'oct', kid: 'ucdn-2026', alg: 'HS256', k: Buffer.alloc(32, 8).toString('base64url') }));
    const uri = (await cli('uri', 'sign', '--key', other, '--claims', CLAIMS, '--uri', SEGMENT)).stdout.trim();
    expect(JSON.parse((await verify('--uri', uri)).stdout).reason).toBe('signature');
  });
});

describe('autopeer uri invalid input (exit 2, the file and field named)', () => {
  const run = async (...argv: string[]) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    noTrace(r.stderr);
    return r.stderr;
  };

  it('a key file that is missing, a folder, not JSON, or not a key', async () => {
    const missing = join(dir, '..', '..', 'nowhere', '..', 'no-such-key.jwk');
    expect(await run('uri', 'sign', '--key', missing, '--claims', CLAIMS)).toContain(`${missing}: (file): expected a readable file`);
    const folder = join(dir, 'folder.jwk');
    mkdirSync(folder);
    expect(await run('uri', 'verify', '--key', folder, '--uri', SEGMENT)).toContain(
      `${folder}: (file): expected a regular file of at most 16 MiB, found a folder`,
    );
    const notJson = join(dir, 'bad.jwk');
    writeFileSync(notJson, '{"kty": "oct", ');
    expect(await run('uri', 'verify', '--key', notJson, '--uri', SEGMENT)).toMatch(new RegExp(`${notJson}: \\(root\\): expected JSON, found `));
    const array = join(dir, 'array.jwk');
    writeFileSync(array, '[1, 2]');
    expect(await run('uri', 'sign', '--key', array, '--claims', CLAIMS)).toContain(
      `${array}: (root): expected a JWK {"kty": …}, a JWK Set {"keys": […]} or an issuer map`,
    );
    const badSet = join(dir, 'set.jwks');
    writeFileSync(badSet, JSON.stringify({ keys: [{ kty: 'oct', k: 'AA' }, { k: 'x' }] }));
    expect(await run('uri', 'verify', '--key', badSet, '--uri', SEGMENT)).toContain(
      `${badSet}: keys[1].kty: expected a JWK key type ("oct" or "EC"), found nothing`,
    );
  });

  it('a public key cannot sign; several signing keys need --kid; an unknown --kid', async () => {
    const pub = join(dir, 'public.jwk');
    writeFileSync(
      pub,
      JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'be807S4O7dzB6I4hTiCUvmxCI6FuxWba1xYBlLSSsZ8', y: 'rOGC4vI69g-WF9AGEVI37sNNwbjIzBxSjLvIL7f3RBA' }),
    );
    expect(await run('uri', 'sign', '--key', pub, '--claims', CLAIMS)).toContain(`${pub}: (root): expected ES256 signing needs the private key`);
    const two = join(dir, 'two.jwks');
    writeFileSync(
      two,
      JSON.stringify({
        keys: [
          { kty: 'oct', kid: 'a', k: 'AAAA' },
          { kty: 'oct', kid: 'b', k: 'BBBB' },
        ],
      }),
    );
    expect(await run('uri', 'sign', '--key', two, '--claims', CLAIMS)).toContain('expected one signing key (choose it with --kid), found 2 keys');
    expect(await run('uri', 'sign', '--key', two, '--claims', CLAIMS, '--kid', 'c')).toContain(
      `${two}: (root): expected a key with kid "c", found kids ["a","b"]`,
    );
    expect((await cli('uri', 'sign', '--key', two, '--claims', CLAIMS, '--kid', 'b')).code).toBe(0);
  });

  it('claims that are not JSON, not an object, malformed or without cdniuc', async () => {
    expect(await run('uri', 'sign', '--key', HS_KEY, '--claims', '{"exp": ')).toContain('--claims: (root): expected JSON, found');
    expect(await run('uri', 'sign', '--key', HS_KEY, '--claims', '{"exp": "soon", "cdniuc": "regex:x"}')).toContain(
      '--claims: exp: expected a NumericDate (a finite JSON number), found "soon"',
    );
    expect(await run('uri', 'sign', '--key', HS_KEY, '--claims', '{"iss": "me"}')).toContain('--claims: cdniuc: expected the mandatory URI Container claim');
    const listFile = join(dir, 'claims-list.json');
    writeFileSync(listFile, '[]');
    expect(await run('uri', 'sign', '--key', HS_KEY, '--claims', listFile)).toContain(`${listFile}: (root): expected a JSON object of claims, found []`);
  });

  it('bad flags: --alg, --placement, --now', async () => {
    expect(await run('uri', 'sign', '--key', HS_KEY, '--claims', CLAIMS, '--alg', 'HS512')).toContain('--alg: expected HS256 or ES256, found "HS512"');
    expect(await run('uri', 'sign', '--key', HS_KEY, '--claims', CLAIMS, '--uri', SEGMENT, '--placement', 'header')).toContain(
      '--placement: expected query, path, cookie',
    );
    expect(await run('uri', 'sign', '--key', HS_KEY, '--claims', CLAIMS, '--placement', 'path')).toContain('--placement needs --uri');
    expect(await run('uri', 'verify', '--key', HS_KEY, '--uri', SEGMENT, '--now', 'soon')).toContain('--now: expected epoch seconds');
  });
});

describe('the built executable', () => {
  it('exits 0 for a valid token, TOKEN_REFUSED_EXIT for a refused one, 2 for a bad key file', () => {
    const main = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
    const signed = execFileSync(process.execPath, [main, 'uri', 'sign', '--key', HS_KEY, '--claims', CLAIMS, '--uri', SEGMENT], { encoding: 'utf8' }).trim();
    const status = (...argv: string[]) => spawnSync(process.execPath, [main, 'uri', 'verify', ...argv], { encoding: 'utf8' }).status;
    expect(status('--key', HS_KEY, '--uri', signed, '--audience', 'AS64500:0', '--now', String(NOW))).toBe(0);
    expect(status('--key', HS_KEY, '--uri', signed, '--audience', 'AS64500:0', '--now', String(NOW + 3600))).toBe(TOKEN_REFUSED_EXIT);
    expect(status('--key', join(dir, 'no-such.jwk'), '--uri', signed)).toBe(2);
  });
});
