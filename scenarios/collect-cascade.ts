// The control messages that cascaded in a run, summed over its agents (report.json
// `cascades.control`): advertisements relayed by transit CDNs (agents/advert-relay), CI/T
// invalidations originated and relayed down cascades (agents/invalidations), upstream metadata
// passed on by transits (agents/metadata-cascade). Absent when no agent
// relayed anything or avoided a loop, so runs without cascades keep their report as it was.
import type { ControlPlane } from '../agents/control-plane.js';
import type { ControlCascadeRow } from '../reports/run-result.js';

export function controlCascadeOf(cp: ControlPlane | null): ControlCascadeRow | undefined {
  if (cp === null) return undefined;
  const row: ControlCascadeRow = {
    advertisements: { relayed: 0, alreadyRelayed: 0, loopsAvoided: 0 },
    invalidations: { originated: 0, relayed: 0, loopsAvoided: 0, rejected: 0, downstreamFailed: 0 },
    metadata: { relayed: 0, updates: 0, updatesFailed: 0, loopsAvoided: 0 },
  };
  for (const agent of cp.agents) {
    const ad = agent.relay.counts;
    row.advertisements.relayed += ad.relayed;
    row.advertisements.alreadyRelayed += ad.alreadyRelayed;
    row.advertisements.loopsAvoided += agent.relay.loopsAvoided;
    const inv = agent.invalidations.counts;
    row.invalidations.originated += inv.originated;
    row.invalidations.relayed += inv.relayed;
    row.invalidations.loopsAvoided += inv.skippedOnPath + inv.loopsRejected;
    row.invalidations.rejected += inv.loopsRejected;
    row.invalidations.downstreamFailed += inv.downstreamFailed;
    const meta = agent.metadata.counts;
    row.metadata.relayed += meta.relayed;
    row.metadata.updates += meta.updates;
    row.metadata.updatesFailed += meta.updatesFailed;
    row.metadata.loopsAvoided += meta.loopsAvoided;
  }
  const a = row.advertisements;
  const i = row.invalidations;
  const d = row.metadata;
  const cascaded = a.relayed + a.loopsAvoided + i.relayed + i.loopsAvoided + d.relayed + d.loopsAvoided;
  return cascaded > 0 ? row : undefined;
}
