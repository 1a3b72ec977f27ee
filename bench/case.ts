// One benchmark case, run in its own process so its peak memory (maxRSS) is its own.
// Usage: node dist/bench/case.js <bare-des|bare|mmc|scenario|agents> [requests|scenario-name|large|curve-<cdns>] | sweep <workers> <runs> | workload <pieces|wc98-series|wc98-run>; prints one JSON line.
import { loadScenario } from '../scenarios/load.js';
import { runScenario } from '../scenarios/run.js';
import { bareMmc } from './bare-mmc.js';
import { bareDesMmc } from './bare-des.js';
import { writeCurveScenario, writeLargeScenario } from './large-scenario.js';
import { CdnAgent } from '../agents/cdn-agent.js';
import { ControlPlane } from '../agents/control-plane.js';
import { sweepCase } from './sweep-case.js';
import { manyPiecesCase, wc98RunCase, wc98SeriesCase } from './workload-case.js';

const SERVERS = 16;
const MEAN_SERVICE_S = 0.01;
const RATE = (0.9 * SERVERS) / MEAN_SERVICE_S; // ρ = 0.9

function measure<T>(work: () => T) {
  const start = performance.now();
  const value = work();
  return { value, wallS: (performance.now() - start) / 1000 };
}

async function main(): Promise<void> {
  const [kind, arg, arg2] = process.argv.slice(2);
  if (kind === 'workload') {
    print(arg === 'pieces' ? manyPiecesCase() : arg === 'wc98-series' ? wc98SeriesCase() : wc98RunCase());
  } else if (kind === 'sweep') {
    print(await sweepCase(Number(arg), Number(arg2)));
  } else if (kind === 'bare-des') {
    const requests = Number(arg);
    const { value, wallS } = measure(() => bareDesMmc(SERVERS, RATE, MEAN_SERVICE_S, requests, 1));
    print({ kind, requests: value.served, wallS, meanWaitMs: value.meanWaitS * 1000 });
  } else if (kind === 'bare') {
    const requests = Number(arg);
    const { value, wallS } = measure(() => bareMmc(SERVERS, RATE, MEAN_SERVICE_S, requests, 1));
    print({ kind, requests: value.served, wallS, meanWaitMs: value.meanWaitS * 1000 });
  } else if (kind === 'mmc') {
    const requests = Number(arg);
    const durationS = Math.ceil(requests / RATE);
    const { scenario, hash } = loadScenario('mmc', {
      sets: [`duration=${durationS}`, `workload.0.base.ratePerS=${RATE}`, 'cdns.0.sites.0.servers=16', 'window=600'],
    });
    const { value, wallS } = measure(() => runScenario(scenario, { hash, version: 'bench' }));
    const r = value.result;
    print({ kind, requests: r.requests.arrived, events: r.events, wallS, meanWaitMs: r.waitMs.mean });
  } else if (kind === 'agents') {
    const ref = arg === 'large' ? writeLargeScenario() : arg.startsWith('curve-') ? writeCurveScenario(Number(arg.slice(6))) : arg;
    const controlMs = instrumentControlPlane();
    const { scenario, hash, policies } = loadScenario(ref);
    const { value, wallS } = measure(() => runScenario(scenario, { hash, version: 'bench', policies }));
    const r = value.result;
    print({
      kind: `${arg} with agents`,
      cdns: scenario.cdns.length,
      requests: r.requests.arrived,
      events: r.events,
      wallS,
      controlS: controlMs() / 1000,
      messages: r.control.messages.sent,
      arrangements: r.control.arrangements.length,
      rejected: r.requests.rejected,
      p95Ms: r.latencyMs.p95,
    });
  } else {
    const { scenario, hash } = loadScenario(arg);
    const { value, wallS } = measure(() => runScenario(scenario, { hash, version: 'bench' }));
    const r = value.result;
    print({ kind: arg, requests: r.requests.arrived, events: r.events, wallS, rejected: r.requests.rejected, p95Ms: r.latencyMs.p95 });
  }
}

/**
 * Wall time spent in the control plane: the agents' MAPE-K passes and message handling, the
 * per-window SLA judging, and the actor timers (timeouts) — measured by wrapping those entry points.
 */
function instrumentControlPlane(): () => number {
  let ms = 0;
  let depth = 0;
  const wrap = (proto: object, name: string) => {
    const target = proto as Record<string, (...args: unknown[]) => unknown>;
    const original = target[name];
    target[name] = function (this: unknown, ...args: unknown[]) {
      if (depth++ > 0) return original.apply(this, args);
      const start = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        depth--;
        ms += performance.now() - start;
      }
    };
  };
  wrap(CdnAgent.prototype, 'tick');
  wrap(CdnAgent.prototype, 'receive');
  wrap(ControlPlane.prototype, 'judgeWindow' as never);
  return () => ms;
}

function print(fields: Record<string, unknown>): void {
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ ...fields, peakRssMB }));
}

await main();
