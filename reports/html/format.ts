// How the pages write numbers, shares, money and simulated times. Pure functions, en-US, no locale
// of the machine (the pages are deterministic).

/** 1234567.891 → "1,234,567.89" (at most `digits` decimals; `exact`: always `digits` of them) */
export function num(x: number, digits = 2, exact = false): string {
  if (!Number.isFinite(x)) return String(x);
  const rounded = x.toFixed(digits);
  const trimmed = exact || !rounded.includes('.') ? rounded : rounded.replace(/\.?0+$/, '');
  // -0.001 rounds to "-0": no sign on zero
  const fixed = /^-0(\.0*)?$/.test(trimmed) ? trimmed.slice(1) : trimmed;
  const [whole, frac] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac ? `${grouped}.${frac}` : grouped;
}

/** a share of 1 as a percentage: 0.01234 → "1.23%"; null (nothing to divide) → "—" */
export function pct(share: number | null, digits = 2): string {
  return share === null ? '—' : `${(100 * share).toFixed(digits)}%`;
}

/** x ÷ of, or null when `of` is 0 */
export function share(x: number, of: number): number | null {
  return of > 0 ? x / of : null;
}

/** money in the scenario's currency unit: "12.35 USD" */
export function usd(x: number): string {
  return `${num(x, 2, true)} USD`;
}

/** simulated seconds as a clock reading from the start, m:ss with minutes past the hour too: 1220.04 → "20:20.04", 4457 → "74:17" */
export function clock(s: number): string {
  const centis = Math.round(s * 100);
  const whole = Math.floor(centis / 100);
  const frac = centis % 100;
  const ss = `${String(whole % 60).padStart(2, '0')}${frac > 0 ? `.${String(frac).padStart(2, '0').replace(/0$/, '')}` : ''}`;
  return `${Math.floor(whole / 60)}:${ss}`;
}

/** a duration in seconds: 0.04 → "0.04 s", 95 → "1 min 35 s" */
export function duration(s: number): string {
  if (s < 60) return `${num(s, 2)} s`;
  const min = Math.floor(s / 60);
  const rest = Math.round(s - 60 * min);
  return rest ? `${min} min ${rest} s` : `${min} min`;
}

/** bytes in decimal units: 3637663706053 → "3.64 TB" */
export function bytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0;
  let x = n;
  while (x >= 1000 && i < units.length - 1) {
    x /= 1000;
    i++;
  }
  return `${num(x, i === 0 ? 0 : 2)} ${units[i]}`;
}
