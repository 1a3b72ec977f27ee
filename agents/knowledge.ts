// The K of MAPE-K: what an agent knows of the other CDNs — their latest advertisements (with
// validity) and the QoS history it observed from each. Never a peer's internals.
// Must not depend on cdn/ or policies/.
import type { Advertisement } from './cdni/vocabulary.js';
import { emptyHistory, type PeerHistory } from './predictors.js';

export class Knowledge {
  private readonly ads = new Map<string, Advertisement>();
  private readonly histories = new Map<string, PeerHistory>();

  /** keep the newest advertisement of each peer (older versions arriving late are ignored) */
  learn(ad: Advertisement): void {
    const known = this.ads.get(ad.peer);
    if (!known || ad.version > known.version) this.ads.set(ad.peer, ad);
  }

  /** advertisements still valid at `now`, in peer-id order */
  validAds(now: number): Advertisement[] {
    return [...this.ads.values()].filter((ad) => ad.issuedAtS + ad.validForS >= now).sort((a, b) => (a.peer < b.peer ? -1 : 1));
  }

  /** whether the peer's latest advertisement is still valid at `now` */
  isValid(peer: string, now: number): boolean {
    const ad = this.ads.get(peer);
    return ad !== undefined && ad.issuedAtS + ad.validForS >= now;
  }

  history(peer: string): PeerHistory {
    let h = this.histories.get(peer);
    if (!h) {
      h = emptyHistory();
      this.histories.set(peer, h);
    }
    return h;
  }
}
