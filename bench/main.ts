// `npm run bench`: the speed and memory targets of the data plane, and the control plane's share and
// message count as the CDNs grow (the moving crowd at 50–400 CDNs), measured side by side in one run
// and printed. Each case runs in its own process (so peak memory is its own). Exits 1 if a target
// is missed. Wall-clock figures are the point here; nothing in the simulation reads them.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { histogramBench } from './histogram-bench.js';
import { policyBench } from './policy-bench.js';
import { mmc } from '../core/queueing-theory.js';

const here = dirname(fileURLToPath(import.meta.url));

interface CaseResult {
  kind: string;
  requests: number;
  wallS: number;
  peakRssMB: number;
  events?: number;
  meanWaitMs?: number;
  rejected?: number;
  p95Ms?: number;
  runsCsv?: string;
  controlS?: number;
  messages?: number;
  arrangements?: number;
  cdns?: number;
  negotiations?: number;
  failedNegotiations?: number;
}

function runCase(...args: string[]): CaseResult {
  const out = execFileSync(process.execPath, [join(here, 'case.js'), ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop() as string) as CaseResult;
}

const rate = (r: CaseResult) => r.requests / r.wallS;
const m = (x: number) => `${(x / 1e6).toFixed(2)} M/s`;
const checks: { what: string; ok: boolean; detail: string }[] = [];
const check = (what: string, ok: boolean, detail: string) => {
  checks.push({ what, ok, detail });
  console.log(`${ok ? 'PASS' : 'MISS'}  ${what}: ${detail}`);
};

const N = Number(process.env.BENCH_REQUESTS ?? 1e7);
console.log(`autopeer bench — node ${process.version}, ${N.toExponential(0)} requests for M/M/c (c = 16, ρ = 0.9)\n`);

const theory = mmc(1440, 100, 16).wq * 1000;
const bare = runCase('bare-des', String(N));
console.log(`bare typed-array DES loop   : ${m(rate(bare))}  (mean wait ${bare.meanWaitMs?.toFixed(3)} ms; Erlang C ${theory.toFixed(3)} ms)`);
const special = runCase('bare', String(N));
console.log(`specialised M/M/c loop      : ${m(rate(special))}  (no event queue for arrivals; context only)`);
const full = runCase('mmc', String(N));
console.log(
  `full data plane, mmc        : ${m(rate(full))}  (mean wait ${full.meanWaitMs?.toFixed(3)} ms; ${(full.events! / full.wallS / 1e6).toFixed(2)} M events/s; peak ${full.peakRssMB.toFixed(0)} MB)`,
);
const small = runCase('mmc', String(N / 10));
console.log(`full data plane, mmc ÷ 10   : peak ${small.peakRssMB.toFixed(0)} MB`);
const crowd = runCase('scenario', 'flash-crowd');
console.log(
  `flash-crowd                 : ${m(rate(crowd))}  (${crowd.requests} requests in ${crowd.wallS.toFixed(2)} s; peak ${crowd.peakRssMB.toFixed(0)} MB; p95 ${crowd.p95Ms?.toFixed(1)} ms)`,
);
const agents = runCase('agents', 'flash-crowd');
const controlShare = (agents.controlS ?? 0) / agents.wallS;
console.log(
  `flash-crowd with agents     : ${m(rate(agents))}  (${agents.arrangements} arrangements, ${agents.messages} messages; control plane ${(agents.controlS ?? 0).toFixed(2)} s = ${(100 * controlShare).toFixed(1)}% of ${agents.wallS.toFixed(2)} s; rejected ${agents.rejected} vs ${crowd.rejected} without; peak ${agents.peakRssMB.toFixed(0)} MB)`,
);
const large = runCase('agents', 'large');
console.log(
  `large: 200 CDNs, moving crowd: ${large.wallS.toFixed(1)} s wall, ${m(rate(large))} requests, ${Math.round((large.messages ?? 0) / large.wallS)} control messages/s (${large.messages} in all), ${large.arrangements} arrangements; control plane ${((100 * (large.controlS ?? 0)) / large.wallS).toFixed(1)}% of the time; peak ${large.peakRssMB.toFixed(0)} MB`,
);
// the control plane's scaling curve: the moving crowd at 50–400 CDNs, 10 per region, 10 simulated minutes
const curve = [50, 100, 200, 400].map((n) => ({ n, r: runCase('agents', `curve-${n}`) }));
console.log('control plane at scale (moving crowd, 10 CDNs per region, 10 simulated min):');
console.log('   CDNs   wall s  control s  share   messages  messages/CDN  arrangements  negotiations  failed');
for (const { n, r } of curve) {
  const c = r.controlS ?? 0;
  const msgs = r.messages ?? 0;
  console.log(
    `  ${String(n).padStart(5)} ${r.wallS.toFixed(1).padStart(8)} ${c.toFixed(2).padStart(10)} ${((100 * c) / r.wallS).toFixed(1).padStart(5)}% ${String(msgs).padStart(10)} ${(msgs / n).toFixed(0).padStart(13)} ${String(r.arrangements).padStart(13)} ${String(r.negotiations).padStart(13)} ${String(r.failedNegotiations).padStart(7)}`,
  );
}
const sweep1 = runCase('sweep', '1', '16');
const sweep2 = runCase('sweep', '2', '16');
const sweepBig = runCase('sweep', '2', '48');
const speedup = sweep1.wallS / sweep2.wallS;
console.log(
  `sweep, 16 small runs        : ${sweep1.wallS.toFixed(1)} s on 1 worker, ${sweep2.wallS.toFixed(1)} s on 2 (×${speedup.toFixed(2)}; runs.csv ${sweep1.runsCsv === sweep2.runsCsv ? 'identical' : 'DIFFERENT'}); peak ${sweep1.peakRssMB.toFixed(0)} / ${sweep2.peakRssMB.toFixed(0)} MB; 48 runs on 2: peak ${sweepBig.peakRssMB.toFixed(0)} MB`,
);
const pieces = runCase('workload', 'pieces');
const series = runCase('workload', 'wc98-series');
const wc98 = runCase('workload', 'wc98-run');
const skipped = (r: CaseResult) => (r as CaseResult & { skipped?: string }).skipped;
console.log(`arrivals, 5,000 events/day   : ${m(rate(pieces))} generated (${pieces.requests} requests); peak ${pieces.peakRssMB.toFixed(0)} MB`);
console.log(
  skipped(series) ??
    `arrivals, WC98 whole series  : ${m(rate(series))} generated (${series.requests} requests at scale 0.01, streamed); peak ${series.peakRssMB.toFixed(0)} MB`,
);
console.log(
  skipped(wc98) ??
    `WC98 3 h at full scale       : ${m(rate(wc98))} through the data plane (${wc98.requests} requests, ${wc98.wallS.toFixed(1)} s); peak ${wc98.peakRssMB.toFixed(0)} MB`,
);
const h = histogramBench();
console.log(
  `latency histogram record    : ours ${h.oursNs.toFixed(1)} ns, hdr-histogram-js ${h.libNs.toFixed(1)} ns (p95 ${h.oursP95.toFixed(2)} vs ${h.libP95.toFixed(2)} ms)`,
);
const pb = policyBench();
const perS = (x: number) => `${(x / 1e6).toFixed(2)} M/s`;
console.log(
  `policy evaluation           : fast path ${pb.fast.meanUs.toFixed(2)} µs per decision (${perS(pb.fast.evaluationsPerS)}), mathjs ${pb.mathjs.meanUs.toFixed(2)} µs (${perS(pb.mathjs.evaluationsPerS)}); ${pb.decisions} decisions of the ${pb.policies} library policies; slowest ${pb.fast.slowest.label} ${pb.fast.slowest.us.toFixed(2)} µs\n`,
);

const slowdown = rate(bare) / rate(full);
check('mmc within 2.5× of the bare DES loop', slowdown <= 2.5, `${slowdown.toFixed(2)}× slower (${m(rate(full))} vs ${m(rate(bare))})`);
check('mmc at least 2 M requests/s', rate(full) >= 2e6, m(rate(full)));
check('flash-crowd at least 1 M requests/s', rate(crowd) >= 1e6, m(rate(crowd)));
check('flash-crowd with agents at least 1 M requests/s', rate(agents) >= 1e6, m(rate(agents)));
check('control plane under 10% of the flash-crowd run', controlShare < 0.1, `${(100 * controlShare).toFixed(1)}%`);
check(
  'sweep on 2 workers at least 1.7× faster than on 1',
  speedup >= 1.7,
  `×${speedup.toFixed(2)} (${sweep1.wallS.toFixed(1)} s → ${sweep2.wallS.toFixed(1)} s)`,
);
check(
  'sweep results identical on 1 and 2 workers',
  sweep1.runsCsv === sweep2.runsCsv,
  `runs.csv sha256 ${String(sweep1.runsCsv).slice(0, 12)} vs ${String(sweep2.runsCsv).slice(0, 12)}`,
);
const sweepMem = sweepBig.peakRssMB / sweep2.peakRssMB;
check(
  'sweep memory bounded by the workers: 48 runs within 20% of 16',
  sweepMem <= 1.2,
  `${sweepBig.peakRssMB.toFixed(0)} MB vs ${sweep2.peakRssMB.toFixed(0)} MB (×${sweepMem.toFixed(2)})`,
);
check(
  'arrival generation (5,000 events) faster than the full data plane: never its bottleneck',
  rate(pieces) >= rate(full),
  `${m(rate(pieces))} vs ${m(rate(full))}`,
);
if (skipped(wc98) === undefined) {
  check(
    'a WC98 3-hour window at full scale runs at the data plane’s usual speed (≥ 80% of flash-crowd’s)',
    rate(wc98) >= 0.8 * rate(crowd),
    `${m(rate(wc98))} vs ${m(rate(crowd))}`,
  );
  check('the whole WC98 series streams in bounded memory (peak ≤ 200 MB)', series.peakRssMB <= 200, `${series.peakRssMB.toFixed(0)} MB`);
}
const at = (n: number) => curve.find((p) => p.n === n)!.r;
const share200 = (at(200).controlS ?? 0) / at(200).wallS;
check('control plane under 10% of the run at 200 CDNs (curve)', share200 < 0.1, `${(100 * share200).toFixed(1)}%`);
const perCdn = (n: number) => (at(n).messages ?? 0) / n;
const growth = perCdn(400) / perCdn(50);
check(
  'control messages grow about linearly with the CDNs: messages/CDN at 400 within 1.5× of that at 50',
  growth <= 1.5,
  `${perCdn(400).toFixed(0)} vs ${perCdn(50).toFixed(0)} (×${growth.toFixed(2)})`,
);
const memRatio = full.peakRssMB / small.peakRssMB;
check(
  'peak memory for 10⁷ within 20% of 10⁶',
  memRatio <= 1.2,
  `${full.peakRssMB.toFixed(0)} MB vs ${small.peakRssMB.toFixed(0)} MB (×${memRatio.toFixed(2)})`,
);
process.exitCode = checks.every((c) => c.ok) ? 0 : 1;
