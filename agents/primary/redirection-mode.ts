// Which redirection mode an arrangement's lane runs, from what the peer advertised (FCI
// RedirectionMode, RFC 8008): the primary's own (the network's iterative or recursive, over its
// request routing: HTTP or DNS) when the peer lists it, else the other one the peer lists over the
// same routing, else its own (the peer did not say). A peer that lists no mode over the primary's
// request routing is not a candidate at all (`redirectsOver`: RI's 506, redirection protocol
// unsupported — a DNS-routed request cannot be sent to a peer that takes only HTTP redirects, nor
// passed down a cascade to one: `dns-only`). Pure; no cdn/ internals.
import type { RedirectionMode } from '../cdni/vocabulary.js';

/** whether a peer that advertised `modes` (undefined: it did not say) can take requests redirected over this routing */
export function redirectsOver(modes: readonly RedirectionMode[] | undefined, viaDns: boolean): boolean {
  if (modes === undefined) return true;
  const prefix = viaDns ? 'DNS-' : 'HTTP-';
  return modes.some((m) => m.startsWith(prefix));
}

export function chooseRedirectionMode(
  own: 'iterative' | 'recursive',
  viaDns: boolean,
  advertised: readonly RedirectionMode[] | null,
): 'iterative' | 'recursive' {
  if (advertised === null) return own;
  const prefix = viaDns ? 'DNS' : 'HTTP';
  const name = (mode: 'iterative' | 'recursive'): RedirectionMode => `${prefix}-${mode === 'iterative' ? 'I' : 'R'}`;
  if (advertised.includes(name(own))) return own;
  const other = own === 'iterative' ? 'recursive' : 'iterative';
  return advertised.includes(name(other)) ? other : own;
}
