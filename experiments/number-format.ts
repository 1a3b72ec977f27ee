// Numbers for people (summary.md, compare.md, compare's table on stdout): a mean beside its
// interval's half-width to the half-width's precision, p-values, percentages, and Markdown table
// cells made safe. Formatting only; the exact values are in the JSON and CSV files.

/** a number to `significant` significant digits, in plain form when it is not huge or tiny; null → '–' */
export function formatNumber(x: number | null, significant = 4): string {
  if (x === null) return '–';
  if (!Number.isFinite(x)) return String(x);
  const r = Number(x.toPrecision(significant));
  return String(r === 0 ? 0 : r);
}

/** decimals that show `halfWidth` to two significant digits (0 … 12) */
function decimalsFor(halfWidth: number): number {
  return Math.min(12, Math.max(0, 1 - Math.floor(Math.log10(halfWidth))));
}

/** x to `decimals` places, −0 as 0; huge values fall back to 4 significant digits */
function fixed(x: number, decimals: number): string {
  if (Math.abs(x) >= 1e15) return formatNumber(x);
  const s = x.toFixed(decimals);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** `mean ± halfWidth`, both to the half-width's precision (2 significant digits); just the mean when there is no interval */
export function formatMeanHalfWidth(mean: number | null, halfWidth: number | null): string {
  if (mean === null) return '–';
  if (halfWidth === null || !(halfWidth > 0) || !Number.isFinite(halfWidth)) return halfWidth === 0 ? `${formatNumber(mean)} ± 0` : formatNumber(mean);
  const d = decimalsFor(halfWidth);
  return `${fixed(mean, d)} ± ${fixed(halfWidth, d)}`;
}

/** `[low, high]` to the precision of its half-width; '–' without an interval */
export function formatInterval(low: number | null, high: number | null): string {
  if (low === null || high === null) return '–';
  const half = (high - low) / 2;
  if (!(half > 0) || !Number.isFinite(half)) return `[${formatNumber(low)}, ${formatNumber(high)}]`;
  const d = decimalsFor(half);
  return `[${fixed(low, d)}, ${fixed(high, d)}]`;
}

/** a p-value: `< 0.001` below a thousandth, else 2 significant digits (3 decimals at most) */
export function formatP(p: number | null): string {
  if (p === null) return '–';
  if (p < 0.001) return '< 0.001';
  return formatNumber(Number(p.toFixed(3)), 2);
}

/** a share as a signed percentage with one decimal: `+12.3%`, `−4.0%`; null → '–' */
export function formatPercent(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return '–';
  const s = (100 * share).toFixed(1);
  return s === '0.0' || s === '-0.0' ? '0.0%' : `${share > 0 ? '+' : '−'}${s.replace('-', '')}%`;
}

/** a Markdown table cell: pipes escaped, line breaks as spaces */
export function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n|\r/g, ' ');
}

/** a Markdown table */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** a plain-text table for a terminal: columns padded to their widest cell, the first left-aligned, the others right-aligned */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, k) => Math.max(...all.map((r) => [...(r[k] ?? '')].length)));
  const pad = (s: string, k: number) => (k === 0 ? s + ' '.repeat(widths[k] - [...s].length) : ' '.repeat(widths[k] - [...s].length) + s);
  const line = (r: readonly string[]) =>
    r
      .map((s, k) => pad(s, k))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}
