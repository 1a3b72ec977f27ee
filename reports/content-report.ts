// report.json's replication and consistency: each arrangement's `content` entry and the run's
// `content` block (CONTRACT.md, "Replication and consistency"). Pure functions of the run result.
import type { ArrangementContentRow, ContentResult } from './content-rows.js';

const round = (x: number) => Math.round(x * 1e6) / 1e6;
const maybe = (x: number | null) => (x === null ? null : round(x));

export function arrangementContentEntry(c: ArrangementContentRow) {
  return {
    source: c.source,
    pulled: {
      acquisitions: c.pulled.acquisitions,
      backupAcquisitions: c.pulled.backupAcquisitions,
      bytes: Math.round(c.pulled.bytes),
      timeMs: round(c.pulled.timeMs),
    },
    pushed: { objects: c.pushed.objects, bytes: Math.round(c.pushed.bytes), fetchS: round(c.pushed.fetchS) },
    costUSD: round(c.costUSD),
    trigger:
      c.trigger === null
        ? null
        : {
            status: c.trigger.status,
            history: c.trigger.history.map((h) => ({ status: h.status, tS: round(h.tS) })),
            redirectedBeforeComplete: c.trigger.redirectedBeforeComplete,
          },
    staleDeliveries: c.staleDeliveries,
    firstStaleS: maybe(c.firstStaleS),
    lastStaleS: maybe(c.lastStaleS),
    invalidations: { ...c.invalidations },
  };
}

export function contentEntry(c: ContentResult) {
  return {
    egressPerGB: c.egressPerGB,
    pulledBytes: Math.round(c.pulledBytes),
    pushedBytes: Math.round(c.pushedBytes),
    replicationBytes: Math.round(c.pulledBytes + c.pushedBytes),
    acquisitions: c.acquisitions,
    backupAcquisitions: c.backupAcquisitions,
    acquisitionTimeMs: round(c.acquisitionTimeMs),
    meanAcquisitionMs: c.acquisitions > 0 ? round(c.acquisitionTimeMs / c.acquisitions) : null,
    costUSD: round(c.costUSD),
    staleDeliveries: c.staleDeliveries,
    changes: c.changes.map((x) => ({ atS: round(x.atS), objects: x.objects, signal: x.signal })),
    invalidatedCopies: c.invalidatedCopies,
    inlineUpdates: c.inlineUpdates,
    revalidations: c.revalidations,
    invalidations: { ...c.invalidations },
  };
}
