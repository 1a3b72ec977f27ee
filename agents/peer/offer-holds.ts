// A peer's offers in flight: an offer is a commitment for its validity, so the capacity a peer has
// proposed to one primary is held — not offered to a second caller — until that negotiation commits,
// ends, or the offer lapses (the negotiation deadline after the call: its primary has given up by
// then). What is left for a new call is the peer's room less the holds of other negotiations: all of
// them against its overall allowance, those whose users go to the same sites against those sites'.
// Must not depend on cdn/ internals (it asks its port which site serves a region).
import type { CdnPort } from '../../cdn/port/cdn-port.js';

interface Hold {
  capacityRps: number;
  regions: readonly string[];
  untilS: number;
}

export class OfferHolds {
  private readonly holds = new Map<string, Hold>();

  constructor(private readonly port: CdnPort) {}

  /** hold `capacityRps` for the negotiation until `untilS` (replacing an earlier hold of it) */
  hold(negotiationId: string, regions: readonly string[], capacityRps: number, untilS: number): void {
    this.holds.set(negotiationId, { capacityRps, regions, untilS });
  }

  release(negotiationId: string): void {
    this.holds.delete(negotiationId);
  }

  /** what the holds of other negotiations take at `now`: overall, and at the sites serving `regions` */
  heldBesides(regions: readonly string[], now: number, excluding?: string): { all: number; there: number } {
    let all = 0;
    let there = 0;
    if (this.holds.size === 0) return { all, there };
    const sites = this.sitesOf(regions);
    for (const [id, h] of this.holds) {
      if (h.untilS < now) {
        this.holds.delete(id);
        continue;
      }
      if (id === excluding) continue;
      all += h.capacityRps;
      if (h.regions.some((r) => sites.includes(this.port.servingSite(r)))) there += h.capacityRps;
    }
    return { all, there };
  }

  /** capacity held now (all live offers) */
  total(now: number): number {
    return this.heldBesides([], now).all;
  }

  private sitesOf(regions: readonly string[]): number[] {
    return regions.map((r) => this.port.servingSite(r)).filter((s) => s >= 0);
  }
}
