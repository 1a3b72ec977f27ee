// The collector's part for replication and consistency: each arrangement's record joined with what
// its lane's acquisitions, pre-positioning and stale deliveries came to in the data plane, and the
// run's totals. The cost rule: the primary pays `content.egressPerGB` (default 0.01 USD/GB) for
// every byte its peers acquire for its arrangements, pulled or pushed, from its sites or the origin
// (report-only: not part of the CDNs' money or utility).
import type { DataPlane } from '../cdn/data-plane.js';
import { readLaneContent } from '../cdn/port/content-port.js';
import { DEFAULT_EGRESS_PER_GB } from '../cdn/content/content-spec.js';
import type { ArrangementRecord } from '../agents/ledger.js';
import type { ArrangementRow } from '../reports/run-result.js';
import type { ArrangementContentRow, ContentResult } from '../reports/content-rows.js';

/** the arrangements with their content rows */
export function arrangementsWithContent(dp: DataPlane, records: readonly ArrangementRecord[]): ArrangementRow[] {
  const price = dp.scenario.content?.egressPerGB ?? DEFAULT_EGRESS_PER_GB;
  return records.map(({ content, ...a }) => {
    if (content === undefined) return a;
    const lane = dp.router.lanes.laneOf(a.id);
    const r = lane < 0 ? null : readLaneContent(dp, lane);
    const row: ArrangementContentRow = {
      source: content.source,
      pulled: {
        acquisitions: r?.acquisitions ?? 0,
        backupAcquisitions: r?.backupAcquisitions ?? 0,
        bytes: r?.bytesAcquired ?? 0,
        timeMs: r?.acquisitionMs ?? 0,
      },
      pushed: { objects: r?.pushedObjects ?? 0, bytes: r?.pushedBytes ?? 0, fetchS: r?.pushS ?? 0 },
      costUSD: (((r?.bytesAcquired ?? 0) + (r?.pushedBytes ?? 0)) / 1e9) * price,
      trigger: content.trigger === null ? null : { ...content.trigger, history: content.trigger.history.map((h) => ({ ...h })) },
      staleDeliveries: r?.staleDeliveries ?? 0,
      firstStaleS: r?.firstStaleS ?? null,
      lastStaleS: r?.lastStaleS ?? null,
      invalidations: { ...content.invalidations },
    };
    return { ...a, content: row };
  });
}

/** the run's totals (undefined: no arrangement and no content change) */
export function contentResult(dp: DataPlane, arrangements: readonly ArrangementRow[]): ContentResult | undefined {
  const changes = dp.content.changes?.applied ?? [];
  const rows = arrangements.flatMap((a) => (a.content === undefined ? [] : [a.content]));
  if (rows.length === 0 && changes.length === 0) return undefined;
  const sum = (pick: (c: ArrangementContentRow) => number) => rows.reduce((n, c) => n + pick(c), 0);
  const v = dp.content.versions;
  return {
    egressPerGB: dp.scenario.content?.egressPerGB ?? DEFAULT_EGRESS_PER_GB,
    pulledBytes: sum((c) => c.pulled.bytes),
    pushedBytes: sum((c) => c.pushed.bytes),
    acquisitions: sum((c) => c.pulled.acquisitions),
    backupAcquisitions: sum((c) => c.pulled.backupAcquisitions),
    acquisitionTimeMs: sum((c) => c.pulled.timeMs),
    costUSD: sum((c) => c.costUSD),
    staleDeliveries: sum((c) => c.staleDeliveries),
    changes: changes.map((c) => ({ atS: c.atS, objects: c.objects.length, signal: c.signal })),
    invalidatedCopies: v?.invalidated ?? 0,
    inlineUpdates: v?.inlineUpdates ?? 0,
    revalidations: v?.revalidations ?? 0,
    invalidations: {
      sent: sum((c) => c.invalidations.sent),
      resent: sum((c) => c.invalidations.resent),
      acked: sum((c) => c.invalidations.acked),
      failed: sum((c) => c.invalidations.failed),
    },
  };
}
