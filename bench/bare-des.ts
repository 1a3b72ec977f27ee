// The floor the data plane is held to: a bare, hand-written discrete-event M/M/c loop in typed
// arrays — one binary heap of (time, sequence, kind) events holding arrivals and departures, a ring
// FIFO, alea draws — with none of the data plane's routing, caches, sensors or statistics.
import seedrandom from 'seedrandom';

const ARRIVAL = 0;
const DEPARTURE = 1;

export function bareDesMmc(servers: number, arrivalRate: number, meanService: number, requests: number, seed: number) {
  const rng = seedrandom.alea(`${seed}/bare-des`);
  const cap = servers + 2;
  const hTime = new Float64Array(cap);
  const hSeq = new Float64Array(cap);
  const hKind = new Uint8Array(cap);
  let size = 0;
  let seq = 0;
  const push = (time: number, kind: number) => {
    const s = seq++;
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (hTime[p] < time || (hTime[p] === time && hSeq[p] < s)) break;
      hTime[i] = hTime[p];
      hSeq[i] = hSeq[p];
      hKind[i] = hKind[p];
      i = p;
    }
    hTime[i] = time;
    hSeq[i] = s;
    hKind[i] = kind;
  };
  const pop = () => {
    const last = --size;
    const time = hTime[last];
    const s = hSeq[last];
    const kind = hKind[last];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      if (c + 1 < last && (hTime[c + 1] < hTime[c] || (hTime[c + 1] === hTime[c] && hSeq[c + 1] < hSeq[c]))) c++;
      if (time < hTime[c] || (time === hTime[c] && s < hSeq[c])) break;
      hTime[i] = hTime[c];
      hSeq[i] = hSeq[c];
      hKind[i] = hKind[c];
      i = c;
    }
    hTime[i] = time;
    hSeq[i] = s;
    hKind[i] = kind;
  };
  const ringCap = 1 << 20;
  const ring = new Float64Array(ringCap);
  let head = 0;
  let queued = 0;
  let busy = 0;
  let arrived = 0;
  let served = 0;
  let waitSum = 0;
  push(-Math.log(1 - rng()) / arrivalRate, ARRIVAL);
  while (size > 0) {
    const now = hTime[0];
    const kind = hKind[0];
    pop();
    if (kind === ARRIVAL) {
      if (++arrived < requests) push(now - Math.log(1 - rng()) / arrivalRate, ARRIVAL);
      if (busy < servers) {
        busy++;
        push(now - Math.log(1 - rng()) * meanService, DEPARTURE);
      } else ring[(head + queued++) & (ringCap - 1)] = now;
    } else {
      served++;
      if (queued > 0) {
        waitSum += now - ring[head];
        head = (head + 1) & (ringCap - 1);
        queued--;
        push(now - Math.log(1 - rng()) * meanService, DEPARTURE);
      } else busy--;
    }
  }
  return { served, meanWaitS: waitSum / served };
}
