// Failover in the run result: for each arrangement, what its lane's health checks detected (when,
// how long after the peer's site failed) and where its requests went when the peer could not serve
// them (failed before detection, bounced, sent to another peer or home). An arrangement whose lane
// saw none of it gets no block, so runs without failures keep their report byte for byte.
// Must not depend on agents (it reads the ledger's rows and the data plane only).
import type { DataPlane } from '../cdn/data-plane.js';
import type { HealthChange } from '../cdn/routing/health-checks.js';
import type { ArrangementRow, FailoverRow } from '../reports/run-result.js';

/** the arrangement rows, each with its lane's failover block when something happened on it */
export function withFailover(dp: DataPlane, rows: ArrangementRow[]): ArrangementRow[] {
  return rows.map((row) => {
    const lane = dp.router.lanes.laneOf(row.id);
    const block = lane < 0 ? null : failoverOf(dp, lane);
    return block === null ? row : { ...row, failover: block };
  });
}

function failoverOf(dp: DataPlane, lane: number): FailoverRow | null {
  const f = dp.failover.read(lane);
  const changes = dp.router.health.changes.filter((c) => c.lane === lane);
  const quiet = changes.length === 0 && f.failedBeforeDetection + f.bouncedSiteFull + f.bouncedAcquisition + f.failedOverToPeer + f.sentHome === 0;
  if (quiet) return null;
  return {
    detections: detectionsOf(dp, lane, changes),
    failedBeforeDetection: f.failedBeforeDetection,
    lostS: f.lostMs / 1000,
    bounced: { siteFull: f.bouncedSiteFull, acquisition: f.bouncedAcquisition },
    failedOverToPeer: f.failedOverToPeer,
    sentHome: f.sentHome,
  };
}

/** each detection of a failure (a belief turning down), with the recovery that followed it */
function detectionsOf(dp: DataPlane, lane: number, changes: HealthChange[]): FailoverRow['detections'] {
  const out: FailoverRow['detections'] = [];
  for (const c of changes) {
    const region = dp.scenario.regions[c.region];
    if (!c.down) {
      const open = [...out].reverse().find((d) => d.region === region && d.recoveredAtS === null);
      if (open) open.recoveredAtS = c.tS;
      continue;
    }
    const failureAtS = failureBefore(dp, dp.router.lanes.peer[lane], c.tS);
    out.push({ region, failureAtS, detectedAtS: c.tS, detectionS: failureAtS === null ? null : c.tS - failureAtS, recoveredAtS: null });
  }
  return out;
}

/** the start of the latest site or CDN fault of `peer` at or before `tS` (null: none) */
function failureBefore(dp: DataPlane, peer: number, tS: number): number | null {
  let best: number | null = null;
  for (const f of dp.scenario.faults) {
    if ((f.type !== 'site-down' && f.type !== 'cdn-down') || dp.cdnIndex(f.cdn) !== peer || f.atS > tS) continue;
    if (best === null || f.atS > best) best = f.atS;
  }
  return best;
}
