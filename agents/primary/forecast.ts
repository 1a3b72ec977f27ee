// Demand forecasting for the Analyze step: Holt's linear exponential smoothing (level + trend)
// over the arrival rates an agent samples. Must not depend on cdn/ or policies/.

export class HoltForecaster {
  level = NaN;
  /** change of the rate per second */
  trend = 0;
  private lastS = NaN;

  constructor(
    private readonly alpha = 0.5,
    private readonly beta = 0.3,
  ) {}

  /** add a sample of the rate observed at time tS */
  observe(rate: number, tS: number): void {
    if (Number.isNaN(this.level)) {
      this.level = rate;
      this.lastS = tS;
      return;
    }
    const dt = Math.max(1e-9, tS - this.lastS);
    const predicted = this.level + this.trend * dt;
    const level = this.alpha * rate + (1 - this.alpha) * predicted;
    this.trend = this.beta * ((level - this.level) / dt) + (1 - this.beta) * this.trend;
    this.level = level;
    this.lastS = tS;
  }

  /** the rate expected `horizonS` seconds after the last sample (never negative) */
  forecast(horizonS: number): number {
    if (Number.isNaN(this.level)) return 0;
    return Math.max(0, this.level + this.trend * horizonS);
  }
}
