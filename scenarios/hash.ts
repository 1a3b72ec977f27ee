// The content hash of a resolved scenario: sha256 of its canonical JSON (object keys sorted,
// recursively), together with its CDNs' resolved policies, so editing a policy file changes the
// hash; a trace file is hashed by its content's sha256, not its path. The seed is left out on purpose, so runs of one scenario under different seeds share a
// hash and a sweep's rows group by it. Depends only on node:crypto and ./types.
import { createHash } from 'node:crypto';
import type { Scenario } from './types.js';

/** JSON with object keys sorted at every level; array order is kept; undefined fields are skipped. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * sha256 hex of the scenario's canonical JSON without its `seed`; with `policies` (each CDN's
 * resolved policy definition, by CDN id) they are hashed too, under the key `policies`.
 */
export function scenarioHash(scenario: Scenario, policies?: Record<string, unknown>): string {
  const { seed: _seed, ...rest } = scenario;
  // a trace file counts by its content (its sha256), never by where it is
  const workload = rest.workload.map((w) => ('trace' in w.base ? { ...w, base: { ...w.base, trace: { ...w.base.trace, path: undefined } } } : w));
  const content = { ...rest, workload };
  const hashed = policies === undefined ? content : { ...content, policies };
  return createHash('sha256').update(canonicalJson(hashed)).digest('hex');
}
