// The bootstrap directory of a CDN agent: the CDNs it is interconnected with and, for each, the
// regions its users come from — what CDNI leaves to out-of-band bootstrapping (RFC 7336 §2.3,
// RFC 7337 CI-7..12: endpoints, credentials, CDN identities, and here the client footprint each
// CDN delegates from). It is handed over at the start of a run and publishes nothing else: no
// sites, capacity, load or prices. A peer uses it to send its advertisements only to the CDNs
// whose users its footprint can serve. Must not depend on cdn/, policies/ or xstate.

export interface DirectoryEntry {
  id: string;
  /** regions this CDN's own users come from (its client footprint as a primary) */
  userRegions: readonly string[];
}

export class CdnDirectory {
  /** the CDN ids, in id order */
  readonly ids: readonly string[];
  private readonly byRegion = new Map<string, string[]>();
  private readonly regionSet: ReadonlySet<string>;

  constructor(entries: readonly DirectoryEntry[]) {
    const sorted = [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.ids = sorted.map((e) => e.id);
    const regions = new Set<string>();
    for (const e of sorted) {
      for (const r of new Set(e.userRegions)) {
        regions.add(r);
        let list = this.byRegion.get(r);
        if (!list) this.byRegion.set(r, (list = []));
        list.push(e.id);
      }
    }
    this.regionSet = regions;
  }

  /** every region some CDN of the directory has users in */
  get userRegions(): ReadonlySet<string> {
    return this.regionSet;
  }

  /** the CDNs with users in at least one of `regions`, in id order (each once) */
  withUsersIn(regions: Iterable<string>): string[] {
    const found = new Set<string>();
    for (const r of regions) for (const id of this.byRegion.get(r) ?? []) found.add(id);
    return this.ids.filter((id) => found.has(id));
  }

  has(id: string): boolean {
    return this.ids.includes(id);
  }
}
