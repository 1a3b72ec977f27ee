// The peering charts of a run, as plain data like ./chart-configs': the arrangements as a Gantt
// chart of their phases (negotiating, provisioning, active, draining), the capacity each one had
// agreed over time against what its primary needed beyond its own sites, and each CDN's economics.
import type { ChartConfiguration } from 'chart.js';
import type { ArrangementRow, RunResult } from './run-result.js';
import { cdnEconomics } from './report.js';
import { chartTitle, COLORS, minutesOf, surgeBands, timeLineOptions, timeScale, titlePlugins, windowMinutes, type ChartSpec } from './chart-style.js';

type Span = [number, number] | null;

export interface ArrangementPhases {
  /** request sent → agreed */
  negotiating: Span;
  /** agreed → active (the peer provisioned), or → the end when it never became active */
  provisioning: Span;
  /** active → the first side's end (or the end of the run) */
  active: Span;
  /** between the two sides' ends: no new redirections, in-flight requests finish, the peer releases its capacity */
  draining: Span;
}

export const PHASES = ['negotiating', 'provisioning', 'active', 'draining'] as const;
const PHASE_COLORS: Record<(typeof PHASES)[number], string> = {
  negotiating: '#9467bd',
  provisioning: '#17becf',
  active: '#2ca02c',
  draining: '#ff7f0e',
};

const span = (from: number, to: number): Span => (to >= from ? [from, to] : null);

/** an arrangement's phases in seconds, each clipped to the run (null: the phase never happened) */
export function arrangementPhases(a: ArrangementRow, durationS: number): ArrangementPhases {
  const clip = (t: number) => Math.min(Math.max(t, 0), durationS);
  const primaryEnd = a.endedAtS === null ? null : clip(a.endedAtS);
  const peerEnd = a.peerSide === null ? undefined : a.peerSide.endedAtS === null ? null : clip(a.peerSide.endedAtS);
  // draining: from whichever side ended first to the other's end (the end of the run if it still holds)
  let draining: Span = null;
  if (a.activeAtS !== null && peerEnd !== undefined && (primaryEnd !== null || peerEnd !== null)) {
    const first = Math.min(primaryEnd ?? Infinity, peerEnd ?? Infinity);
    const last = primaryEnd === null || peerEnd === null ? durationS : Math.max(primaryEnd, peerEnd);
    draining = last > first ? [first, last] : null;
  }
  const end = draining ? draining[0] : (primaryEnd ?? durationS);
  const agreed = clip(a.agreedAtS);
  const active = a.activeAtS === null ? null : clip(a.activeAtS);
  return {
    negotiating: a.agreedAtS > a.requestedAtS ? span(clip(a.requestedAtS), agreed) : null,
    provisioning: span(agreed, active ?? primaryEnd ?? durationS),
    active: active === null ? null : span(active, end),
    draining,
  };
}

/** "alpha→beta #1 (short, disbanded)" */
export function arrangementLabel(a: ArrangementRow): string {
  const name = a.id.includes('#') ? `${a.primary}→${a.peer} #${a.id.slice(a.id.lastIndexOf('#') + 1)}` : `${a.primary}→${a.peer}`;
  const state = a.endReason && a.endReason !== a.state ? `${a.state}: ${a.endReason}` : a.state;
  return `${name} (${a.origin === 'contract' ? 'contract, ' : ''}${a.term}, ${state})`;
}

/** the Gantt chart's height: enough room for every arrangement, from the usual 500 up to 1500 px */
export function ganttHeight(arrangements: number): number {
  return Math.min(1500, Math.max(500, 150 + 30 * arrangements));
}

export function arrangementsChart(result: RunResult): ChartSpec {
  const arrangements = result.control.arrangements;
  const phases = arrangements.map((a) => arrangementPhases(a, result.durationS));
  const datasets = PHASES.map((phase) => ({
    label: phase,
    data: phases.map((p) => (p[phase] === null ? null : (p[phase] as [number, number]).map(minutesOf))),
    backgroundColor: PHASE_COLORS[phase],
    borderColor: PHASE_COLORS[phase],
    grouped: false,
    minBarLength: 3,
    barPercentage: 0.8,
    categoryPercentage: 0.9,
  }));
  const config = {
    type: 'bar',
    data: { labels: arrangements.map(arrangementLabel), datasets },
    options: {
      animation: false,
      responsive: false,
      indexAxis: 'y',
      interaction: { mode: 'nearest', axis: 'xy', intersect: true },
      plugins: {
        ...titlePlugins(
          chartTitle(result, 'arrangements over time, by phase'),
          'each bar’s phases: negotiating, provisioning, active, draining (a phase shorter than a pixel is drawn 3 px wide)',
        ),
        bands: surgeBands(result),
      },
      scales: { x: timeScale(result), y: { ticks: { autoSkip: false } } },
    },
  };
  return { file: 'arrangements.png', config: config as ChartConfiguration, height: ganttHeight(arrangements.length) };
}

