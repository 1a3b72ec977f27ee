// The closed forms themselves, against textbook values computed by hand.
import { describe, it, expect } from 'vitest';
import { erlangB, erlangC, mm1, mmc, mmck } from '../../core/queueing-theory.js';

describe('queueing theory closed forms', () => {
  it('Erlang B for c = 1 is a/(1+a) and for c = 2, a = 1 is 1/5', () => {
    expect(erlangB(1, 0.5)).toBeCloseTo(1 / 3, 15);
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 15); // (1/2)/(1 + 1 + 1/2)
  });

  it('Erlang C for c = 1 equals ρ, and for c = 2, a = 1 is 1/3', () => {
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 15);
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 15);
  });

  it('M/M/1: W = 1/(μ−λ), Wq = ρ/(μ−λ)', () => {
    const q = mm1(9, 10);
    expect(q.w).toBeCloseTo(1, 12);
    expect(q.wq).toBeCloseTo(0.9, 12);
    expect(q.l).toBeCloseTo(9, 12);
  });

  it('M/M/c rejects an unstable load', () => {
    expect(() => mmc(20, 10, 2)).toThrow(RangeError);
  });

  it('M/M/c/K with K = c is Erlang B, and with huge K approaches M/M/c', () => {
    expect(mmck(8, 1, 10, 10).pBlock).toBeCloseTo(erlangB(10, 8), 14);
    const big = mmck(9, 1, 10, 2000);
    const inf = mmc(9, 1, 10);
    expect(big.wq).toBeCloseTo(inf.wq, 10);
    expect(big.pBlock).toBeLessThan(1e-12);
  });

  it('M/M/1/K blocking is ρ^K (1−ρ)/(1−ρ^(K+1))', () => {
    const rho = 0.9;
    const k = 5;
    expect(mmck(0.9, 1, 1, k).pBlock).toBeCloseTo((rho ** k * (1 - rho)) / (1 - rho ** (k + 1)), 14);
  });
});
