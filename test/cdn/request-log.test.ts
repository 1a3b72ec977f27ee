// The per-request log on a hand-computed trace through the real data plane, clock, collector and
// CSV writer: one row per request in arrival order, every outcome, numbers exact.
import { describe, it, expect } from 'vitest';
import { runTrace, traceScenario } from './trace-scenario.js';
import { REQUEST_LOG_CSV_HEADER, renderRequestLogCsv } from '../../reports/csv.js';

// c = 1, one waiting place, deterministic service of 2 s, 5 s run; site r down from 4.5 to 4.8.
//   1  0    served 0 → 2                 wait 0,   2 in the site
//   2  1    waits 1..2, served 2 → 4     wait 1,   3 in the site
//   3  2.5  waits 2.5..4, in service from 4, fails at 4.5 (site down): wait 1.5, 2 in the site
//   4  3    rejected at 3 (2 in service, 3 waiting)
//   5  4.7  no site up: unrouted at 4.7
//   6  4.9  served from 4.9 (site up again), still in service at the end
const ARRIVALS = [0, 1, 2.5, 3, 4.7, 4.9];

function logged(requestLog: boolean) {
  const scenario = {
    ...traceScenario({ servers: 1, queueLimit: 1, durationS: 5, windowS: 5 }),
    faults: [{ type: 'site-down' as const, atS: 4.5, cdn: 'alpha', region: 'r', forS: 0.3 }],
    measure: { topK: 10, requestLog },
  };
  return runTrace(scenario, ARRIVALS, [2, 2, 2, 2]);
}

describe('requests.csv on a hand-computed trace', () => {
  const { result } = logged(true);

  it('has the hand-computed rows, in arrival order', () => {
    expect(result.requestLog).not.toBeNull();
    const csv = renderRequestLogCsv(result.requestLog!);
    expect(csv.split('\n')).toEqual([
      REQUEST_LOG_CSV_HEADER.join(','),
      '1,0,0,2,alpha,alpha,r,alpha,served,0,2',
      '2,1,2,4,alpha,alpha,r,alpha,served,1,3',
      '3,2.5,4,4.5,alpha,,r,alpha,failed,1.5,2',
      '4,3,,3,alpha,,r,alpha,rejected,,',
      '5,4.7,,4.7,alpha,,,,unrouted,,',
      '6,4.9,4.9,,alpha,,r,alpha,in-flight,0,',
      '',
    ]);
  });

  it('agrees with the run counts: arrived = rows, served, rejected, failed (unrouted), in flight', () => {
    const r = result.requests;
    expect(r).toMatchObject({ arrived: 6, served: 2, rejected: 1, failed: 2, inFlightAtEnd: 1 });
  });
});

describe('the log changes no figure', () => {
  it('the RunResult without the log is the same but for the switch itself (in the scenario and measure) and requestLog', () => {
    const on = logged(true).result;
    const off = logged(false).result;
    expect(off.requestLog).toBeNull();
    const strip = (r: typeof on) => ({ ...r, scenario: { ...r.scenario, measure: null }, requestLog: null, measure: { ...r.measure, requestLog: null } });
    expect(strip(on)).toEqual(strip(off));
  });
});
