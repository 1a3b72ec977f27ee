// Concession tactics against the textbook curves: F(t) = k + (1 − k)·t^(1/β) (Boulware stays near
// the opening until late, Conceder moves early, linear is proportional) and relative tit-for-tat.
import { describe, expect, it } from 'vitest';
import { checkTactic, createTactic, timeDependentShare } from '../../policies/concession.js';
import { compile, doc, messageOf } from './helpers.js';

const OPEN = 0.01;
const LIMIT = 0.02;
const offerAt = (tactic: ReturnType<typeof createTactic>, t: number) => tactic.offer(OPEN, LIMIT, t, [], []);
/** share of the way from opening to limit */
const share = (offer: number) => (offer - OPEN) / (LIMIT - OPEN);

describe('time-dependent tactics', () => {
  it('Boulware (β = 0.2) stays within 5% of the opening until elapsed 0.5 and reaches the limit at 1', () => {
    const boulware = createTactic({ tactic: 'boulware', beta: 0.2 });
    expect(offerAt(boulware, 0)).toBe(0.01);
    expect(offerAt(boulware, 0.25)).toBeCloseTo(0.010009765625, 15); // 0.25^5 of the way
    expect(offerAt(boulware, 0.5)).toBeCloseTo(0.0103125, 15); // 0.5^5 = 3.125% of the way
    for (const t of [0, 0.1, 0.2, 0.3, 0.4, 0.5]) expect(offerAt(boulware, t) / OPEN - 1).toBeLessThanOrEqual(0.05);
    expect(offerAt(boulware, 0.9)).toBeCloseTo(0.0159049, 15); // 0.9^5 = 0.59049
    expect(offerAt(boulware, 1)).toBe(0.02);
  });

  it('Conceder (β = 5) moves early: 63% of the way at 0.1, 78.6% at 0.3, past 80% by 0.33, 87% at 0.5', () => {
    const conceder = createTactic({ tactic: 'conceder', beta: 5 });
    expect(share(offerAt(conceder, 0.1))).toBeCloseTo(0.630957344, 8); // 0.1^0.2
    expect(share(offerAt(conceder, 0.3))).toBeCloseTo(0.786003085, 8); // 0.3^0.2
    expect(share(offerAt(conceder, 0.33))).toBeGreaterThan(0.8); // 0.33^0.2 = 0.8010
    expect(share(offerAt(conceder, 0.5))).toBeCloseTo(0.870550563, 8); // 0.5^0.2
    expect(offerAt(conceder, 1)).toBe(0.02);
  });

  it('linear is exactly proportional to elapsed time', () => {
    const linear = createTactic({ tactic: 'linear' });
    for (const t of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1]) expect(offerAt(linear, t)).toBeCloseTo(0.01 + 0.01 * t, 15);
  });

  it('the named shapes default to β 0.2 (boulware) and 5 (conceder)', () => {
    expect(offerAt(createTactic({ tactic: 'boulware' }), 0.5)).toBeCloseTo(0.0103125, 15);
    expect(share(offerAt(createTactic({ tactic: 'conceder' }), 0.3))).toBeCloseTo(0.786003085, 8);
  });

  it('k concedes a share at once: F(0) = k, F(1) = 1', () => {
    const tactic = createTactic({ tactic: 'timeDependent', beta: 1, k: 0.2 });
    expect(offerAt(tactic, 0)).toBeCloseTo(0.012, 15);
    expect(offerAt(tactic, 0.5)).toBeCloseTo(0.016, 15); // 0.2 + 0.8·0.5 = 0.6 of the way
    expect(offerAt(tactic, 1)).toBeCloseTo(0.02, 15);
    expect(timeDependentShare(0.25, 0.5)).toBe(0.0625);
  });

  it('elapsed is clamped to 0–1, and a falling limit (a seller) works the same way down', () => {
    const linear = createTactic({ tactic: 'linear' });
    expect(offerAt(linear, -1)).toBe(0.01);
    expect(offerAt(linear, 3)).toBe(0.02);
    expect(linear.offer(0.02, 0.01, 0.25, [], [])).toBeCloseTo(0.0175, 15);
  });
});

