// `autopeer uri sign` and `autopeer uri verify`: RFC 9246 signed URIs from the command line. Reads the
// key file (a JWK, a JWK Set or an issuer map) and the claims (a file or inline JSON), calls
// cdni/uri-signing, prints the token / signed URI or the verdict as JSON. Invalid input is an
// InputError naming the file, the field, what was expected and what was found (exit 2); a refused
// token exits TOKEN_REFUSED_EXIT. The only reader of the wall clock on this path (verify without --now).
import type { Command } from 'commander';
import type { JWK } from 'jose';
import { claimShapeIssue, renew } from '../cdni/uri-signing/claims.js';
import { attachToken, DEFAULT_PACKAGE_ATTRIBUTE, type Placement } from '../cdni/uri-signing/placement.js';
import {
  algorithmOfKey,
  encryptPersonalClaims,
  isEncryptionKey,
  keyProblem,
  PERSONAL_CLAIMS,
  SIGNING_ALGORITHMS,
  signToken,
  verifySignedRequest,
  type SigningAlgorithm,
  type UriSigningKeys,
} from '../cdni/uri-signing/token.js';
import { readDocumentText } from '../input/document.js';
import { formatFound, inputError } from '../input/input-error.js';
import { ExitCode, type CliIo } from './io.js';

/** Exit code of `uri verify` when the token is refused (0: valid, 2: invalid input, 1: internal error). */
export const TOKEN_REFUSED_EXIT = 4;

const PLACEMENTS: readonly Placement[] = ['query', 'path', 'cookie'];

export interface UriSignOptions {
  key: string;
  claims: string;
  alg?: string;
  kid?: string;
  uri?: string;
  placement?: string;
  attribute?: string;
}

export interface UriVerifyOptions {
  key: string;
  uri: string;
  cookie?: string[];
  clientIp?: string;
  audience?: string[];
  issuer?: string[];
  crit?: string[];
  now?: string;
  attribute?: string;
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw inputError(source, '(root)', 'JSON', error instanceof Error ? error.message : String(error));
  }
}

