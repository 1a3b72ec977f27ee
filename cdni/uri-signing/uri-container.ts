// The URI Container claim `cdniuc` (RFC 9246 §2.1.11, §2.1.15): `hash:` (the RFC 6920 §5 URL-segment
// form `sha-256;<base64url digest>` of the normalized URI) and `regex:` (a POSIX ERE searched in the
// normalized URI). Other container types are refused. Pure and synchronous (node:crypto's hash only);
// depends on nothing of the simulator and on no JOSE library.
import { createHash } from 'node:crypto';
import { compilePosixEre } from './posix-ere.js';

export type ContainerMatch = { ok: true; matches: boolean } | { ok: false; error: string };

/** RFC 6920 hash names for SHA-256 and its truncations, with the digest length kept in bytes. */
const NI_HASH_BYTES: Record<string, number> = { 'sha-256': 32, 'sha-256-128': 16, 'sha-256-120': 15, 'sha-256-96': 12, 'sha-256-64': 8, 'sha-256-32': 4 };

/** base64url (no padding) SHA-256 of the already-normalized URI, for callers that hash once per request */
export function uriSha256(normalizedUri: string): string {
  return createHash('sha256').update(normalizedUri, 'utf8').digest('base64url');
}

/** The `hash:` container value for a normalized URI: `sha-256;<base64url digest>`. */
export function hashContainer(normalizedUri: string): string {
  return `hash:sha-256;${uriSha256(normalizedUri)}`;
}

function matchHash(value: string, normalizedUri: string, precomputedSha256: string | undefined): ContainerMatch {
  const separator = value.indexOf(';');
  const algorithm = separator < 0 ? '' : value.slice(0, separator).toLowerCase();
  if (!Object.hasOwn(NI_HASH_BYTES, algorithm)) {
    return { ok: false, error: `expected hash:<alg>;<digest> with alg one of ${Object.keys(NI_HASH_BYTES).join(', ')}, found "hash:${value}"` };
  }
  const digest = Buffer.from(precomputedSha256 ?? uriSha256(normalizedUri), 'base64url');
  const expected = digest.subarray(0, NI_HASH_BYTES[algorithm]).toString('base64url');
  return { ok: true, matches: value.slice(separator + 1) === expected };
}

function matchRegex(pattern: string, normalizedUri: string): ContainerMatch {
  const compiled = compilePosixEre(pattern);
  if (!compiled.ok) return { ok: false, error: `regex container is not a usable POSIX ERE: ${compiled.error}` };
  return { ok: true, matches: compiled.matcher.test(normalizedUri) };
}

/**
 * Whether the container matches the normalized request URI (token removed). `precomputedSha256` is
 * the base64url SHA-256 of that URI when the caller already has it (keeps hashing off a hot path).
 */
export function matchUriContainer(container: string, normalizedUri: string, precomputedSha256?: string): ContainerMatch {
  const colon = container.indexOf(':');
  const kind = colon < 0 ? container : container.slice(0, colon);
  const value = container.slice(colon + 1);
  if (colon >= 0 && kind === 'hash') return matchHash(value, normalizedUri, precomputedSha256);
  if (colon >= 0 && kind === 'regex') return matchRegex(value, normalizedUri);
  const hint = kind === 'uri-regex' ? ' ("uri-regex:" is the pre-RFC draft form; RFC 9246 writes "regex:")' : '';
  return { ok: false, error: `expected a "hash:" or "regex:" container, found "${container.slice(0, 40)}"${hint}` };
}
