// URI normalization for URI signing (RFC 9246 §2.1.15): the syntax-based normalization of RFC 3986
// §6.2.2 (case, percent-encoding, dot segments) and the scheme-based one of §6.2.3 / RFC 7230 §2.7.3
// (default port, empty path) for http and https URIs, in their percent-encoded form. Used both when a
// `hash:` container is generated and when a request is matched. Pure and synchronous; depends on nothing.

export type UriNormalization = { ok: true; uri: string; path: string } | { ok: false; error: string };

const ALLOWED = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;
const RFC3986_PARTS = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;
const UNRESERVED = /[A-Za-z0-9\-._~]/;
const DEFAULT_PORT: Record<string, string> = { http: '80', https: '443' };

/** `%7e` ⇒ `~` (unreserved characters decoded), every other escape in upper case: `%2f` ⇒ `%2F`. */
export function normalizePercentEncoding(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_escape, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}

/** RFC 3986 §5.2.4: `/a/b/../c/./d` ⇒ `/a/c/d`. */
export function removeDotSegments(path: string): string {
  const output: string[] = [];
  let input = path;
  while (input.length > 0) {
    if (input.startsWith('../')) input = input.slice(3);
    else if (input.startsWith('./')) input = input.slice(2);
    else if (input.startsWith('/./')) input = input.slice(2);
    else if (input === '/.') input = '/';
    else if (input.startsWith('/../') || input === '/..') {
      input = input === '/..' ? '/' : input.slice(3);
      output.pop();
    } else if (input === '.' || input === '..') input = '';
    else {
      const next = input.indexOf('/', input.startsWith('/') ? 1 : 0);
      const segment = next < 0 ? input : input.slice(0, next);
      output.push(segment);
      input = input.slice(segment.length);
    }
  }
  return output.join('');
}

/** Lower case outside percent escapes (the host after its escapes were normalized). */
const lowerOutsideEscapes = (text: string) => text.replace(/%[0-9A-F]{2}|[^%]+/g, (part) => (part.startsWith('%') ? part : part.toLowerCase()));

function normalizeAuthority(authority: string, scheme: string): UriNormalization {
  const at = authority.lastIndexOf('@');
  const userinfo = at < 0 ? null : normalizePercentEncoding(authority.slice(0, at));
  const hostPort = authority.slice(at + 1);
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(hostPort);
  if (!match) return { ok: false, error: `malformed host or port "${hostPort}"` };
  const host = lowerOutsideEscapes(normalizePercentEncoding(match[1]));
  if (host === '') return { ok: false, error: 'the URI has no host' };
  const port = match[2] === undefined || match[2] === '' || Number(match[2]) === Number(DEFAULT_PORT[scheme]) ? '' : `:${match[2]}`;
  const text = `${userinfo === null ? '' : `${userinfo}@`}${host}${port}`;
  return { ok: true, uri: text, path: '' };
}

/**
 * The normalized form of an absolute http(s) URI, or why it cannot be normalized (a character that
 * must be percent-encoded, a broken escape, no host, another scheme).
 */
export function normalizeUri(uri: string): UriNormalization {
  const badChar = [...uri].find((c) => !ALLOWED.test(c));
  if (badChar !== undefined) return { ok: false, error: `character ${JSON.stringify(badChar)} must be percent-encoded` };
  if (BAD_PERCENT.test(uri)) return { ok: false, error: 'a "%" not followed by two hex digits' };
  const [, rawScheme, authority, rawPath, query, fragment] = RFC3986_PARTS.exec(uri) as RegExpExecArray;
  const scheme = (rawScheme ?? '').toLowerCase();
  if (!Object.hasOwn(DEFAULT_PORT, scheme)) return { ok: false, error: `expected an http or https URI, found scheme "${rawScheme ?? ''}"` };
  if (authority === undefined) return { ok: false, error: 'the URI has no authority ("//host")' };
  const normalizedAuthority = normalizeAuthority(authority, scheme);
  if (!normalizedAuthority.ok) return normalizedAuthority;
  const path = removeDotSegments(normalizePercentEncoding(rawPath)) || '/';
  const tail = `${query === undefined ? '' : `?${normalizePercentEncoding(query)}`}${fragment === undefined ? '' : `#${normalizePercentEncoding(fragment)}`}`;
  return { ok: true, uri: `${scheme}://${normalizedAuthority.uri}${path}${tail}`, path };
}
