// Each arrival's URI-signing token state (valid, missing, expired, forged), drawn from its workload's
// own stream `workload/<region>/<cdn>/tokens` — only for a workload that declares a token mix, so no
// other stream shifts. Must not depend on agents, policies or reports.
import type { RandomStream, StreamFactory } from '../../core/random.js';
import { workloadStreamNames } from '../workload/stream-names.js';
import type { TokenMixSpec } from './metadata-spec.js';
import { TOKEN_EXPIRED, TOKEN_FORGED, TOKEN_MISSING, TOKEN_VALID } from './token-verdicts.js';

export class TokenDraws {
  private readonly streams: (RandomStream | null)[];
  /** per source: the cumulative shares missing, +expired, +forged */
  private readonly cuts: Float64Array;

  constructor(workload: readonly { region: string; cdn: string; tokens?: TokenMixSpec }[], streams: StreamFactory) {
    const names = workloadStreamNames(workload);
    this.streams = workload.map((w, i) => (w.tokens === undefined ? null : streams.stream(`${names[i]}/tokens`)));
    this.cuts = new Float64Array(workload.length * 3);
    workload.forEach((w, i) => {
      const t = w.tokens ?? { missing: 0, expired: 0, forged: 0 };
      this.cuts[i * 3] = t.missing;
      this.cuts[i * 3 + 1] = t.missing + t.expired;
      this.cuts[i * 3 + 2] = t.missing + t.expired + t.forged;
    });
  }

  /** whether any workload declares tokens */
  get any(): boolean {
    return this.streams.some((s) => s !== null);
  }

  /** the token state of the next arrival of this source (TOKEN_VALID without a mix: no draw) */
  draw(source: number): number {
    const rng = this.streams[source];
    if (rng === null) return TOKEN_VALID;
    const u = rng.next();
    const c = this.cuts;
    const k = source * 3;
    return u < c[k] ? TOKEN_MISSING : u < c[k + 1] ? TOKEN_EXPIRED : u < c[k + 2] ? TOKEN_FORGED : TOKEN_VALID;
  }
}
