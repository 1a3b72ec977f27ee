// Footprints and who hears of them. A peer serves a user region when one of its own sites is within
// its policy's footprint reach (footprintRtt) of it — the same test it applies to a call for
// proposals; the regions it serves are what it advertises (`servedRegions`), and an advertisement
// goes only to the CDNs of its bootstrap directory with users in one of them. A primary reads the
// same field to index what it knows by region. Must not depend on cdn/ internals or policies/.
import type { Advertisement, ServiceProfile } from './cdni/vocabulary.js';
import type { AgentEnv } from './env.js';

/** whether one of the CDN's own sites is within its footprint reach of `region` */
export function servesRegion(env: AgentEnv, region: string): boolean {
  const reach = env.params.footprintRttS * 1000;
  return env.port.sites.some((s) => env.port.rttMs(region, s.region) <= reach);
}

/** the directory's user regions this CDN's sites can serve, sorted */
export function servedRegions(env: AgentEnv): string[] {
  return [...env.world.directory.userRegions].filter((r) => servesRegion(env, r)).sort();
}

/** whether a profile accepts calls for at least one of `regions` (no servedRegions: everywhere) */
export function profileServes(profile: ServiceProfile, regions: readonly string[]): boolean {
  const served = profile.servedRegions;
  return served === undefined || regions.some((r) => served.includes(r));
}

/**
 * The CDNs an advertisement goes to from this CDN: those of its directory (not itself) with users
 * in a region one of the advertisement's profiles serves; a profile without servedRegions serves
 * every region, so its advertisement goes to the whole directory.
 */
export function advertisementTargets(env: AgentEnv, ad: Advertisement): string[] {
  const directory = env.world.directory;
  if (ad.profiles.some((p) => p.servedRegions === undefined)) return directory.ids.filter((id) => id !== env.id);
  const regions = new Set(ad.profiles.flatMap((p) => p.servedRegions ?? []));
  return directory.withUsersIn(regions).filter((id) => id !== env.id);
}
