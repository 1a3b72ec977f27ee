// The primary's choice of the source its metadata names (MI.SourceMetadata): its own site nearest
// the arrangement's regions when that site is nearer to them than the origin, else the origin (a
// scenario's `content.source` fixes it). The peer's misses then acquire from the primary's nearest
// site that is up, the origin being the backup. Must not depend on cdn/ (beyond the port).
import type { ArrangementMetadata } from '../cdni/vocabulary.js';
import type { AgentEnv } from '../env.js';

export function chooseSource(env: AgentEnv, regions: readonly string[]): ArrangementMetadata['source'] {
  const port = env.port;
  const origin = env.world.originRegion;
  const fixed = port.content.fixedSource;
  const nearestOwn = (region: string) => {
    let best: { region: string; ms: number } | null = null;
    for (const site of port.sites) {
      const ms = port.rttMs(region, site.region);
      if (best === null || ms < best.ms) best = { region: site.region, ms };
    }
    return best;
  };
  const own = regions.length > 0 ? nearestOwn(regions[0]) : null;
  if (fixed === 'origin' || own === null) return { kind: 'origin', region: origin };
  if (fixed === 'primary') return { kind: 'primary', region: own.region };
  const meanMs = (from: (r: string) => number) => regions.reduce((sum, r) => sum + from(r), 0) / regions.length;
  const toOwn = meanMs((r) => nearestOwn(r)?.ms ?? Infinity);
  const toOrigin = meanMs((r) => port.rttMs(r, origin));
  return toOwn < toOrigin ? { kind: 'primary', region: own.region } : { kind: 'origin', region: origin };
}