/** A JSON file, read as scenario files are (a folder, a FIFO, a device or an over-large file is an InputError). */
function readJsonFile(file: string): unknown {
  return parseJson(readDocumentText(file), file);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkedKeys(value: unknown, file: string, path: string): JWK[] {
  if (!Array.isArray(value)) throw inputError(file, path, 'an array of JWKs', formatFound(value));
  value.forEach((jwk, i) => {
    if (!isObject(jwk) || typeof jwk.kty !== 'string')
      throw inputError(file, `${path}[${i}].kty`, 'a JWK key type ("oct" or "EC")', formatFound(isObject(jwk) ? jwk.kty : jwk));
  });
  return value as JWK[];
}

/** A JWK `{"kty": …}`, a JWK Set `{"keys": […]}` or an issuer map `{"<iss>": {"keys": […]}}` (Apache Traffic Server's layout). */
export function readKeyFile(file: string): UriSigningKeys & { all: JWK[] } {
  const doc = readJsonFile(file);
  const expected = 'a JWK {"kty": …}, a JWK Set {"keys": […]} or an issuer map {"<iss>": {"keys": […]}}';
  if (!isObject(doc)) throw inputError(file, '(root)', expected, formatFound(doc));
  if (typeof doc.kty === 'string') return { keys: [doc as JWK], all: [doc as JWK] };
  if (Object.hasOwn(doc, 'keys')) {
    const keys = checkedKeys(doc.keys, file, 'keys');
    return { keys, all: keys };
  }
  const entries = Object.entries(doc);
  if (entries.length === 0) throw inputError(file, '(root)', expected, '{}');
  const byIssuer = Object.fromEntries(
    entries.map(([iss, set]) => {
      if (!isObject(set)) throw inputError(file, iss, 'an object {"keys": […]} of that issuer', formatFound(set));
      return [iss, checkedKeys(set.keys, file, `${iss}.keys`)];
    }),
  );
  return { byIssuer, all: Object.values(byIssuer).flat() };
}

function signingAlgorithm(alg: string | undefined, jwk: JWK | undefined): SigningAlgorithm {
  const chosen = alg ?? (jwk && algorithmOfKey(jwk));
  if (!SIGNING_ALGORITHMS.includes(chosen as SigningAlgorithm)) {
    throw new ExitCode(2, `${alg === undefined ? `the key's algorithm` : '--alg'}: expected ${SIGNING_ALGORITHMS.join(' or ')}, found ${formatFound(chosen)}`);
  }
  return chosen as SigningAlgorithm;
}

/** The one key that can sign (by --kid when the file has several). */
function pickSigningKey(file: string, keys: readonly JWK[], options: UriSignOptions): { jwk: JWK; alg: SigningAlgorithm } {
  const byKid = options.kid === undefined ? keys : keys.filter((k) => k.kid === options.kid);
  if (byKid.length === 0) throw inputError(file, '(root)', `a key with kid "${options.kid}"`, `kids ${formatFound(keys.map((k) => k.kid ?? null))}`);
  const usable = byKid.filter((k) => k.use !== 'enc' && SIGNING_ALGORITHMS.includes(algorithmOfKey(k) as SigningAlgorithm));
  const signing = usable.filter((k) => keyProblem(k, signingAlgorithm(options.alg, k), 'sign') === null);
  if (signing.length === 1) return { jwk: signing[0], alg: signingAlgorithm(options.alg, signing[0]) };
  if (signing.length > 1)
    throw inputError(
      file,
      '(root)',
      'one signing key (choose it with --kid)',
      `${signing.length} keys, kids ${formatFound(signing.map((k) => k.kid ?? null))}`,
    );
  const first = usable[0] ?? byKid[0];
  const problem = keyProblem(first, signingAlgorithm(options.alg, first), 'sign') ?? 'a signing key (kty "oct" for HS256, an EC P-256 private key for ES256)';
  throw inputError(
    file,
    keys.length === 1 ? '(root)' : `kid ${formatFound(first.kid ?? null)}`,
    problem,
    `kty ${formatFound(first.kty)}${first.use ? `, use ${formatFound(first.use)}` : ''}`,
  );
}

function readClaims(value: string): Record<string, unknown> {
  const inline = value.trimStart().startsWith('{');
  const source = inline ? '--claims' : value;
  const doc = inline ? parseJson(value, source) : readJsonFile(value);
  if (!isObject(doc)) throw inputError(source, '(root)', 'a JSON object of claims', formatFound(doc));
  const issue = claimShapeIssue(doc);
  if (issue) throw inputError(source, issue.claim, issue.expected, issue.found);
  return doc;
}

function placementOf(options: { placement?: string; uri?: string }): Placement {
  const placement = options.placement ?? 'query';
  if (!PLACEMENTS.includes(placement as Placement)) throw new ExitCode(2, `--placement: expected ${PLACEMENTS.join(', ')}, found "${placement}"`);
  if (options.placement !== undefined && options.uri === undefined) throw new ExitCode(2, '--placement needs --uri (the URI to sign)');
  return placement as Placement;
}

/** cdniip and sub encrypted with the key file's "dir" key (use "enc"); without one they stay plain, with a warning. */
async function protectPersonalClaims(claims: Record<string, unknown>, keys: readonly JWK[], io: CliIo): Promise<Record<string, unknown>> {
  const plain = PERSONAL_CLAIMS.filter((name) => typeof claims[name] === 'string');
  if (plain.length === 0) return claims;
  const encryptionKey = keys.find((k) => k.use === 'enc' && isEncryptionKey(k));
  if (encryptionKey) return encryptPersonalClaims(claims, encryptionKey);
  io.err(`warning: ${plain.join(' and ')} left unencrypted: RFC 9246 wants them as JWE; add an oct key with "use": "enc" to the key file\n`);
  return claims;
}

/** Prints the compact JWS, or with --uri the signed URI (cookie placement: the URI, then the Cookie header). */
export async function uriSignCommand(options: UriSignOptions, io: CliIo): Promise<void> {
  const placement = placementOf(options);
  const { all } = readKeyFile(options.key);
  const { jwk, alg } = pickSigningKey(options.key, all, options);
  const token = await signToken(await protectPersonalClaims(readClaims(options.claims), all, io), jwk, alg);
  if (options.uri === undefined) return io.out(`${token}\n`);
  const attached = attachToken(options.uri, token, placement, options.attribute ?? DEFAULT_PACKAGE_ATTRIBUTE);
  io.out(`${attached.uri}\n${attached.cookie === undefined ? '' : `Cookie: ${attached.cookie}\n`}`);
}

function nowSeconds(now: string | undefined): number {
  if (now === undefined) return Math.floor(Date.now() / 1000);
  const n = Number(now);
  if (now.trim() === '' || !Number.isFinite(n)) throw new ExitCode(2, `--now: expected epoch seconds (like 1646867368), found "${now}"`);
  return n;
}

/** Prints the verdict as JSON (with the renewal the token asks for); exit 0 when valid, TOKEN_REFUSED_EXIT when refused. */
export async function uriVerifyCommand(options: UriVerifyOptions, io: CliIo): Promise<void> {
  const nowS = nowSeconds(options.now);
  const { keys, byIssuer } = readKeyFile(options.key);
  const verdict = await verifySignedRequest({
    uri: options.uri,
    cookies: options.cookie ?? [],
    attribute: options.attribute,
    keys: { keys, byIssuer },
    nowS,
    clientIp: options.clientIp,
    audiences: options.audience ?? [],
    issuers: options.issuer ?? [],
    understoodCriticalClaims: options.crit ?? [],
    isJtiFresh: () => true,
  });
  if (!verdict.ok) {
    const { ok: _ok, ...refusal } = verdict;
    io.out(`${JSON.stringify({ valid: false, ...refusal }, null, 2)}\n`);
    throw new ExitCode(TOKEN_REFUSED_EXIT);
  }
  const plan = renew(verdict.claims, nowS, verdict.uriWithoutToken);
  const renewal = plan.ok
    ? { transport: plan.transport, exp: plan.claims.exp, scopePath: plan.scopePath }
    : plan.reason === 'not-requested'
      ? undefined
      : { refused: plan.reason, detail: plan.detail };
  const { ok: _ok, ...accepted } = verdict;
  io.out(`${JSON.stringify({ valid: true, nowS, ...accepted, ...(renewal ? { renewal } : {}) }, null, 2)}\n`);
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerUriCommands(program: Command, io: CliIo): void {
  const uri = program.command('uri').description('RFC 9246 URI signing: sign a token or a URI, verify a signed request');
  uri
    .command('sign')
    .description('sign claims as a JWS (HS256 or ES256); print the token, or with --uri the signed URI')
    .requiredOption('--key <file>', 'a JWK, a JWK Set or an issuer map file holding the signing key (oct for HS256, EC P-256 private for ES256)')
    .requiredOption('--claims <file|json>', 'the claims: a JSON file, or inline JSON starting with "{" (cdniuc is mandatory)')
    .option('--alg <alg>', "HS256 or ES256 (default: the key's alg, else by key type)")
    .option('--kid <kid>', 'the key to sign with when the file holds several')
    .option('--uri <uri>', 'also attach the token to this URI')
    .option('--placement <where>', 'query (default), path (;URISigningPackage=…) or cookie (prints a Cookie header line)')
    .option('--attribute <name>', `the URI Signing Package attribute name (default ${DEFAULT_PACKAGE_ATTRIBUTE})`)
    .action((options: UriSignOptions) => uriSignCommand(options, io));
  uri
    .command('verify')
    .description(
      `verify a signed request (signature, then every RFC 9246 claim rule) and print the verdict as JSON; exit 0 valid, ${TOKEN_REFUSED_EXIT} refused, 2 invalid input. ` +
        'jti is checked against an empty replay store (one invocation is one request)',
    )
    .requiredOption('--key <file>', 'a JWK, a JWK Set or an issuer map {"<iss>": {"keys": […]}} (with the "dir" key that decrypts cdniip/sub, if any)')
    .requiredOption('--uri <uri>', 'the request URI as received, token included (unless it comes in a cookie)')
    .option('--cookie <header>', 'a Cookie header value (repeatable)', collect)
    .option('--client-ip <address>', "the client's address (for cdniip)")
    .option('--audience <id>', 'an identity of this CDN accepted in aud (repeatable)', collect)
    .option('--issuer <iss>', 'an accepted issuer (repeatable; default: any issuer with a key)', collect)
    .option('--crit <claim>', 'an extension claim this verifier understands, so cdnicrit may list it (repeatable)', collect)
    .option('--now <epoch-s>', 'the verification time in NumericDate seconds (default: the wall clock)')
    .option('--attribute <name>', `the URI Signing Package attribute name (default ${DEFAULT_PACKAGE_ATTRIBUTE})`)
    .action((options: UriVerifyOptions) => uriVerifyCommand(options, io));
}
