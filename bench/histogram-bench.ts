// Cost of recording one latency: our typed-array histogram against hdr-histogram-js (the library
// we would otherwise use), on the same values. Justifies the hand-written hot-path structure.
import * as hdr from 'hdr-histogram-js';
import { LatencyHistogram } from '../core/histogram.js';

export function histogramBench(records = 5_000_000) {
  const values = new Float64Array(1 << 16);
  let x = 12345;
  for (let i = 0; i < values.length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    values[i] = 1 + (x % 5_000_000) / 1000; // 1 ms … 5 s
  }
  const ours = new LatencyHistogram();
  let start = performance.now();
  for (let i = 0; i < records; i++) ours.record(values[i & 0xffff]);
  const oursNs = ((performance.now() - start) * 1e6) / records;
  const lib = hdr.build({ numberOfSignificantValueDigits: 3, lowestDiscernibleValue: 1, highestTrackableValue: 3.6e9 });
  start = performance.now();
  for (let i = 0; i < records; i++) lib.recordValue(Math.round(values[i & 0xffff] * 1000));
  const libNs = ((performance.now() - start) * 1e6) / records;
  return { oursNs, libNs, oursP95: ours.percentile(95), libP95: lib.getValueAtPercentile(95) / 1000 };
}
