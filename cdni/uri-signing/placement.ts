// Where a URI Signing Package travels (RFC 9246 §2, §2.1.15, §3.3): a form-style query parameter
// (`?URISigningPackage=<jwt>` / `&…`), a path-style parameter (`;URISigningPackage=<jwt>`, RFC 6570
// §3.2.7) or a cookie; finding it, removing it from the URI exactly as §2.1.15 prescribes before the
// URI is matched, and attaching it. Pure string handling; depends on nothing.

export const DEFAULT_PACKAGE_ATTRIBUTE = 'URISigningPackage';

export type Placement = 'query' | 'path' | 'cookie';

export interface FoundToken {
  token: string;
  placement: Placement;
  /** the URI with the package removed (§2.1.15), what cdniuc is matched against */
  uriWithoutToken: string;
}

export type TokenLookup = { ok: true; found: FoundToken } | { ok: false; reason: 'token-missing' | 'token-duplicate'; detail: string };

const SUB_DELIMS = "!$&'()*+,;=";
const RESERVED = `:/?#[]@${SUB_DELIMS}`;

interface Occurrence {
  /** index of the attribute name's first character */
  nameStart: number;
  /** index just past the token */
  valueEnd: number;
  token: string;
  placement: Placement;
}

/** Package parameters in the URI: `;name=` in the path, `?name=` / `&name=` in the query; never in the fragment. */
function findOccurrences(uri: string, attribute: string): Occurrence[] {
  const hash = uri.indexOf('#');
  const end = hash < 0 ? uri.length : hash;
  const queryStart = uri.indexOf('?') < 0 || uri.indexOf('?') > end ? end : uri.indexOf('?');
  const found: Occurrence[] = [];
  const needle = `${attribute}=`;
  for (let at = uri.indexOf(needle, 1); at >= 0 && at < end; at = uri.indexOf(needle, at + 1)) {
    const before = uri[at - 1];
    const placement: Placement | null = at < queryStart ? (before === ';' ? 'path' : null) : before === '?' || before === '&' ? 'query' : null;
    if (placement === null) continue;
    let valueEnd = at + needle.length;
    while (valueEnd < end && !RESERVED.includes(uri[valueEnd])) valueEnd++;
    found.push({ nameStart: at, valueEnd, token: uri.slice(at + needle.length, valueEnd), placement });
  }
  return found;
}

/**
 * RFC 9246 §2.1.15: a token ended by a sub-delimiter goes with that delimiter (`name=jwt&`); otherwise
 * it goes with the reserved character before the attribute (`?name=jwt`, `;name=jwt`).
 */
function removeOccurrence(uri: string, occurrence: Occurrence): string {
  const terminator = uri[occurrence.valueEnd];
  if (terminator !== undefined && SUB_DELIMS.includes(terminator)) return uri.slice(0, occurrence.nameStart) + uri.slice(occurrence.valueEnd + 1);
  return uri.slice(0, occurrence.nameStart - 1) + uri.slice(occurrence.valueEnd);
}

/** The values of cookie `name` in Cookie header values (`a=1; URISigningPackage=…`), in order. */
export function cookieValues(cookieHeaders: readonly string[], name: string): string[] {
  return cookieHeaders.flatMap((header) =>
    header
      .split(';')
      .map((pair) => pair.trim())
      .filter((pair) => pair.startsWith(`${name}=`))
      .map((pair) => pair.slice(name.length + 1).replace(/^"(.*)"$/, '$1')),
  );
}

/**
 * Finds the signed JWT of a request: in the URI (query or path parameter) first, else in a cookie.
 * Two packages in the URI are refused (RFC 9246 §2 leaves it undefined; refusing is the safe reading);
 * among several cookies of that name the first is taken (RFC 6265 §5.4 sends the longest path first).
 */
export function extractToken(uri: string, cookieHeaders: readonly string[] = [], options: { attribute?: string } = {}): TokenLookup {
  const attribute = options.attribute ?? DEFAULT_PACKAGE_ATTRIBUTE;
  const occurrences = findOccurrences(uri, attribute);
  if (occurrences.length > 1) return { ok: false, reason: 'token-duplicate', detail: `the URI carries ${occurrences.length} "${attribute}" parameters` };
  if (occurrences.length === 1) {
    const [occurrence] = occurrences;
    return { ok: true, found: { token: occurrence.token, placement: occurrence.placement, uriWithoutToken: removeOccurrence(uri, occurrence) } };
  }
  const [cookie] = cookieValues(cookieHeaders, attribute);
  if (cookie !== undefined) return { ok: true, found: { token: cookie, placement: 'cookie', uriWithoutToken: uri } };
  return { ok: false, reason: 'token-missing', detail: `no "${attribute}" query or path parameter and no such cookie` };
}

/** The URI without its package (for matching), or the URI unchanged when it carries none or several. */
export function stripToken(uri: string, attribute = DEFAULT_PACKAGE_ATTRIBUTE): string {
  const occurrences = findOccurrences(uri, attribute);
  return occurrences.length === 1 ? removeOccurrence(uri, occurrences[0]) : uri;
}

export interface AttachedToken {
  uri: string;
  /** for the cookie placement: the Cookie header value the user agent sends */
  cookie?: string;
}

/** Puts a token where `placement` says: last query parameter, a path-style parameter ending the path, or a cookie. */
export function attachToken(uri: string, token: string, placement: Placement, attribute = DEFAULT_PACKAGE_ATTRIBUTE): AttachedToken {
  const hash = uri.indexOf('#');
  const body = hash < 0 ? uri : uri.slice(0, hash);
  const fragment = hash < 0 ? '' : uri.slice(hash);
  const parameter = `${attribute}=${token}`;
  if (placement === 'cookie') return { uri, cookie: parameter };
  if (placement === 'query') return { uri: `${body}${body.includes('?') ? '&' : '?'}${parameter}${fragment}` };
  const query = body.indexOf('?');
  const path = query < 0 ? body : body.slice(0, query);
  return { uri: `${path};${parameter}${query < 0 ? '' : body.slice(query)}${fragment}` };
}
