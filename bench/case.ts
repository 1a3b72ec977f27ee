// One benchmark case, run in its own process so its peak memory (maxRSS) is its own.
// Usage: node dist/bench/case.js <bare-des|bare|mmc|scenario|agents|policy> [requests|scenario-name|large|curve-<cdns>] | sweep <workers> <runs> | workload <pieces|wc98-series|wc98-run>; prints one JSON line.
import { loadScenario } from '../scenarios/load.js';
import { runScenario } from '../scenarios/run.js';
import { bareMmc } from './bare-mmc.js';
import { bareDesMmc } from './bare-des.js';
import { writeCurveScenario, writeLargeScenario } from './large-scenario.js';
import { CdnAgent } from '../agents/cdn-agent.js';
import { ControlPlane } from '../agents/control-plane.js';
import { MessageNetwork } from '../agents/network.js';
import { ControlLoop } from '../agents/control-loop.js';
import { sweepCase } from './sweep-case.js';
import { manyPiecesCase, wc98RunCase, wc98SeriesCase } from './workload-case.js';
import { policyBench } from './policy-bench.js';

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
  if (kind === 'policy') {
    print({ kind, ...policyBench() });
  } else if (kind === 'workload') {
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
      ...negotiationCounts(r.control.negotiations),
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
 * Wall time spent in the control plane, measured by wrapping its entry points from the event loop:
 * the agents' control loops and MAPE-K passes, message delivery (the network's bookkeeping and the handlers), the
 * actors' timers (retries, deadlines, lingering, leases), the per-window
 * SLA judging, and starting and stopping the agents. Nested entries are counted once.
 */
function instrumentControlPlane(): () => number {
  let ms = 0;
  let depth = 0;
  const timed = <T, A extends unknown[], R>(original: (this: T, ...args: A) => R) =>
    function (this: T, ...args: A): R {
      if (depth++ > 0) {
        try {
          return original.apply(this, args);
        } finally {
          depth--;
        }
      }
      const start = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        depth--;
        ms += performance.now() - start;
      }
    };
  const wrap = (proto: object, name: string) => {
    const target = proto as Record<string, (...args: unknown[]) => unknown>;
    target[name] = timed(target[name]);
  };
  wrap(CdnAgent.prototype, 'tick');
  wrap(CdnAgent.prototype, 'receive');
  wrap(ControlLoop.prototype, 'fire');
  wrap(MessageNetwork.prototype, 'deliver');
  wrap(ControlPlane.prototype, 'judgeWindow');
  wrap(ControlPlane.prototype, 'stop');
  // the actors' timers: every agent of a run shares one xstate clock; time each timer's callback
  const start = ControlPlane.prototype.start;
  ControlPlane.prototype.start = timed(function (this: ControlPlane) {
    const xclock = this.agents[0]?.env.xclock;
    if (xclock) {
      const setTimeout = xclock.setTimeout.bind(xclock);
      xclock.setTimeout = (fn, timeoutMs) => setTimeout(timed(fn), timeoutMs);
    }
    start.call(this);
  });
  return () => ms;
}

/** negotiations started, how many did not agree, and the causes of those (most common first) */
function negotiationCounts(negotiations: readonly { outcome: string; cause: string | null }[]) {
  const causes = new Map<string, number>();
  for (const n of negotiations) if (n.outcome !== 'agreed') causes.set(String(n.cause), (causes.get(String(n.cause)) ?? 0) + 1);
  const failed = [...causes.values()].reduce((a, b) => a + b, 0);
  return { negotiations: negotiations.length, failedNegotiations: failed, failCauses: Object.fromEntries([...causes].sort((a, b) => b[1] - a[1])) };
}

function print(fields: Record<string, unknown>): void {
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ ...fields, peakRssMB }));
}

await main();
