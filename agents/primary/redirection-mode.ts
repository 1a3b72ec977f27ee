// Which redirection mode an arrangement's lane runs, from what the peer advertised (FCI
// RedirectionMode, RFC 8008): the primary's own (the network's iterative or recursive, over its
// request routing: HTTP or DNS) when the peer lists it, else the other one the peer lists over the
// same routing, else its own (the peer did not say, or lists nothing usable). Pure; no cdn/ internals.
import type { RedirectionMode } from '../cdni/vocabulary.js';

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
