// The arrangements' Gantt chart cuts each one into phases: negotiating (request → agreement),
// provisioning (agreement → active), active (→ the first side's end, or the end of the run), draining
// (between the two sides' ends, or to the end of the run while one side still holds); the capacity
// chart follows each arrangement's agreed capacity step by step. The bands plugin shades the
// periods it is given, in Node as in the page.
import { describe, expect, it } from 'vitest';
import { createCanvas } from '@napi-rs/canvas';
import { Chart, registerables } from 'chart.js';
import { agreedCapacityAt, arrangementLabel, arrangementPhases, capacityChart, ganttHeight } from '../../reports/chart-peering.js';
import { chartPlugins, BANDS_PLUGIN_SOURCE } from '../../reports/chart-plugins.js';
import type { ArrangementRow } from '../../reports/run-result.js';
import { runWithAgents, SMALL_CROWD } from '../agents/run-helpers.js';

Chart.register(...registerables, ...chartPlugins());

function arrangement(over: Partial<ArrangementRow> = {}): ArrangementRow {
  return {
    id: 'alpha>beta#1',
    primary: 'alpha',
    peer: 'beta',
    term: 'short',
    origin: 'negotiated',
    state: 'disbanded',
    endReason: 'disbanded',
    detectedAtS: 100,
    requestedAtS: 100,
    agreedAtS: 101,
    activeAtS: 103,
    firstRedirectAtS: 104,
    endedAtS: 500,
    regions: ['west'],
    capacityRps: 100,
    peakCapacityRps: 300,
    finalCapacityRps: 50,
    changes: [
      { tS: 200, capacityRps: 300, endS: 900 },
      { tS: 400, capacityRps: 50, endS: 900 },
    ],
    pricePerGB: 0.01,
    reservationPerRpsHour: 0,
    p95TargetMs: 250,
    replication: 'pull',
    servedRequests: 10,
    bytes: 1000,
    slaViolations: 0,
    fees: 1,
    penalties: 0,
    predictor: 'queueing',
    predictedLatencyMs: 40,
    deliveredLatencyMs: 42,
    reportedDeliveries: 10,
    reportedBytes: 1000,
    peerSide: {
      state: 'ended',
      committedAtS: 101,
      activeAtS: 103,
      endedAtS: 498,
      endReason: 'told-by-primary',
      capacityRps: 50,
      servedRequests: 10,
      bytes: 1000,
    },
    resizes: 2,
    extensions: 0,
    ...over,
  };
}

describe('arrangement phases', () => {
  it('negotiating, provisioning, active to the peer’s release, then draining until the primary’s end', () => {
    expect(arrangementPhases(arrangement(), 1000)).toEqual({ negotiating: [100, 101], provisioning: [101, 103], active: [103, 498], draining: [498, 500] });
  });

  it('drains from the primary’s end to the peer’s release when the peer lets go later', () => {
    const a = arrangement({ peerSide: { ...arrangement().peerSide!, endedAtS: 530 } });
    expect(arrangementPhases(a, 1000)).toMatchObject({ active: [103, 500], draining: [500, 530] });
  });

  it('still active at the end of the run: active to the end, no draining', () => {
    const a = arrangement({
      state: 'active',
      endReason: null,
      endedAtS: null,
      peerSide: { ...arrangement().peerSide!, state: 'active', endedAtS: null, endReason: null },
    });
    expect(arrangementPhases(a, 1000)).toEqual({ negotiating: [100, 101], provisioning: [101, 103], active: [103, 1000], draining: null });
  });

  it('the primary ended but the peer still holds at the end: draining to the end of the run', () => {
    const a = arrangement({ peerSide: { ...arrangement().peerSide!, state: 'ending', endedAtS: null, endReason: null } });
    expect(arrangementPhases(a, 1000)).toMatchObject({ active: [103, 500], draining: [500, 1000] });
  });

  it('never active (the peer never committed): provisioning until it failed, nothing else', () => {
    const a = arrangement({ state: 'failed', endReason: 'failed', activeAtS: null, firstRedirectAtS: null, endedAtS: 130, peerSide: null });
    expect(arrangementPhases(a, 1000)).toEqual({ negotiating: [100, 101], provisioning: [101, 130], active: null, draining: null });
  });

  it('a contract held from the start has no negotiation', () => {
    const a = arrangement({ origin: 'contract', detectedAtS: 0, requestedAtS: 0, agreedAtS: 0, activeAtS: 0 });
    expect(arrangementPhases(a, 1000).negotiating).toBeNull();
    expect(arrangementLabel(a)).toBe('alpha→beta #1 (contract, short, disbanded)');
  });

  it('labels say the pair, the number, the term and how it ended', () => {
    expect(arrangementLabel(arrangement({ state: 'terminated', endReason: 'sla-violation' }))).toBe('alpha→beta #1 (short, terminated: sla-violation)');
  });

  it('the Gantt chart grows with the arrangements, from 500 up to 1500 px', () => {
    expect([ganttHeight(0), ganttHeight(3), ganttHeight(20), ganttHeight(100)]).toEqual([500, 500, 750, 1500]);
  });
});

