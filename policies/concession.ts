// Concession tactics: how a negotiator's offers move from its opening toward its limit.
// Time-dependent tactics after Faratin, Sierra & Jennings (1998), relative tit-for-tat after the
// same paper. Pure arithmetic; depends on nothing (no mathjs, no files).

export const TACTICS = ['boulware', 'linear', 'conceder', 'timeDependent', 'titForTat'] as const;
export type TacticName = (typeof TACTICS)[number];

export interface ConcessionTactic {
  readonly tactic: string;
  /**
   * The next offer. Time-dependent tactics give opening + (limit − opening)·F(elapsed) with
   * F(t) = k + (1 − k)·t^(1/β) (β < 1 Boulware, 1 linear, > 1 Conceder; elapsed clamped to 0–1);
   * titForTat mirrors the opponent's last relative concession on my last offer, bounded by opening
   * and limit (the opening until the opponent has made two offers).
   */
  offer(opening: number, limit: number, elapsed: number, opponentOffers: readonly number[], myOffers: readonly number[]): number;
}

/** The settings of a tactic as a policy file writes them (already validated). */
export interface TacticSettings {
  tactic: TacticName;
  /** concession shape (time-dependent tactics) */
  beta?: number;
  /** share of the way conceded at once, at elapsed 0 (time-dependent tactics) */
  k?: number;
  /** how many of the opponent's offers back to compare (titForTat; 1 = the last step) */
  delta?: number;
}

/** β of the named shapes when a file does not give one */
export const DEFAULT_BETA: Readonly<Record<'boulware' | 'linear' | 'conceder', number>> = { boulware: 0.2, linear: 1, conceder: 5 };

/** Why settings are not acceptable, or undefined when they are. */
export function checkTactic(s: TacticSettings): string | undefined {
  const { tactic, beta, k, delta } = s;
  if (tactic === 'titForTat') {
    if (beta !== undefined || k !== undefined) return 'titForTat takes only delta (an integer ≥ 1)';
    return delta === undefined || (Number.isInteger(delta) && delta >= 1) ? undefined : 'delta: an integer ≥ 1';
  }
  if (delta !== undefined) return `${tactic} takes beta and k, not delta`;
  if (k !== undefined && !(k >= 0 && k < 1)) return 'k: a number ≥ 0 and < 1';
  if (tactic === 'linear' && beta !== undefined && beta !== 1) return 'linear has beta 1 (use timeDependent for another beta)';
  if (tactic === 'timeDependent' && beta === undefined) return 'timeDependent needs beta (a number > 0)';
  if (beta === undefined) return undefined;
  if (!(beta > 0 && Number.isFinite(beta))) return 'beta: a finite number > 0';
  if (tactic === 'boulware' && beta >= 1) return 'boulware has beta < 1 (it concedes late)';
  if (tactic === 'conceder' && beta <= 1) return 'conceder has beta > 1 (it concedes early)';
  return undefined;
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/** F(t) = k + (1 − k)·t^(1/β) */
export function timeDependentShare(elapsed: number, beta: number, k = 0): number {
  return k + (1 - k) * Math.pow(clamp01(elapsed), 1 / beta);
}

/** Builds the tactic (settings must pass checkTactic). */
export function createTactic(s: TacticSettings): ConcessionTactic {
  if (s.tactic === 'titForTat') return titForTat(s.delta ?? 1);
  const beta = s.tactic === 'timeDependent' ? (s.beta as number) : (s.beta ?? DEFAULT_BETA[s.tactic]);
  const k = s.k ?? 0;
  return {
    tactic: s.tactic,
    offer: (opening, limit, elapsed) => opening + (limit - opening) * timeDependentShare(elapsed, beta, k),
  };
}

function titForTat(delta: number): ConcessionTactic {
  return {
    tactic: 'titForTat',
    offer(opening, limit, _elapsed, opponent, mine) {
      const n = opponent.length;
      const last = mine.length > 0 ? mine[mine.length - 1] : opening;
      if (n < delta + 1 || opponent[n - 1] === 0) return last;
      const next = last * (opponent[n - 1 - delta] / opponent[n - 1]);
      const low = Math.min(opening, limit);
      const high = Math.max(opening, limit);
      return next < low ? low : next > high ? high : next;
    },
  };
}
