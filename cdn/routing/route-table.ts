// One primary's routing in one region: the lanes that may take its users' requests there, each with
// its share. Share-drawn lanes (rules share and sla) split one uniform draw by cumulative shares
// (they add up to at most 1); conditional lanes (overflow, threshold, load-proximity) are tried in
// the order they were opened when the serving site's state triggers them, each redirecting with its
// share as a probability (1: always). Rebuilt on every change (control-plane rate), read per request.
// Must not depend on agents, policies or reports.
import { isShareRule } from './redirection-rule.js';

export class RouteTable {
  /** every lane with a share > 0 here, in the order first opened */
  private readonly entries: { lane: number; share: number }[] = [];
  // share-drawn lanes and their cumulative shares
  drawn = new Int32Array(0);
  cumulative = new Float64Array(0);
  total = 0;
  // conditional lanes and their probabilities
  conditional = new Int32Array(0);
  conditionalShare = new Float64Array(0);

  /** set a lane's share (0 removes it); `ruleOf` gives each lane's rule code. Throws if drawn shares exceed 1. */
  set(lane: number, share: number, ruleOf: (lane: number) => number): void {
    this.setMany([{ lane, share }], ruleOf);
  }

  /** set several lanes' shares at once (the sum is checked after all of them, not in between) */
  setMany(updates: readonly { lane: number; share: number }[], ruleOf: (lane: number) => number): void {
    if (updates.every(({ lane, share }) => (this.entries.find((e) => e.lane === lane)?.share ?? 0) === share)) return;
    for (const { lane, share } of updates) {
      const at = this.entries.findIndex((e) => e.lane === lane);
      if (at >= 0 && share > 0) this.entries[at].share = share;
      else if (at >= 0) this.entries.splice(at, 1);
      else if (share > 0) this.entries.push({ lane, share });
    }
    this.rebuild(ruleOf);
  }

  /** refile the lanes after a rule changed */
  rebuild(ruleOf: (lane: number) => number): void {
    const drawn = this.entries.filter((e) => isShareRule(ruleOf(e.lane)));
    const conditional = this.entries.filter((e) => !isShareRule(ruleOf(e.lane)));
    const total = drawn.reduce((a, e) => a + e.share, 0);
    if (total > 1 + 1e-9) throw new RangeError(`routing shares add up to ${total} > 1`);
    this.drawn = Int32Array.from(drawn, (e) => e.lane);
    this.cumulative = new Float64Array(drawn.length);
    let acc = 0;
    drawn.forEach((e, i) => (this.cumulative[i] = acc += e.share));
    this.total = acc;
    this.conditional = Int32Array.from(conditional, (e) => e.lane);
    this.conditionalShare = Float64Array.from(conditional, (e) => e.share);
  }

  /** the share of a share-drawn lane here (0 if none) */
  drawnShare(lane: number): number {
    const i = this.drawn.indexOf(lane);
    return i < 0 ? 0 : this.cumulative[i] - (i > 0 ? this.cumulative[i - 1] : 0);
  }

  has(lane: number): boolean {
    return this.entries.some((e) => e.lane === lane);
  }

  get empty(): boolean {
    return this.entries.length === 0;
  }
}