describe('agreed capacity over time', () => {
  it('is 0 before the agreement, the first capacity until the first change, each change from its time, 0 from the end', () => {
    const a = arrangement();
    expect([50, 101, 199.9, 200, 400, 499.9, 500].map((t) => agreedCapacityAt(a, t))).toEqual([0, 100, 100, 300, 50, 50, 0]);
  });

  it('the chart steps through each arrangement’s capacity and sums them per primary, against its overload', () => {
    const { result } = runWithAgents(SMALL_CROWD, 1, ['duration=20m']);
    const datasets = capacityChart(result).config.data.datasets;
    const n = result.control.arrangements.length;
    expect(datasets.map((d) => d.label).slice(n)).toEqual(['alpha: all agreed capacity', 'alpha: offered demand above its own sites’ capacity']);
    const total = datasets[n].data as { x: number; y: number }[];
    const end = total[total.length - 1];
    expect(end.x).toBe(20);
    const held = result.control.arrangements.reduce((sum, a) => sum + a.finalCapacityRps, 0);
    expect(end.y).toBeCloseTo(held, 5);
    expect(datasets.slice(0, n).every((d) => (d as { stepped?: unknown }).stepped === true)).toBe(true);
  });
});

describe('the bands plugin', () => {
  const SURGE = [255, 152, 0];
  function pixelAt(bands: { from: number; to: number; label: string }[], xMinute: number) {
    const canvas = createCanvas(400, 200);
    const ctx = canvas.getContext('2d');
    const chart = new Chart(ctx as unknown as CanvasRenderingContext2D, {
      type: 'line',
      data: { labels: [0, 10], datasets: [{ data: [0, 0], borderWidth: 0 }] },
      options: {
        animation: false,
        responsive: false,
        plugins: { legend: { display: false }, bands: { bands, color: 'rgb(255, 152, 0)', labelColor: '#000000' } },
        scales: { x: { type: 'linear', min: 0, max: 10, display: false }, y: { display: false, min: 0, max: 1 } },
      },
    });
    const x = Math.round(chart.scales.x.getPixelForValue(xMinute));
    const pixel = [...ctx.getImageData(x, 150, 1, 1).data].slice(0, 3);
    chart.destroy();
    return pixel;
  }

  it('shades inside a band and nowhere else', () => {
    const bands = [{ from: 2, to: 4, label: '' }];
    expect(pixelAt(bands, 3)).toEqual(SURGE);
    expect(pixelAt(bands, 6)).not.toEqual(SURGE);
    expect(pixelAt([], 3)).not.toEqual(SURGE);
  });

  it('is JavaScript source that builds a plugin named "bands" and can sit inside a <script> element (the page inlines the same text)', () => {
    expect(chartPlugins().map((p) => p.id)).toEqual(['bands']);
    expect(BANDS_PLUGIN_SOURCE).not.toMatch(/<\/script|<!--/i);
  });
});
