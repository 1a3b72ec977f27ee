// The K of MAPE-K: what an agent knows of the other CDNs — their latest advertisements (with
// validity), indexed by the user regions their profiles serve, the advertisements relayed to it
// through a transit CDN (kept apart: it has no interconnection with their origin), and the QoS
// history it observed from each. Never a peer's internals.
// Must not depend on cdn/ or policies/.
import type { Advertisement, ServiceProfile } from './cdni/vocabulary.js';
import { emptyHistory, type PeerHistory } from './predictors.js';

/** an advertisement heard through a transit CDN: its origin's footprint is reachable via `via` */
export interface RelayedAdvertisement {
  advertisement: Advertisement;
  via: string;
  cdnPath: readonly string[];
}

const byPeer = (a: Advertisement, b: Advertisement) => (a.peer < b.peer ? -1 : a.peer > b.peer ? 1 : 0);

/** whether two advertisements' profiles serve the same regions, profile by profile (what the region index holds) */
function sameServedRegions(a: Advertisement, b: Advertisement): boolean {
  if (a.profiles.length !== b.profiles.length) return false;
  return a.profiles.every((p, i) => {
    const x = p.servedRegions;
    const y = b.profiles[i].servedRegions;
    if (x === y) return true;
    return x !== undefined && y !== undefined && x.length === y.length && x.every((r, k) => r === y[k]);
  });
}

export class Knowledge {
  private readonly ads = new Map<string, Advertisement>();
  /** region → the peers with a profile serving it; `everywhere`: peers with a profile serving every region */
  private readonly byRegion = new Map<string, Set<string>>();
  private readonly everywhere = new Set<string>();
  private readonly relayedAds = new Map<string, RelayedAdvertisement>();
  private readonly histories = new Map<string, PeerHistory>();
  private readonly distrusted = new Set<string>();

  /** the profile `profileId` of `peer`'s newest advertisement, if known */
  profile(peer: string, profileId: string): ServiceProfile | undefined {
    return this.ads.get(peer)?.profiles.find((p) => p.id === profileId);
  }

  /** keep the newest advertisement of each peer (older versions arriving late are ignored) */
  learn(ad: Advertisement): void {
    const known = this.ads.get(ad.peer);
    if (known && ad.version <= known.version) return;
    this.ads.set(ad.peer, ad);
    // a peer's served regions rarely change between its advertisements: the index stays as it is
    if (known && sameServedRegions(known, ad)) return;
    if (known) this.unindex(known);
    this.index(ad);
  }

  /** keep the newest advertisement of each origin heard through a transit CDN */
  learnRelayed(ad: Advertisement, via: string, cdnPath: readonly string[]): void {
    const known = this.relayedAds.get(ad.peer);
    if (!known || ad.version > known.advertisement.version) this.relayedAds.set(ad.peer, { advertisement: ad, via, cdnPath });
  }

  /** what it heard through transit CDNs, by origin, in origin-id order */
  relayed(): RelayedAdvertisement[] {
    return [...this.relayedAds.values()].sort((a, b) => byPeer(a.advertisement, b.advertisement));
  }

  /** advertisements still valid at `now`, in peer-id order */
  validAds(now: number): Advertisement[] {
    return [...this.ads.values()].filter((ad) => ad.issuedAtS + ad.validForS >= now).sort(byPeer);
  }

  /**
   * Advertisements still valid at `now` with a profile serving one of `regions`, in peer-id order:
   * the same as validAds(now) filtered by profileServes (../footprint), read from the region index.
   */
  validAdsServing(regions: readonly string[], now: number): Advertisement[] {
    const peers = new Set(this.everywhere);
    for (const r of regions) for (const p of this.byRegion.get(r) ?? []) peers.add(p);
    const out: Advertisement[] = [];
    for (const p of peers) {
      const ad = this.ads.get(p) as Advertisement;
      if (ad.issuedAtS + ad.validForS >= now) out.push(ad);
    }
    return out.sort(byPeer);
  }

  /** whether the peer's latest advertisement is still valid at `now` */
  isValid(peer: string, now: number): boolean {
    const ad = this.ads.get(peer);
    return ad !== undefined && ad.issuedAtS + ad.validForS >= now;
  }

  /** a peer its logs showed delivering against the metadata: it is never selected again */
  distrust(peer: string): void {
    this.distrusted.add(peer);
  }

  distrusts(peer: string): boolean {
    return this.distrusted.has(peer);
  }

  history(peer: string): PeerHistory {
    let h = this.histories.get(peer);
    if (!h) {
      h = emptyHistory();
      this.histories.set(peer, h);
    }
    return h;
  }

  private index(ad: Advertisement): void {
    for (const profile of ad.profiles) {
      if (profile.servedRegions === undefined) {
        this.everywhere.add(ad.peer);
        continue;
      }
      for (const r of profile.servedRegions) {
        let set = this.byRegion.get(r);
        if (!set) this.byRegion.set(r, (set = new Set()));
        set.add(ad.peer);
      }
    }
  }

  private unindex(ad: Advertisement): void {
    this.everywhere.delete(ad.peer);
    for (const profile of ad.profiles) for (const r of profile.servedRegions ?? []) this.byRegion.get(r)?.delete(ad.peer);
  }
}
