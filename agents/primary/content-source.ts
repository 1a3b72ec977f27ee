// The primary's choice of the source its metadata names (MI.SourceMetadata): for each of the
// arrangement's regions, the peer's site that would serve it (its footprint region nearest that
// region, as the advertisement tells; the region itself when no footprint is known) acquires from
// the primary's site nearest to it or from the origin; the primary is named when its sites are
// nearer on average, else the origin (a scenario's `content.source` fixes it). The peer's misses then
// acquire from the primary's nearest site that is up, the origin being the backup.
import type { ArrangementMetadata } from '../cdni/vocabulary.js';
import type { AgentEnv } from '../env.js';

export function chooseSource(env: AgentEnv, regions: readonly string[], peerFootprint: readonly string[]): ArrangementMetadata['source'] {
  const port = env.port;
  const origin = env.world.originRegion;
  const fixed = port.content.fixedSource;
  const nearest = (from: string, among: readonly string[]) => {
    let best: { region: string; ms: number } | null = null;
    for (const region of among) {
      const ms = port.rttMs(from, region);
      if (best === null || ms < best.ms) best = { region, ms };
    }
    return best;
  };
  const own = port.sites.map((s) => s.region);
  const servingRegions = regions.map((r) => nearest(r, peerFootprint)?.region ?? r);
  const first = servingRegions.length > 0 ? nearest(servingRegions[0], own) : null;
  if (fixed === 'origin' || first === null) return { kind: 'origin', region: origin };
  if (fixed === 'primary') return { kind: 'primary', region: first.region };
  const mean = (ms: (r: string) => number) => servingRegions.reduce((sum, r) => sum + ms(r), 0) / servingRegions.length;
  const toOwn = mean((r) => nearest(r, own)?.ms ?? Infinity);
  const toOrigin = mean((r) => port.rttMs(r, origin));
  return toOwn < toOrigin ? { kind: 'primary', region: first.region } : { kind: 'origin', region: origin };
}
