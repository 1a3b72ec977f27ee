// The large benchmark scenarios, generated: CDNs spread evenly over regions, each both primary (for
// its own users) and peer (for everyone else's) under the `reciprocal` policy, and a flash crowd
// that moves from region to region. Written as a scenario file so it goes through the ordinary loader.
// - `writeLargeScenario()`: the 200-CDN case of `npm run bench` — 10 regions in a ring 25 ms apart,
//   60 ms between any other two: every region is within every peer's footprint reach (100 ms).
// - `writeCurveScenario(n)`: the scaling curve — 10 CDNs per region, a ring of n/10 regions where
//   only neighbours are close (25 ms) and any other two are 150 ms apart (beyond the 100 ms reach),
//   and a shorter run (10 simulated minutes) whose crowds come in four waves at every size.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

interface Shape {
  name: string;
  cdns: number;
  regions: number;
  /** round trip between two regions that are not ring neighbours (ms) */
  farRttMs: number;
  duration: string;
  /** when the crowd of region k starts (s) */
  crowdStartS: (k: number) => number;
  crowd: { rampUp: string; sustain: string; rampDown: string };
}

function writeScenario(shape: Shape): string {
  const { cdns, regions } = shape;
  const regionNames = Array.from({ length: regions }, (_, i) => `r${i}`);
  const pairs = regions > 2 ? regionNames.map((a, i) => ({ a, b: regionNames[(i + 1) % regions], ms: 25 })) : [];
  const ids = Array.from({ length: cdns }, (_, i) => `cdn${String(i).padStart(3, '0')}`);
  const doc = {
    name: shape.name,
    description: `${cdns} CDNs in ${regions} regions, each primary and peer (reciprocal); a 3x crowd moves across the regions.`,
    seed: 1,
    duration: shape.duration,
    window: '60s',
    regions: regionNames,
    network: { rttMs: { default: shape.farRttMs, sameRegion: 8, pairs } },
    catalog: { objects: 20000, popularity: { zipf: 0.8 }, sizeBytes: { lognormal: { median: '200kB', sigma: 1 } } },
    cdns: ids.map((id, i) => ({
      id,
      role: 'primary',
      policy: 'reciprocal',
      sites: [{ region: regionNames[i % regions], servers: 4, serviceTime: { exponential: { meanMs: 25 } }, queueLimit: 40 }],
    })),
    workload: ids.map((id, i) => ({
      region: regionNames[i % regions],
      cdn: id,
      base: { ratePerS: 60 },
      events: [{ type: 'flash-crowd', start: `${shape.crowdStartS(i % regions)}s`, ...shape.crowd, peak: '3x', hotObjects: 20 }],
    })),
  };
  const file = join(mkdtempSync(join(tmpdir(), 'autopeer-bench-')), `${shape.name}.yaml`);
  writeFileSync(file, stringify(doc));
  return file;
}

export function writeLargeScenario(cdns = 200, regions = 10): string {
  return writeScenario({
    name: 'large-moving-crowd',
    cdns,
    regions,
    farRttMs: 60,
    duration: '30m',
    crowdStartS: (k) => 60 * (5 + 2 * k),
    crowd: { rampUp: '1m', sustain: '3m', rampDown: '1m' },
  });
}

/** CDNs per region of the scaling curve */
export const CURVE_CDNS_PER_REGION = 10;

export function writeCurveScenario(cdns: number): string {
  return writeScenario({
    name: `curve-${cdns}`,
    cdns,
    regions: Math.max(1, Math.round(cdns / CURVE_CDNS_PER_REGION)),
    farRttMs: 150,
    duration: '10m',
    crowdStartS: (k) => 60 + 90 * (k % 4),
    crowd: { rampUp: '1m', sustain: '2m', rampDown: '1m' },
  });
}
