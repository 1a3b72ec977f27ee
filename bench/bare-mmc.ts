// A reference point below the floor: a specialised M/M/c loop that is not a general event loop
// (arrivals are never queued as events; only the c departures sit in a heap). Printed for context.
import seedrandom from 'seedrandom';

export function bareMmc(servers: number, arrivalRate: number, meanService: number, requests: number, seed: number) {
  const rng = seedrandom.alea(`${seed}/bare`);
  const cap = 1 << 20;
  const depTime = new Float64Array(servers + 1); // heap of departure times (at most `servers` pending)
  let depSize = 0;
  const queue = new Float64Array(cap); // arrival times of waiting requests
  let qHead = 0;
  let qLen = 0;
  let busy = 0;
  let t = 0;
  let nextArrival = -Math.log(1 - rng()) / arrivalRate;
  let arrived = 0;
  let waitSum = 0;
  let served = 0;
  const push = (x: number) => {
    let i = depSize++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (depTime[p] <= x) break;
      depTime[i] = depTime[p];
      i = p;
    }
    depTime[i] = x;
  };
  const pop = () => {
    const top = depTime[0];
    const last = depTime[--depSize];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= depSize) break;
      if (c + 1 < depSize && depTime[c + 1] < depTime[c]) c++;
      if (depTime[c] >= last) break;
      depTime[i] = depTime[c];
      i = c;
    }
    depTime[i] = last;
    return top;
  };
  while (arrived < requests || depSize > 0) {
    if (arrived < requests && (depSize === 0 || nextArrival < depTime[0])) {
      t = nextArrival;
      arrived++;
      nextArrival = t - Math.log(1 - rng()) / arrivalRate;
      if (busy < servers) {
        busy++;
        push(t - Math.log(1 - rng()) * meanService);
      } else {
        queue[(qHead + qLen++) & (cap - 1)] = t;
      }
    } else {
      t = pop();
      served++;
      if (qLen > 0) {
        const a = queue[qHead];
        qHead = (qHead + 1) & (cap - 1);
        qLen--;
        waitSum += t - a;
        push(t - Math.log(1 - rng()) * meanService);
      } else busy--;
    }
  }
  return { served, meanWaitS: waitSum / served };
}
