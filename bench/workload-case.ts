// Benchmark cases of the workload room: arrivals generated alone (no data plane) for a profile of
// thousands of pieces (4,000 spikes and 1,000 flash crowds over a day under a daily sinusoid) and
// for the whole World Cup 98 series streamed from ../shared/data (125,300 minutes); and a 3-hour
// World Cup 98 window at full scale through the whole data plane. Each prints requests/s and the
// peak memory, so generating arrivals can be compared with what a run costs per request.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { ProfileSource } from '../cdn/workload/profile-source.js';
import { Catalog } from '../cdn/content/catalog.js';
import { createStreams } from '../core/random.js';
import { openLines } from '../scenarios/traces/line-reader.js';
import { loadScenario } from '../scenarios/load.js';
import { runScenario } from '../scenarios/run.js';
import type { WorkloadEvent, WorkloadSpec } from '../cdn/spec.js';
import { packageRoot } from '../input/paths.js';

export const WC98 = join(packageRoot(), '..', 'shared', 'data', 'worldcup98', 'requests-per-minute.csv');

function generate(spec: WorkloadSpec, horizonS: number): { requests: number; wallS: number; pieces: number } {
  const streams = createStreams(1);
  const catalog = new Catalog({ objects: 10_000, zipf: 0.8, size: { kind: 'fixed', bytes: 1000 } }, streams.stream('catalog'));
  const source = new ProfileSource(
    0,
    'bench',
    spec,
    0,
    0,
    catalog,
    streams,
    () => 10_000,
    (path) => openLines(path),
  );
  const start = performance.now();
  while (source.advance(horizonS)) source.pickObject();
  return { requests: source.arrivals, wallS: (performance.now() - start) / 1000, pieces: spec.events.length };
}

/** 4,000 one-minute spikes and 1,000 short crowds over a day, under a daily sinusoid: thousands of pieces */
export function manyPiecesCase() {
  const events: WorkloadEvent[] = [];
  for (let i = 0; i < 4000; i++) events.push({ type: 'spike', startS: i * 21.6, forS: 10, requests: 2000, hotSet: null });
  for (let i = 0; i < 1000; i++) {
    events.push({
      type: 'flash-crowd',
      startS: i * 86.4,
      rampUpS: 20,
      sustainS: 20,
      rampDownS: 40,
      peak: 3,
      ramp: i % 2 ? 'linear' : 'exponential',
      hotSet: null,
    });
  }
  const spec: WorkloadSpec = {
    region: 'r',
    cdn: 'a',
    base: { process: 'poisson', ratePerS: 100 },
    daily: { kind: 'sinusoid', amplitude: 0.5, peakHour: 20, localStartS: 0 },
    events,
    clients: null,
  };
  return { kind: 'arrivals, 5,000 events over a day', ...generate(spec, 86400) };
}

/** the whole WC98 series (1.35 billion requests in 87 days) at scale 0.01, streamed */
export function wc98SeriesCase() {
  if (!existsSync(WC98)) return { kind: 'arrivals, WC98 series', skipped: `${WC98} not found` };
  const spec: WorkloadSpec = {
    region: 'r',
    cdn: 'a',
    base: {
      process: 'series',
      ratePerS: 0,
      trace: { path: WC98, sha256: '', maxMalformed: 0, lines: 0, malformed: 0, malformedLines: [] },
      periodS: 60,
      fromS: 0,
      toS: null,
      speedup: 1,
      scale: 0.01,
    },
    daily: null,
    events: [],
    clients: null,
  };
  return { kind: 'arrivals, whole WC98 series at scale 0.01', ...generate(spec, 125_400 * 60) };
}

/** 1998-07-07 19:00–22:00 at full scale (≈ 24 million requests) through the data plane, no agents */
export function wc98RunCase() {
  if (!existsSync(WC98)) return { kind: 'WC98 3 h full scale', skipped: `${WC98} not found` };
  const dir = mkdtempSync(join(tmpdir(), 'autopeer-bench-'));
  const file = join(dir, 'wc98-3h.yaml');
  const doc = YAML.parse(readFileSync(join(packageRoot(), 'scenarios', 'worldcup98.yaml'), 'utf8'));
  doc.name = 'wc98-3h';
  doc.duration = '3h';
  doc.peering = { enabled: false };
  doc.workload = [{ region: 'eu-west', cdn: 'alpha', base: { process: 'series', file: WC98, from: '1998-07-07 19:00', to: '1998-07-07 22:00', scale: 1 } }];
  doc.cdns[0].sites[0].servers = 160;
  writeFileSync(file, YAML.stringify(doc));
  const { scenario, hash } = loadScenario(file);
  const start = performance.now();
  const r = runScenario(scenario, { hash, version: 'bench' }).result;
  return { kind: 'WC98 19:00–22:00 at full scale, data plane', requests: r.requests.arrived, events: r.events, wallS: (performance.now() - start) / 1000 };
}