/** an arrangement's agreed capacity at time t (s): 0 before its agreement and from its end on (still held at the run's end if it never ended) */
export function agreedCapacityAt(a: ArrangementRow, t: number): number {
  if (t < a.agreedAtS || (a.endedAtS !== null && t >= a.endedAtS)) return 0;
  let capacity = a.capacityRps;
  for (const c of a.changes) if (c.tS <= t) capacity = c.capacityRps;
  return capacity;
}

/** when an arrangement's agreed capacity changes: agreement, each resize, its end (clipped to the run) */
function changeTimes(a: ArrangementRow, durationS: number): number[] {
  const end = Math.min(a.endedAtS ?? durationS, durationS);
  return [a.agreedAtS, ...a.changes.map((c) => c.tS).filter((t) => t > a.agreedAtS && t < end), end];
}

/** the arrangements' colours: the palette without red (the overload line's) */
const SERIES_COLORS = COLORS.filter((_, i) => i !== 3);
const TOTAL_COLORS = ['#000000', '#555555', '#999999'];

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

export function capacityChart(result: RunResult): ChartSpec {
  const arrangements = result.control.arrangements;
  const primaries = [...new Set(arrangements.map((a) => a.primary))];
  const steps = (times: number[], value: (t: number) => number) => times.map((t) => ({ x: minutesOf(t), y: r6(value(t)) }));
  const datasets: object[] = arrangements.map((a, i) => ({
    label: arrangementLabel(a),
    data: steps(changeTimes(a, result.durationS), (t) => agreedCapacityAt(a, t)),
    stepped: true,
    borderColor: SERIES_COLORS[i % SERIES_COLORS.length],
    backgroundColor: SERIES_COLORS[i % SERIES_COLORS.length],
    borderWidth: 1.25,
  }));
  const labels = windowMinutes(result);
  const n = result.sites.length;
  primaries.forEach((primary, p) => {
    const mine = arrangements.filter((a) => a.primary === primary);
    const times = [...new Set([0, ...mine.flatMap((a) => changeTimes(a, result.durationS)), result.durationS])].sort((x, y) => x - y);
    datasets.push({
      label: `${primary}: all agreed capacity`,
      data: steps(times, (t) => mine.reduce((sum, a) => sum + agreedCapacityAt(a, t), 0)),
      stepped: true,
      borderColor: TOTAL_COLORS[p % TOTAL_COLORS.length],
      backgroundColor: TOTAL_COLORS[p % TOTAL_COLORS.length],
      borderWidth: 2.5,
    });
    const need = result.timeline.map((_, w) =>
      result.sites.reduce((sum, site, k) => {
        const row = result.siteTimeline[w * n + k];
        if (site.cdn !== primary || !row || row.windowS <= 0) return sum;
        return sum + Math.max(0, row.offeredDemand / row.windowS - site.capacityRps);
      }, 0),
    );
    datasets.push({
      label: `${primary}: offered demand above its own sites’ capacity`,
      data: need.map((y, w) => ({ x: labels[w], y: r6(y) })),
      borderColor: '#d62728',
      backgroundColor: '#d62728',
      borderDash: [6, 3],
      borderWidth: 2,
    });
  });
  const options = timeLineOptions(result, chartTitle(result, 'capacity agreed with peers'), 'requests/s', {
    subtitle: 'what each arrangement reserved at its peer, resizes included, against the overload its primary had to place',
  });
  return { file: 'capacity.png', config: { type: 'line', data: { datasets }, options } as ChartConfiguration };
}

export function economicsChart(result: RunResult): ChartSpec {
  const money = result.cdns.map((c) => cdnEconomics(result, c));
  const bars = [
    ['revenue', '#2ca02c', (m: (typeof money)[number]) => m.revenue],
    ['cost', '#ff7f0e', (m: (typeof money)[number]) => m.cost],
    ['penalties', '#d62728', (m: (typeof money)[number]) => m.penalties],
    ['utility', '#1f77b4', (m: (typeof money)[number]) => m.utility],
  ] as const;
  const datasets = bars.map(([label, fill, pick]) => ({ label, data: money.map(pick), backgroundColor: fill, borderColor: fill }));
  const config = {
    type: 'bar',
    data: { labels: result.cdns.map((c) => `${c.id} (${c.role})`), datasets },
    options: {
      animation: false,
      responsive: false,
      interaction: { mode: 'index', intersect: false },
      plugins: titlePlugins(
        chartTitle(result, 'economics per CDN over the run'),
        'revenue: its users’ traffic + peering fees earned + penalties received; cost: its servers + fees paid; utility = revenue − cost − penalties',
      ),
      scales: { y: { title: { display: true, text: 'USD' } } },
    },
  };
  return { file: 'economics.png', config: config as ChartConfiguration };
}
