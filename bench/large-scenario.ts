// The large benchmark scenario, generated: 200 CDNs over 10 regions, each both primary (for its own
// users) and peer (for everyone else's) under the `reciprocal` policy, and a flash crowd that moves
// from region to region. Written as a scenario file so it goes through the ordinary loader.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

export function writeLargeScenario(cdns = 200, regions = 10): string {
  const regionNames = Array.from({ length: regions }, (_, i) => `r${i}`);
  const pairs = regionNames.map((a, i) => ({ a, b: regionNames[(i + 1) % regions], ms: 25 }));
  const ids = Array.from({ length: cdns }, (_, i) => `cdn${String(i).padStart(3, '0')}`);
  const doc = {
    name: 'large-moving-crowd',
    description: `${cdns} CDNs in ${regions} regions, each primary and peer (reciprocal); a 3x crowd moves across the regions.`,
    seed: 1,
    duration: '30m',
    window: '60s',
    regions: regionNames,
    network: { rttMs: { default: 60, sameRegion: 8, pairs } },
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
      events: [{ type: 'flash-crowd', start: `${5 + 2 * (i % regions)}m`, rampUp: '1m', sustain: '3m', rampDown: '1m', peak: '3x', hotObjects: 20 }],
    })),
  };
  const file = join(mkdtempSync(join(tmpdir(), 'autopeer-bench-')), 'large.yaml');
  writeFileSync(file, stringify(doc));
  return file;
}
