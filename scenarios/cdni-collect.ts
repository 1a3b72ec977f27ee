// Maps a run's CDNI metadata enforcement (the data plane's per-lane counters) and the primaries' log
// reconciliation (the ledger) into the report's rows, per arrangement. Only for a run whose data plane
// enforces metadata; undefined otherwise, so reports of other scenarios do not change.
import type { DataPlane } from '../cdn/data-plane.js';
import type { ControlPlane } from '../agents/control-plane.js';
import { REFUSAL_CAUSES } from '../cdn/metadata/token-verdicts.js';
import { CAUSES } from '../cdn/metadata/lane-metadata.js';
import type { CdniArrangementRow, CdniResult } from '../reports/cdni-rows.js';

export function cdniResultOf(dp: DataPlane, cp: ControlPlane | null): CdniResult | undefined {
  const cdni = dp.cdni;
  if (cdni === null) return undefined;
  const lanes = cdni.lanes;
  const laneOf = new Map<string, number>();
  for (let lane = 0; lane < dp.router.lanes.count; lane++) laneOf.set(dp.router.lanes.keyOf(lane), lane);
  const at = (arr: Float64Array, i: number) => (i < arr.length ? arr[i] : 0);
  const arrangements = (cp?.ledger.arrangements ?? []).map((a): CdniArrangementRow => {
    const lane = laneOf.get(a.id) ?? -1;
    const refused = Object.fromEntries(
      REFUSAL_CAUSES.slice(1).map((name, i) => [name, lane < 0 ? 0 : at(lanes.refused, lane * CAUSES + i + 1)]),
    ) as CdniArrangementRow['refused'];
    const peer = dp.scenario.cdns.find((c) => c.id === a.peer);
    return {
      id: a.id,
      primary: a.primary,
      peer: a.peer,
      metadataMode: peer?.metadataMode ?? 'batch',
      redirected: lane < 0 ? 0 : at(lanes.issued, lane),
      delayedRequests: lane < 0 ? 0 : at(lanes.delayed, lane),
      addedMs: lane < 0 ? 0 : at(lanes.delayMs, lane),
      refused,
      reconciliation: a.cdni === undefined || a.cdni.logs === 0 ? null : { ...a.cdni, offenders: { ...a.cdni.offenders } },
    };
  });
  return { logFiles: dp.scenario.measure?.cdniLogs === true, arrangements, sentLogs: [...(cp?.ledger.sentLogs ?? [])] };
}
