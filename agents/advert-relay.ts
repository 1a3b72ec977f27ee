// Where an agent's incoming advertisements go, and the cascade of advertisements (FCI relayed by a
// transit CDN, with the loop prevention RFC 7975 §4.8 and RFC 8007 §4.6 give `cdn-path`). Every
// advertisement message carries its cdnPath, its origin first. A CDN that finds its own id on the
// path drops the message (a loop avoided); otherwise it learns the advertisement — as its origin's
// own when it came straight from it, as reachable through the sender when relayed. A CDN that
// relays (world.relayAdvertisements, with a peer side) passes each advertisement on once per
// origin and version (never an older one), with itself appended to the path, to the CDNs its
// directory says have users the advertisement serves (../footprint), never to one on the path.
import type { AgentEnv } from './env.js';
import type { Knowledge } from './knowledge.js';
import type { MessageOf } from './messages.js';
import { advertisementTargets } from './footprint.js';

export interface RelayCounts {
  /** advertisements received with this CDN's own id on their path, dropped */
  loopsDropped: number;
  /** relays not sent because the target was already on the path */
  skippedOnPath: number;
  /** advertisements received again after this CDN had relayed that version, not relayed again */
  alreadyRelayed: number;
  /** relay messages sent */
  relayed: number;
}

export class AdvertRelay {
  readonly counts: RelayCounts = { loopsDropped: 0, skippedOnPath: 0, alreadyRelayed: 0, relayed: 0 };
  /** per origin, the newest version relayed */
  private readonly lastRelayed = new Map<string, number>();

  constructor(
    private readonly env: AgentEnv,
    private readonly knowledge: Knowledge,
    private readonly relays: boolean,
  ) {}

  /** loops avoided: messages dropped on arrival plus relays never sent */
  get loopsAvoided(): number {
    return this.counts.loopsDropped + this.counts.skippedOnPath;
  }

  receive(m: MessageOf<'advertisement'>): void {
    const env = this.env;
    const path = m.cdnPath;
    if (path.includes(env.id)) {
      this.counts.loopsDropped++;
      return;
    }
    const ad = m.advertisement;
    if (path.length <= 1 && m.from === ad.peer) this.knowledge.learn(ad);
    else this.knowledge.learnRelayed(ad, m.from, path);
    if (this.relays) this.relay(m);
  }

  private relay(m: MessageOf<'advertisement'>): void {
    const env = this.env;
    const ad = m.advertisement;
    const last = this.lastRelayed.get(ad.peer);
    if (last !== undefined && ad.version <= last) {
      if (ad.version === last) this.counts.alreadyRelayed++;
      return;
    }
    this.lastRelayed.set(ad.peer, ad.version);
    const cdnPath = [...m.cdnPath, env.id];
    for (const to of advertisementTargets(env, ad)) {
      if (m.cdnPath.includes(to)) {
        this.counts.skippedOnPath++;
        continue;
      }
      this.counts.relayed++;
      env.network.send(env.id, { type: 'advertisement', to, advertisement: ad, cdnPath });
    }
  }
}