describe('tit-for-tat', () => {
  const tft = createTactic({ tactic: 'titForTat' });

  it('mirrors the opponent’s last relative concession on my last offer', () => {
    // the peer came down from 0.02 to 0.018 (×0.9): I go up from 0.01 by ×(0.02/0.018)
    expect(tft.offer(OPEN, LIMIT, 0.4, [0.02, 0.018], [0.01])).toBeCloseTo(0.0111111111, 9);
    expect(tft.offer(OPEN, LIMIT, 0.4, [0.02, 0.018, 0.018], [0.01, 0.0111])).toBeCloseTo(0.0111, 12); // no concession, none back
  });

  it('holds its opening (or last offer) until the opponent has made two offers', () => {
    expect(tft.offer(OPEN, LIMIT, 0.2, [], [])).toBe(0.01);
    expect(tft.offer(OPEN, LIMIT, 0.2, [0.02], [0.012])).toBe(0.012);
  });

  it('is bounded by the limit and the opening', () => {
    expect(tft.offer(OPEN, LIMIT, 0.9, [0.04, 0.01], [0.015])).toBe(0.02);
    expect(tft.offer(OPEN, LIMIT, 0.9, [0.01, 0.04], [0.011])).toBe(0.01);
  });

  it('delta compares the opponent’s offer that many steps back', () => {
    const tft2 = createTactic({ tactic: 'titForTat', delta: 2 });
    expect(tft2.offer(OPEN, LIMIT, 0.5, [0.024, 0.022, 0.02], [0.01, 0.011])).toBeCloseTo(0.0132, 12);
  });
});

describe('tactic settings', () => {
  it.each([
    [{ tactic: 'boulware', beta: 2 }, 'boulware has beta < 1 (it concedes late)'],
    [{ tactic: 'conceder', beta: 0.5 }, 'conceder has beta > 1 (it concedes early)'],
    [{ tactic: 'linear', beta: 2 }, 'linear has beta 1 (use timeDependent for another beta)'],
    [{ tactic: 'timeDependent' }, 'timeDependent needs beta (a number > 0)'],
    [{ tactic: 'timeDependent', beta: -1 }, 'beta: a finite number > 0'],
    [{ tactic: 'boulware', k: 1 }, 'k: a number ≥ 0 and < 1'],
    [{ tactic: 'titForTat', beta: 0.5 }, 'titForTat takes only delta (an integer ≥ 1)'],
    [{ tactic: 'titForTat', delta: 0 }, 'delta: an integer ≥ 1'],
    [{ tactic: 'linear', delta: 2 }, 'linear takes beta and k, not delta'],
  ] as const)('%j is rejected: %s', (settings, why) => {
    expect(checkTactic(settings)).toBe(why);
  });

  it('a policy file names the tactic or gives its settings, and bad settings are a load error', () => {
    expect(compile(doc('primary', { concession: 'conceder' })).concession('primary').tactic).toBe('conceder');
    const tactic = compile(doc('primary', { concession: { tactic: 'timeDependent', beta: 0.5 } })).concession('primary');
    expect(tactic.offer(0, 1, 0.5, [], [])).toBe(0.25);
    expect(messageOf(() => compile(doc('primary', { concession: { tactic: 'boulware', beta: 3 } })))).toBe(
      'test.yaml: primary.concession: expected valid tactic settings (boulware has beta < 1 (it concedes late)), found {"tactic":"boulware","beta":3}',
    );
    expect(messageOf(() => compile(doc('primary', { concession: 'haggle' })))).toBe(
      'test.yaml: primary.concession: expected a tactic (boulware, linear, conceder, timeDependent, titForTat) or a mapping like { tactic: boulware, beta: 0.3 }, found "haggle"',
    );
  });
});
